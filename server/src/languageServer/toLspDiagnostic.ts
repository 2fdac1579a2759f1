import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintDiagnostic, Severity } from '../lint';

/** A quick fix carried in `Diagnostic.data`, its edits already in LSP ranges. */
export interface LspFix {
	title: string;
	edits: TextEdit[];
	isPreferred?: boolean;
}

/** What the server puts in `Diagnostic.data`: the document version the fixes apply to, and the fixes. */
export interface DiagnosticData {
	version: number;
	fixes: LspFix[];
}

const severities: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	information: DiagnosticSeverity.Information,
	hint: DiagnosticSeverity.Hint,
};

/** Converts an engine diagnostic of `doc` (whose text was linted) into an LSP diagnostic. */
export function toLspDiagnostic(d: LintDiagnostic, doc: TextDocument): Diagnostic {
	const fixes: LspFix[] = (d.fixes ?? []).map((f) => ({
		title: f.title,
		isPreferred: f.isPreferred,
		edits: f.edits.map((e) => ({
			range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) },
			newText: e.newText,
		})),
	}));
	const data: DiagnosticData = { version: doc.version, fixes };
	return {
		severity: severities[d.severity],
		code: d.code,
		codeDescription: d.href ? { href: d.href } : undefined,
		source: 'oci',
		message: d.message,
		range: d.range,
		data,
	};
}

/** Reads `Diagnostic.data` back, tolerating whatever a client echoes. */
export function diagnosticData(data: unknown): DiagnosticData | undefined {
	if (data === null || typeof data !== 'object') return undefined;
	const o = data as Partial<DiagnosticData>;
	if (typeof o.version !== 'number' || !Array.isArray(o.fixes)) return undefined;
	return { version: o.version, fixes: o.fixes };
}
