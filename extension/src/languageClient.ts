/**
 * The language client: starts dist/server.js over IPC for JSON files and answers the server's
 * `workspace/configuration` requests for `ociRestore` from the typed settings, per resource.
 */
import * as vscode from 'vscode';
import {
	LanguageClient,
	RevealOutputChannelOn,
	TransportKind,
	type LanguageClientOptions,
	type ServerOptions,
} from 'vscode-languageclient/node';
import { SECTION } from '../../server/src/common/settings';
import { readServerSettings } from './config';
import type { Ctx } from './ctx';

export function createLanguageClient(ctx: Ctx): LanguageClient {
	const module = ctx.asAbsolutePath('dist/server.js');
	const serverOptions: ServerOptions = {
		run: { module, transport: TransportKind.ipc },
		debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
	};
	const clientOptions: LanguageClientOptions = {
		// Every JSON file on disk: the server decides which ones are bundle configs.
		documentSelector: [{ scheme: 'file', language: 'json' }],
		outputChannel: ctx.log,
		revealOutputChannelOn: RevealOutputChannelOn.Never,
		synchronize: { configurationSection: SECTION },
		diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
		middleware: {
			workspace: {
				configuration: async (params, token, next) => {
					const foreign = params.items.some((item) => item.section !== SECTION);
					const answers = foreign ? await next(params, token) : [];
					if (answers instanceof Error) return answers;
					return params.items.map((item, i) => {
						if (item.section !== SECTION) return (answers as unknown[])[i];
						const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
						return readServerSettings(scope);
					});
				},
			},
		},
	};
	return new LanguageClient('ociRestore', 'OCI Bundle Lint', serverOptions, clientOptions);
}
