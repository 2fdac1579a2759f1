import type { LintDiagnostic } from '../../lint/types';

/** The diagnostics of one linted file, `path` as the user named it. */
export interface FileReport {
	path: string;
	diagnostics: LintDiagnostic[];
}
