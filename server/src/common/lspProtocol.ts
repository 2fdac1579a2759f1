/**
 * Custom LSP messages between the extension (client) and the language server.
 * Types only plus method constants: both ends import this module. No protocol import: the server
 * and the client resolve different vscode-languageserver-protocol versions, and importing one here
 * put a second copy of it into dist/server.js.
 */

/** Lint state of one document, as the client's language status item shows it. */
export type LintState = 'ok' | 'errors' | 'warnings' | 'off';

export interface StatusParams {
	/** The document's URI. */
	uri: string;
	/** 'off' when the document is not linted (not a bundle config, or linting disabled). */
	state: LintState;
	/** Number of error diagnostics in the latest report. */
	errors: number;
	/** Number of warning diagnostics in the latest report. */
	warnings: number;
}

/**
 * Sent from the server to the client after each lint of a document (and with state 'off' when a
 * document is not, or no longer, linted) so the client can show the lint state of the active editor.
 */
export namespace StatusNotification {
	export const method: 'ociRestore/status' = 'ociRestore/status';
}

/** What the language server has done since it started (for the output log, tests and the benchmark). */
export interface ServerStats {
	/** When the server process started, epoch ms. */
	startedAt: number;
	/** Milestones, oldest first (bounded): initialize, each open, lint and publish, epoch ms with fractions. */
	events: { at: number; what: string }[];
	/** Lints run per document URI (a cached result is no lint). */
	lints: Record<string, number>;
	/** `workspace/configuration` requests the server sent (none when the client sends settings itself). */
	configurationRequests: number;
}

/** Client → server request, no params: answers the {@link ServerStats}. */
export namespace ServerStatsRequest {
	export const method: 'ociRestore/serverStats' = 'ociRestore/serverStats';
}
