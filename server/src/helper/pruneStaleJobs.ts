import { lstatSync, readdirSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { mountsUnder } from '../common/mountsUnder.mjs';

/** Job directories untouched this long are removed when a new job starts. */
export const JOB_DIR_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Removes the job directories under `base` that nothing has touched for `maxAgeMs`: the directory
 * itself and every file directly in it (restore.log, a detached container's container.log or
 * console.log, which its keeper keeps appending to) are older. Never follows a symbolic link and never
 * removes across a mount (a criu-root left by a killed restore): such a directory stays. Best effort:
 * returns what it removed.
 */
export function pruneStaleJobs(base: string, maxAgeMs = JOB_DIR_MAX_AGE_MS, now = Date.now()): string[] {
	const removed: string[] = [];
	let names: string[];
	try {
		names = readdirSync(base);
	} catch {
		return removed;
	}
	const cutoff = now - maxAgeMs;
	for (const name of names) {
		const dir = join(base, name);
		try {
			const st = lstatSync(dir);
			// A file being created inside updates the directory: a recent one is in use, no need to look in.
			if (!st.isDirectory() || st.mtimeMs > cutoff) continue;
			if (!untouchedSince(dir, cutoff) || mountsUnder(dir).length > 0) continue;
			rmSync(dir, { recursive: true, force: true });
			removed.push(dir);
		} catch {
			// gone meanwhile, or not ours to judge: leave it
		}
	}
	return removed;
}

function untouchedSince(dir: string, cutoff: number): boolean {
	for (const name of readdirSync(dir)) {
		const st: Stats = lstatSync(join(dir, name));
		if (st.mtimeMs > cutoff || st.ctimeMs > cutoff) return false;
	}
	return true;
}
