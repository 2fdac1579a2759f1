import {
	DocumentDiagnosticReportKind,
	type Connection,
	type Disposable,
	type DocumentDiagnosticReport,
	type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { StatusNotification, type StatusParams } from '../common/lspProtocol';
import type { DocumentLinter } from './documentLinter';
import { formatError, runSafe } from './runSafe';
import type { ServerStatsRecorder } from './serverStats';
import type { SettingsCache } from './settingsCache';

/** Diagnostics delivery, pull or push; the server only asks it to refresh. */
export interface DiagnosticsSupport extends Disposable {
	/** Re-lints every open document (settings changed). */
	requestRefresh(): void;
}

interface Deps {
	connection: Connection;
	documents: TextDocuments<TextDocument>;
	linter: DocumentLinter;
	settings: SettingsCache;
	/** Records each publish (push) for the timeline. */
	stats?: ServerStatsRecorder;
}

/** Sends `ociRestore/status` only when a document's status changed, so typing does not flood the client. */
class StatusReporter {
	private readonly last = new Map<string, string>();
	constructor(private readonly connection: Connection) {}
	send(status: StatusParams): void {
		const key = `${status.state}/${status.errors}/${status.warnings}`;
		if (this.last.get(status.uri) === key) return;
		this.last.set(status.uri, key);
		// By method name: the server and the client resolve different vscode-jsonrpc versions, so the typed constant only fits the client.
		void this.connection.sendNotification(StatusNotification.method, status);
	}
	forget(uri: string): void {
		this.last.delete(uri);
	}
}

/**
 * Pull diagnostics (`textDocument/diagnostic`): the client decides when to ask (on open, change,
 * save, focus), so the server holds no timers. A refresh asks the client to pull again.
 */
export function registerPullDiagnostics(deps: Deps, refreshSupported: boolean): DiagnosticsSupport {
	const { connection, documents, linter, settings } = deps;
	const status = new StatusReporter(connection);
	const empty: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };
	const handler = connection.languages.diagnostics.on((params, token) =>
		runSafe(
			connection.console,
			async (): Promise<DocumentDiagnosticReport> => {
				const doc = documents.get(params.textDocument.uri);
				if (!doc) return empty;
				const s = await settings.get(doc.uri);
				// The document may have changed while the settings were fetched: lint what is current.
				const current = documents.get(doc.uri);
				if (!current || token.isCancellationRequested) return empty;
				const outcome = linter.lint(current, s);
				status.send(outcome.status);
				return { kind: DocumentDiagnosticReportKind.Full, items: outcome.diagnostics };
			},
			empty,
			`Error while computing diagnostics for ${params.textDocument.uri}`,
			token,
		),
	);
	const closed = documents.onDidClose((e) => {
		status.forget(e.document.uri);
		status.send({ uri: e.document.uri, state: 'off', errors: 0, warnings: 0 });
	});
	return {
		requestRefresh() {
			if (refreshSupported) void connection.languages.diagnostics.refresh().catch(() => undefined);
		},
		dispose() {
			handler.dispose();
			closed.dispose();
		},
	};
}

/**
 * Push diagnostics for clients without pull support: each change (re)starts a per-URI timer; when it
 * fires, the lint runs only if no newer change superseded it, and its result is sent only if the
 * document is still at the version that was linted (the staleness guard). Closing a document cancels
 * its pending lint and clears its diagnostics.
 */
export function registerPushDiagnostics(deps: Deps, delayMs: number): DiagnosticsSupport {
	const { connection, documents, linter, settings } = deps;
	const status = new StatusReporter(connection);
	const pending = new Map<string, NodeJS.Timeout>();
	// Documents with diagnostics on the client: the only ones an empty list must be sent for.
	const shown = new Set<string>();

	const cancel = (uri: string): void => {
		const timer = pending.get(uri);
		if (timer) clearTimeout(timer);
		pending.delete(uri);
	};
	const validate = async (uri: string, timer: NodeJS.Timeout): Promise<void> => {
		const doc = documents.get(uri);
		if (!doc || pending.get(uri) !== timer) return;
		const version = doc.version;
		const s = await settings.get(uri);
		const current = documents.get(uri);
		if (!current || current.version !== version || pending.get(uri) !== timer) return;
		const outcome = linter.lint(current, s);
		if (pending.get(uri) !== timer) return;
		pending.delete(uri);
		// Most JSON files are not bundle configs: they never had diagnostics and need no message.
		if (outcome.diagnostics.length || shown.has(uri)) {
			void connection.sendDiagnostics({ uri, version, diagnostics: outcome.diagnostics });
			deps.stats?.event(`publish ${uri} v${version}: ${outcome.diagnostics.length} diagnostics`);
			if (outcome.diagnostics.length) shown.add(uri);
			else shown.delete(uri);
		}
		status.send(outcome.status);
	};
	const schedule = (doc: TextDocument, delay: number): void => {
		cancel(doc.uri);
		const timer: NodeJS.Timeout = setTimeout(() => {
			validate(doc.uri, timer).catch((err: unknown) => {
				connection.console.error(formatError(`Error while computing diagnostics for ${doc.uri}`, err));
			});
		}, delay);
		pending.set(doc.uri, timer);
	};

	// TextDocuments fires onDidOpen then onDidChangeContent for an open: lint a just-opened document at once.
	const opened = new Set<string>();
	const subscriptions = [
		documents.onDidOpen((e) => opened.add(e.document.uri)),
		documents.onDidChangeContent((e) => schedule(e.document, opened.delete(e.document.uri) ? 0 : delayMs)),
		documents.onDidClose((e) => {
			opened.delete(e.document.uri);
			cancel(e.document.uri);
			if (shown.delete(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
			status.forget(e.document.uri);
			status.send({ uri: e.document.uri, state: 'off', errors: 0, warnings: 0 });
		}),
	];
	return {
		requestRefresh() {
			for (const doc of documents.all()) schedule(doc, 0);
		},
		dispose() {
			for (const s of subscriptions) s.dispose();
			for (const uri of [...pending.keys()]) cancel(uri);
		},
	};
}
