/**
 * An in-process LSP pair: the real server (startServer) on one end of two PassThrough streams, a
 * JSON-RPC connection playing the client on the other, so tests exercise the whole server over
 * real messages without VS Code. Never end the streams: the server's connection exits the process
 * when its input ends.
 */
import { PassThrough } from 'node:stream';
import {
	createConnection,
	type ClientCapabilities,
	type CodeAction,
	type CompletionItem,
	type CompletionList,
	type Connection,
	type Diagnostic,
	type DocumentDiagnosticReport,
	type Hover,
	type Position,
	type PublishDiagnosticsParams,
	type Range,
} from 'vscode-languageserver/node';
import { startServer } from '../../server/src/languageServer/startServer';
import type { StatusParams } from '../../server/src/common/lspProtocol';

/** Client capabilities of a client with pull diagnostics, configuration and snippets (like VS Code). */
export const pullCapabilities: ClientCapabilities = {
	workspace: { configuration: true, diagnostics: { refreshSupport: true } },
	textDocument: {
		diagnostic: { dynamicRegistration: false },
		completion: { completionItem: { snippetSupport: true } },
		hover: { contentFormat: ['markdown', 'plaintext'] },
	},
};

/** A client without pull diagnostics and without workspace/configuration. */
export const pushCapabilities: ClientCapabilities = {
	textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: false } } },
};

/** Polls `check` until it returns a value other than undefined, failing after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 5000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
}

export class TestConnection {
	readonly server: Connection;
	readonly client: Connection;
	/** Every publishDiagnostics the server sent, oldest first. */
	readonly published: PublishDiagnosticsParams[] = [];
	/** Every ociRestore/status notification, oldest first. */
	readonly statuses: StatusParams[] = [];
	/** Every workspace/configuration item the server asked for. */
	readonly configurationRequests: { scopeUri?: string; section?: string }[] = [];
	/** Log messages (window/logMessage) from the server. */
	readonly logs: string[] = [];
	refreshRequests = 0;
	/** What the client answers for section ociRestore, per scope URI. */
	settings: (scopeUri: string | undefined) => unknown = () => ({});

	constructor() {
		const up = new PassThrough();
		const down = new PassThrough();
		this.server = createConnection(up, down);
		startServer(this.server);
		this.server.listen();
		this.client = createConnection(down, up);
		this.client.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) => {
			this.configurationRequests.push(...params.items);
			return params.items.map((i) => this.settings(i.scopeUri));
		});
		this.client.onRequest('workspace/diagnostic/refresh', () => {
			this.refreshRequests++;
			return null;
		});
		this.client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
			this.published.push(p);
		});
		this.client.onNotification('ociRestore/status', (p: StatusParams) => {
			this.statuses.push(p);
		});
		this.client.onNotification('window/logMessage', (p: { message: string }) => {
			this.logs.push(p.message);
		});
		this.client.listen();
	}

	async initialize(capabilities: ClientCapabilities, initializationOptions: unknown = { diagnosticDelayMs: 20 }): Promise<unknown> {
		const result = await this.client.sendRequest('initialize', { processId: null, rootUri: null, capabilities, initializationOptions });
		await this.client.sendNotification('initialized', {});
		return result;
	}

	open(uri: string, text: string, version = 1): Promise<void> {
		return this.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version, text } });
	}

	/** Replaces `range` (or the whole text when omitted) with `text`. */
	change(uri: string, version: number, text: string, range?: Range): Promise<void> {
		return this.client.sendNotification('textDocument/didChange', {
			textDocument: { uri, version },
			contentChanges: [range ? { range, text } : { text }],
		});
	}

	close(uri: string): Promise<void> {
		return this.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
	}

	configurationChanged(): Promise<void> {
		return this.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
	}

	async pull(uri: string): Promise<Diagnostic[]> {
		const report: DocumentDiagnosticReport = await this.client.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
		assertFull(report);
		return report.items;
	}

	hover(uri: string, position: Position): Promise<Hover | null> {
		return this.client.sendRequest('textDocument/hover', { textDocument: { uri }, position });
	}

	async completion(uri: string, position: Position): Promise<CompletionItem[]> {
		const r: CompletionList | CompletionItem[] | null = await this.client.sendRequest('textDocument/completion', { textDocument: { uri }, position });
		if (!r) return [];
		return Array.isArray(r) ? r : r.items;
	}

	codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
		return this.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
	}

	/** The latest diagnostics pushed for `uri`, once some arrived after `since` pushes. */
	latestPushed(uri: string, since = 0): PublishDiagnosticsParams | undefined {
		const mine = this.published.slice(since).filter((p) => p.uri === uri);
		return mine[mine.length - 1];
	}

	dispose(): void {
		this.client.dispose();
		this.server.dispose();
	}
}

function assertFull(report: DocumentDiagnosticReport): asserts report is DocumentDiagnosticReport & { kind: 'full'; items: Diagnostic[] } {
	if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
}
