/**
 * The language client, built as its own bundle (dist/languageClient.js) and loaded only when the
 * client starts: vscode-languageclient is most of the extension's code, and loading it at
 * activation would make every activation pay for it. Starts dist/server.js over IPC for JSON files.
 * The server gets the typed `ociRestore` settings (window and per folder) with initialize and again
 * after every change, so its first lint waits for no `workspace/configuration` round trip; such
 * requests are still answered, per resource.
 */
import * as vscode from 'vscode';
import {
	DidChangeConfigurationNotification,
	LanguageClient,
	NotificationType,
	RevealOutputChannelOn,
	State,
	TransportKind,
	type LanguageClientOptions,
	type ServerOptions,
} from 'vscode-languageclient/node';
import { StatusNotification, type StatusParams } from '../../server/src/common/lspProtocol';
import { SECTION } from '../../server/src/common/settings';
import type { InitializationOptions } from '../../server/src/languageServer/startServer';
import { readServerSettings, readSettingsSnapshot } from './config';
import type { Ctx } from './ctx';

/** Creates the (not yet started) client; `onStatus` receives every `ociRestore/status`. */
export function createLanguageClient(ctx: Ctx, onStatus: (status: StatusParams) => void): LanguageClient {
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
		// Push, not pull: the client pulls only once a document's tab is visible, which on a busy
		// machine is a second or more after the open; a push goes out as soon as the server lints.
		// The server also watches the linted bundles' directories through this client (dynamic
		// workspace/didChangeWatchedFiles registrations), so disk changes refresh the diagnostics.
		// Read when the client starts (each restart reads them again).
		initializationOptions: (): InitializationOptions => ({ diagnosticMode: 'push', diagnosticDelayMs: 150, settings: readSettingsSnapshot() }),
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
	const client = new LanguageClient('ociRestore', 'OCI Bundle Lint', serverOptions, clientOptions);
	ctx.pushClientCleanup(
		client.onNotification(new NotificationType<StatusParams>(StatusNotification.method), onStatus),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration(SECTION)) sendSettings(client);
		}),
		vscode.workspace.onDidChangeWorkspaceFolders(() => sendSettings(client)),
	);
	return client;
}

/** Sends the current settings to the server (once it runs, if it is starting: initialize may have read older ones). */
function sendSettings(client: LanguageClient): void {
	if (client.state === State.Starting) {
		const sub = client.onDidChangeState((e) => {
			if (e.newState === State.Starting) return;
			sub.dispose();
			sendSettings(client);
		});
		return;
	}
	if (!client.isRunning()) return;
	void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: readSettingsSnapshot() } }).catch(() => undefined);
}
