import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../common/settings';
import type { DocumentLinter } from './documentLinter';
import { diagnosticData, type LspFix } from './toLspDiagnostic';

/**
 * Quick fixes for the diagnostics in the request's context, built from the fixes the engine attached
 * (`Diagnostic.data`). When the client echoes diagnostics of an older version, their fixes are looked
 * up again in a lint of the current text (same code and range), so an edit never lands on stale offsets.
 */
export function codeActions(
	doc: TextDocument,
	params: CodeActionParams,
	linter: DocumentLinter,
	settings: ServerSettings,
): CodeAction[] {
	const only = params.context.only;
	if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.Empty)) {
		return [];
	}
	const actions: CodeAction[] = [];
	let current: Diagnostic[] | undefined;
	for (const diagnostic of params.context.diagnostics) {
		if (diagnostic.source !== 'oci') continue;
		let data = diagnosticData(diagnostic.data);
		if (!data || data.version !== doc.version) {
			current ??= linter.lint(doc, settings).diagnostics;
			const match = current.find((d) => d.code === diagnostic.code && sameRange(d, diagnostic));
			data = match ? diagnosticData(match.data) : undefined;
		}
		if (!data) continue;
		const fixes = data.fixes;
		// An explicit isPreferred: false is the engine saying another diagnostic's fix does the same edit.
		for (const fix of fixes) actions.push(toAction(doc, diagnostic, fix, fix.isPreferred ?? fixes.length === 1));
	}
	return actions;
}

function toAction(doc: TextDocument, diagnostic: Diagnostic, fix: LspFix, preferred: boolean): CodeAction {
	return {
		title: fix.title,
		kind: CodeActionKind.QuickFix,
		diagnostics: [diagnostic],
		isPreferred: preferred || undefined,
		edit: { changes: { [doc.uri]: fix.edits } },
	};
}

function sameRange(a: Diagnostic, b: Diagnostic): boolean {
	return (
		a.range.start.line === b.range.start.line &&
		a.range.start.character === b.range.start.character &&
		a.range.end.line === b.range.end.line &&
		a.range.end.character === b.range.end.character
	);
}
