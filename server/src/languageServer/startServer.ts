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
import { ServerStatsRecorder } from './serverStats';
import { SettingsCache, coerceSnapshot, type SettingsSnapshot } from './settingsCache';
import { warmUp } from './warmUp';
import { ServerStatsRequest } from '../common/lspProtocol';
import { SECTION, type ServerSettings } from '../common/settings';

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
	/**
	 * The `ociRestore` settings of the window and of each workspace folder. With them the server never
	 * asks `workspace/configuration`: the first lint runs as soon as a document opens. The client
	 * then sends every change as `workspace/didChangeConfiguration` params.settings.ociRestore.
	 */
	settings?: SettingsSnapshot;
}

/** How long after `initialized` the idle server warms up (a didOpen sent with it is seen first). */
const WARM_UP_DELAY_MS = 50;

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
	const stats = new ServerStatsRecorder(connection.tracer);
	const settings = new SettingsCache(connection, () => configurationSupported, (uri) => stats.configurationRequest(uri));
	// Registrations must wait for `initialized`; a lint before that is rare and re-watched on the next.
	const watcher = new BundleWatcher(
		connection,
		() => (initialized ? watchSupport : { dynamicRegistration: false, relativePatternSupport: false }),
		() => {
			linter.forgetLints();
			diagnostics?.requestRefresh();
		},
	);
	const linter = new DocumentLinter(
		// After the lint's diagnostics went out: a registration is a request the client handles first.
		(dirs) => {
			setImmediate(() => {
				for (const dir of dirs) watcher.watch(dir);
			});
		},
		(doc, outcome, ms) => stats.lint(doc.uri, doc.version, outcome.diagnostics.length, ms, settings.source()),
	);

	connection.onInitialize((params: InitializeParams): InitializeResult => {
		stats.event('initialize');
		const caps = params.capabilities;
		configurationSupported = caps.workspace?.configuration === true;
		snippetSupport = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
		const watched = caps.workspace?.didChangeWatchedFiles;
		watchSupport = { dynamicRegistration: watched?.dynamicRegistration === true, relativePatternSupport: watched?.relativePatternSupport === true };
		const options = (params.initializationOptions ?? {}) as InitializationOptions;
		const snapshot = coerceSnapshot(options.settings);
		if (snapshot) settings.useSnapshot(snapshot, 'initialize');
		const pull = caps.textDocument?.diagnostic !== undefined && options.diagnosticMode !== 'push';
		const deps = { connection, documents, linter, settings, stats };
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
		stats.event('initialized');
		// A server started ahead of any document (the workspace holds bundles) compiles the lint code
		// while it waits; one started by an open lints that document first, so no warm-up then.
		const timer = setTimeout(() => {
			if (documents.all().length === 0) stats.event(`warm-up lint: ${warmUp().toFixed(1)} ms`);
		}, WARM_UP_DELAY_MS);
		timer.unref();
	});

	connection.onDidChangeWatchedFiles((params) => watcher.changed(params));

	connection.onDidChangeConfiguration((params) => {
		const sent = params.settings !== null && typeof params.settings === 'object' ? (params.settings as Record<string, unknown>)[SECTION] : undefined;
		const snapshot = coerceSnapshot(sent);
		if (snapshot) {
			// The client's own settings: re-lint only when a document's settings really changed.
			const changed = settings.useSnapshot(snapshot, 'change');
			stats.event(`settings from the client${changed ? '' : ' (unchanged)'}`);
			if (changed) diagnostics?.requestRefresh();
			return;
		}
		settings.clear();
		diagnostics?.requestRefresh();
	});

	connection.onRequest(ServerStatsRequest.method, () => stats.snapshot());

	documents.onDidOpen((e) => stats.event(`open ${e.document.uri} v${e.document.version}`));

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
