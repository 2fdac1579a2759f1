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
