import type { FileReport } from './fileReport';

/**
 * Compiler-style lines (`path:line:col: severity code: message`, 1-based, as editors and CI log
 * parsers expect) and a summary line.
 */
export function formatText(files: readonly FileReport[]): string {
	let out = '';
	const counts = { error: 0, warning: 0, information: 0, hint: 0 };
	for (const file of files) {
		for (const d of file.diagnostics) {
			counts[d.severity]++;
			const { line, character } = d.range.start;
			out += `${file.path}:${line + 1}:${character + 1}: ${d.severity} ${d.code}: ${d.message.replace(/\r?\n/g, ' ')}\n`;
		}
	}
	const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
	if (counts.information) parts.push(plural(counts.information, 'information message', 'information messages'));
	if (counts.hint) parts.push(plural(counts.hint, 'hint'));
	const where = plural(files.length, 'file');
	out += counts.error + counts.warning + counts.information + counts.hint === 0 ? `no problems in ${where}\n` : `${parts.join(', ')} in ${where}\n`;
	return out;
}

function plural(n: number, one: string, many = one + 's'): string {
	return `${n} ${n === 1 ? one : many}`;
}
