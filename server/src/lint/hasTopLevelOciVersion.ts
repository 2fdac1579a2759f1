/**
 * Cheap test whether a text looks like an OCI config: a top-level `"ociVersion"` key.
 * Scans without building a tree, tracking only string state and nesting depth, and stops at the
 * first match; the language server calls it on every JSON file to decide whether to lint it.
 */
export function hasTopLevelOciVersion(text: string): boolean {
	let from = 0;
	for (;;) {
		const at = text.indexOf('"ociVersion"', from);
		if (at < 0) return false;
		if (depthAt(text, at) === 1) {
			let i = at + 12;
			while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
			if (text[i] === ':') return true;
		}
		from = at + 1;
	}
}

/** Nesting depth at `offset`, or -1 when `offset` is inside a string or a comment. */
function depthAt(text: string, offset: number): number {
	let depth = 0;
	for (let i = 0; i < offset; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) {
			i++;
			while (i < offset && text.charCodeAt(i) !== 34) {
				if (text.charCodeAt(i) === 92) i++;
				i++;
			}
			if (i >= offset) return -1;
		} else if (c === 123 || c === 91) depth++;
		else if (c === 125 || c === 93) depth--;
		else if (c === 47 && text.charCodeAt(i + 1) === 47) {
			while (i < offset && text.charCodeAt(i) !== 10) i++;
			if (i >= offset) return -1;
		} else if (c === 47 && text.charCodeAt(i + 1) === 42) {
			const e = text.indexOf('*/', i + 2);
			if (e < 0 || e + 2 > offset) return -1;
			i = e + 1;
		}
	}
	return depth;
}
