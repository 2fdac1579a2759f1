import type { JsonPath } from './model';

/** RFC 6901 JSON pointer of a path ('' for the document). */
export function pointer(path: JsonPath): string {
	let out = '';
	for (let i = 0; i < path.length; i++) {
		const seg = path[i];
		// Escaping only the rare segment that needs it: two regex replaces per segment were a visible share of a diagnostic's cost.
		out += '/' + (typeof seg === 'number' ? String(seg) : needsEscape(seg) ? seg.replace(/~/g, '~0').replace(/\//g, '~1') : seg);
	}
	return out;
}

function needsEscape(seg: string): boolean {
	return seg.indexOf('~') >= 0 || seg.indexOf('/') >= 0;
}
