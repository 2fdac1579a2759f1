import { lstatSync, readdirSync, readFileSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { mountsUnder } from '../common/mountsUnder.mjs';
import { isAlive } from './processTree';
import { LEGACY_RUNC_PID_FILE, RUNC_PID_FILE } from './workDirFiles';

/** Job directories untouched this long are removed when a new job starts. */
export const JOB_DIR_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Removes the job directories under `base` that nothing has touched for `maxAgeMs`: the directory
 * itself and every file directly in it (restore.log, a detached container's container.log or
 * console.log, which its keeper keeps appending to) are older, and the container it restored (the pid
 * in its pid/runc.pid, or runc.pid in older ones) is gone: a detached container that printed nothing for a week keeps its logs. Never
 * follows a symbolic link and never removes across a mount (a criu-root left by a killed restore):
 * such a directory stays. Best effort: returns what it removed.
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
			if (!untouchedSince(dir, cutoff) || containerAlive(dir) || mountsUnder(dir).length > 0) continue;
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

/** True while the container a job restored still runs (its keeper may still log into the directory). */
function containerAlive(dir: string): boolean {
	for (const name of [RUNC_PID_FILE, LEGACY_RUNC_PID_FILE]) {
		try {
			const pid = Number(readFileSync(join(dir, name), 'utf8').trim());
			if (Number.isSafeInteger(pid) && pid > 1 && isAlive(pid)) return true;
		} catch {
			// not this one
		}
	}
	return false;
}
