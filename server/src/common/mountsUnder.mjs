// Plain JavaScript so that scripts/ can import it without a build step (`npm start` runs
// scripts/lib/bundle.mjs directly); the helper bundles the same function.
import { readFileSync } from 'node:fs';

/**
 * Mount points at or below `dir` (from /proc/self/mountinfo, octal escapes decoded), deepest
 * first so they can be unmounted in order. Empty when mountinfo cannot be read.
 * @param {string} dir absolute directory
 * @returns {string[]}
 */
export function mountsUnder(dir) {
	let text = '';
	try {
		text = readFileSync('/proc/self/mountinfo', 'utf8');
	} catch {
		return [];
	}
	const prefix = dir.endsWith('/') ? dir : dir + '/';
	const out = new Set();
	for (const line of text.split('\n')) {
		const mp = line.split(' ')[4];
		if (!mp) continue;
		const path = mp.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
		if (path === dir || path.startsWith(prefix)) out.add(path);
	}
	return [...out].sort((a, b) => b.length - a.length);
}
