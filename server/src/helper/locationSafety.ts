import { realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Why a file run as root is unsafe: it, or a directory above it, is owned by a non-root user or
 * writable by group/others (whoever can edit it would run code as root). Undefined when safe.
 */
export function unsafeLocation(path: string): string | undefined {
	let p: string;
	try {
		p = realpathSync(path);
	} catch (err) {
		return `${path}: ${(err as Error).message}`;
	}
	for (let cur = p; ; cur = dirname(cur)) {
		let st;
		try {
			st = statSync(cur);
		} catch (err) {
			return `${cur}: ${(err as Error).message}`;
		}
		if (st.uid !== 0) return `${cur} is owned by uid ${st.uid}, not root`;
		// A sticky world-writable directory (/tmp) still lets anyone create a sibling; refuse it too.
		if ((st.mode & 0o022) !== 0) return `${cur} is writable by ${st.mode & 0o002 ? 'everyone' : 'its group'} (mode ${(st.mode & 0o7777).toString(8)})`;
		if (cur === '/') return undefined;
	}
}
