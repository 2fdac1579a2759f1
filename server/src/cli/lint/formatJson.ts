import type { FileReport } from './fileReport';

/**
 * `{"files":[{"path","diagnostics":[{severity,code,message,pointer,range}]}]}` with 0-based LSP
 * positions. Only these fields: the output is a stable contract for scripts.
 */
export function formatJson(files: readonly FileReport[]): string {
	return (
		JSON.stringify({
			files: files.map((f) => ({
				path: f.path,
				diagnostics: f.diagnostics.map((d) => ({
					severity: d.severity,
					code: d.code,
					message: d.message,
					pointer: d.pointer,
					range: {
						start: { line: d.range.start.line, character: d.range.start.character },
						end: { line: d.range.end.line, character: d.range.end.character },
					},
				})),
			})),
		}) + '\n'
	);
}
