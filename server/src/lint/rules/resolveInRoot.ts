import { join } from 'node:path';
import type { LintFileSystem } from '../types';

/** Symlinks followed before giving up, as Linux does (MAXSYMLINKS). */
const maxLinks = 40;

export type Resolution =
	| { kind: 'found'; hostPath: string; containerPath: string; isFile: boolean; isDirectory: boolean; mode: number }
	| { kind: 'missing'; containerPath: string }
	| { kind: 'loop'; containerPath: string };

/**
 * Resolve `path` inside the directory `root` the way the kernel would after chroot(root): `..` stops
 * at the root, absolute symlink targets are relative to the root, every symlink is followed (at most
 * 40), and the result never leaves the root. `root` '/' resolves on the host.
 */
export function resolveInRoot(fs: LintFileSystem, root: string, path: string): Resolution {
	const queue = path.split('/').filter((s) => s !== '' && s !== '.');
	const cur: string[] = [];
	let links = 0;
	while (queue.length > 0) {
		const seg = queue.shift() as string;
		if (seg === '..') {
			cur.pop();
			continue;
		}
		const host = join(root, ...cur, seg);
		const st = fs.stat(host);
		if (!st) return { kind: 'missing', containerPath: '/' + [...cur, seg].join('/') };
		if (st.isSymbolicLink) {
			if (++links > maxLinks) return { kind: 'loop', containerPath: '/' + [...cur, seg].join('/') };
			const target = fs.readlink(host);
			if (target === undefined) return { kind: 'missing', containerPath: '/' + [...cur, seg].join('/') };
			if (target.startsWith('/')) cur.length = 0;
			queue.unshift(...target.split('/').filter((s) => s !== '' && s !== '.'));
			continue;
		}
		cur.push(seg);
		if (queue.length > 0 && !st.isDirectory) return { kind: 'missing', containerPath: '/' + cur.join('/') + '/' + queue.join('/') };
		if (queue.length === 0) return { kind: 'found', hostPath: host, containerPath: '/' + cur.join('/'), isFile: st.isFile, isDirectory: st.isDirectory, mode: st.mode };
	}
	// The path ended in "..", or in a link to "." or "/": the result is a directory already walked.
	const host = join(root, ...cur);
	const st = fs.stat(host);
	if (!st) return { kind: 'missing', containerPath: '/' + cur.join('/') };
	return { kind: 'found', hostPath: host, containerPath: '/' + cur.join('/'), isFile: st.isFile, isDirectory: st.isDirectory, mode: st.mode };
}
