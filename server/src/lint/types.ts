/**
 * Public types of the lint engine (pure core: no `vscode`, no LSP import).
 * Positions are 0-based and LSP-shaped so the language server and the CLI's JSON output
 * can pass them through unchanged; `character` counts UTF-16 code units, as in LSP.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
	line: number;
	character: number;
}

export interface Range {
	start: Position;
	end: Position;
}

/** A machine-applicable edit on the linted text (offsets into the text, UTF-16 units). */
export interface TextEdit {
	offset: number;
	length: number;
	newText: string;
}

/** A quick fix the engine proposes for a diagnostic. */
export interface Fix {
	title: string;
	edits: TextEdit[];
	/** Marks the one fix an editor may apply as "preferred". */
	isPreferred?: boolean;
}

export interface LintDiagnostic {
	severity: Severity;
	/** Stable rule code, e.g. `process-cwd-absolute`. Never reused for another meaning. */
	code: string;
	/** What is wrong and what is allowed. */
	message: string;
	/** JSON pointer of the offending value, e.g. `/process/cwd` ('' for the document). */
	pointer: string;
	/** The key or the value, whichever the user must change. */
	range: Range;
	/** Link to the runtime-spec section that defines the rule. */
	href?: string;
	/** Machine-applicable fixes (quick fixes in the editor). */
	fixes?: Fix[];
}

/** Spec versions we carry our own schema for. */
export type SpecVersion = '1.0.2' | '1.1.0' | '1.2' | '1.3.0';

export interface RuleOverride {
	/** 'off' disables the rule; a severity re-grades it. */
	severity: Severity | 'off';
}

export interface LintOptions {
	/**
	 * Absolute path of the linted file on disk, when it has one. Bundle-aware rules run only
	 * when the file is named `config.json` (or `bundleDir` is given): they read the rootfs, hooks
	 * and bind-mount sources relative to the bundle directory.
	 */
	filePath?: string;
	/** Bundle directory; default: dirname(filePath) when the file is named config.json. */
	bundleDir?: string;
	/** Lint against this spec version instead of the document's `ociVersion`. */
	specVersion?: string;
	/** Disable or re-grade rules by code. */
	rules?: Record<string, RuleOverride>;
	/** Run the bundle-aware (file system) rules; default true when a bundle dir is known. */
	bundleChecks?: boolean;
	/** Host file system access, injectable for tests; default: node:fs. */
	fs?: LintFileSystem;
}

/** The few file-system questions the bundle rules ask. */
export interface LintFileSystem {
	/** lstat-like: undefined when the path does not exist. */
	stat(path: string): { isDirectory: boolean; isFile: boolean; isSymbolicLink: boolean; mode: number; uid: number } | undefined;
	/** Resolve a symlink's target (one level); undefined when not a link. */
	readlink(path: string): string | undefined;
}

export interface LintResult {
	diagnostics: LintDiagnostic[];
	/** The spec version whose schema was applied. */
	specVersion: SpecVersion;
}
