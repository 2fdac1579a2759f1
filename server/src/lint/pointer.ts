import type { JsonPath } from './model';

/** RFC 6901 JSON pointer of a path ('' for the document). */
export function pointer(path: JsonPath): string {
	let out = '';
	for (const seg of path) out += '/' + (typeof seg === 'number' ? String(seg) : seg.replace(/~/g, '~0').replace(/\//g, '~1'));
	return out;
}
