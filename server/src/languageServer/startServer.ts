import {
	CodeActionKind,
	type CancellationToken,
	type ResponseError,
	TextDocuments,
	TextDocumentSyncKind,
	type Connection,
	type InitializeParams,
	type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './codeActions';
import { completion } from './completion';
import { registerPullDiagnostics, registerPushDiagnostics, type DiagnosticsSupport } from './diagnostics';
import { BundleWatcher, type WatchSupport } from './bundleWatcher';
import { DocumentLinter } from './documentLinter';
import { hover } from './hover';
import { runSafe } from './runSafe';
import { SettingsCache } from './settingsCache';
import type { ServerSettings } from '../common/settings';

/** Options the client may pass in `initializationOptions`. */
export interface InitializationOptions {
	/** Debounce of push diagnostics after a change, in ms (default 300). Unused with pull diagnostics. */
	diagnosticDelayMs?: number;
	/**
	 * 'push' makes the server publish diagnostics even when the client could pull them: VS Code's
	 * client pulls only for documents visible in a tab, so a pull waits for the editor to render,
	 * while a push goes out as soon as the document is opened. Default: pull when supported.
	 */
	diagnosticMode?: 'pull' | 'push';
}

/**
 * Wires the OCI bundle language server onto a connection: document sync, diagnostics (pull when the
 * client supports it, else push), hover, completion and quick fixes. Every request handler runs
 * through {@link runSafe}. Returns when the handlers are installed; call `connection.listen()` after.
 */
export function startServer(connection: Connection): void {
	const documents = new TextDocuments(TextDocument);
	let configurationSupported = false;
	let snippetSupport = false;
	let watchSupport: WatchSupport = { dynamicRegistration: false, relativePatternSupport: false };
	let initialized = false;
	let diagnostics: DiagnosticsSupport | undefined;
	const settings = new SettingsCache(connection, () => configurationSupported);
	// Registrations must wait for `initialized`; a lint before that is rare and re-watched on the next.
	const watcher = new BundleWatcher(
		connection,
		() => (initialized ? watchSupport : { dynamicRegistration: false, relativePatternSupport: false }),
		() => {
			linter.forgetLints();
			diagnostics?.requestRefresh();
		},
	);
	const linter = new DocumentLinter((dirs) => {
		for (const dir of dirs) watcher.watch(dir);
	});

	connection.onInitialize((params: InitializeParams): InitializeResult => {
		const caps = params.capabilities;
		configurationSupported = caps.workspace?.configuration === true;
		snippetSupport = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
		const watched = caps.workspace?.didChangeWatchedFiles;
		watchSupport = { dynamicRegistration: watched?.dynamicRegistration === true, relativePatternSupport: watched?.relativePatternSupport === true };
		const options = (params.initializationOptions ?? {}) as InitializationOptions;
		const pull = caps.textDocument?.diagnostic !== undefined && options.diagnosticMode !== 'push';
		const deps = { connection, documents, linter, settings };
		diagnostics = pull
			? registerPullDiagnostics(deps, caps.workspace?.diagnostics?.refreshSupport === true)
			: registerPushDiagnostics(deps, typeof options.diagnosticDelayMs === 'number' ? options.diagnosticDelayMs : 300);
		return {
			capabilities: {
				textDocumentSync: TextDocumentSyncKind.Incremental,
				hoverProvider: true,
				// As VS Code's JSON support: a quote or colon opens suggestions; '[' too, for value lists (capabilities, options).
				completionProvider: { triggerCharacters: ['"', ':', '['], resolveProvider: false },
				codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
				diagnosticProvider: pull ? { identifier: 'oci', interFileDependencies: false, workspaceDiagnostics: false } : undefined,
			},
			serverInfo: { name: 'oci-restore' },
		};
	});

	connection.onInitialized(() => {
		initialized = true;
	});

	connection.onDidChangeWatchedFiles((params) => watcher.changed(params));

	connection.onDidChangeConfiguration(() => {
		settings.clear();
		diagnostics?.requestRefresh();
	});

	documents.onDidClose((e) => {
		settings.delete(e.document.uri);
		linter.delete(e.document.uri);
	});

	/**
	 * Runs a request handler for a linted bundle config only (other documents get `fallback`),
	 * wrapped by runSafe: cancellation honoured, failures logged and answered with `fallback`.
	 */
	function onLintedDocument<R>(
		uri: string,
		fallback: R,
		what: string,
		token: CancellationToken,
		handle: (doc: TextDocument, s: ServerSettings) => R | Promise<R>,
	): Promise<R | ResponseError<never>> {
		return runSafe(
			connection.console,
			async () => {
				const doc = documents.get(uri);
				if (!doc) return fallback;
				const s = await settings.get(doc.uri);
				if (!linter.isLinted(doc, s)) return fallback;
				return handle(doc, s);
			},
			fallback,
			`Error while computing ${what} for ${uri}`,
			token,
		);
	}

	connection.onHover((params, token) =>
		onLintedDocument(params.textDocument.uri, null, 'hover', token, (doc, s) => hover(doc, params.position, linter, s)),
	);
	connection.onCompletion((params, token) =>
		onLintedDocument(params.textDocument.uri, null, 'completions', token, (doc, s) => completion(doc, params.position, linter, s, snippetSupport)),
	);
	connection.onCodeAction((params, token) =>
		onLintedDocument(params.textDocument.uri, [], 'code actions', token, (doc, s) => codeActions(doc, params, linter, s)),
	);

	connection.onShutdown(() => {
		watcher.dispose();
		diagnostics?.dispose();
	});

	documents.listen(connection);
}
