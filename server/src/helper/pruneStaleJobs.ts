import { lstatSync, readdirSync, readFileSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { mountsUnder } from '../common/mountsUnder.mjs';
import { isAlive } from './processTree';
import { LEGACY_RUNC_PID_FILE, RUNC_PID_FILE } from './workDirFiles';

/** Job directories untouched this long are removed when a new job starts. */
export const JOB_DIR_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How many job directories are kept at most (the newest), and how long one beyond that count must
 * have been untouched before it goes: /run is memory, and a busy day of restores (a log of 20-60 KB
 * each) should not fill it for a week.
 */
export const JOB_DIRS_KEPT = 100;
export const JOB_DIR_MIN_AGE_MS = 60 * 60 * 1000;

/**
 * Removes the job directories under `base` that nothing has touched for `maxAgeMs`, and, beyond the
 * `keep` newest, those untouched for {@link JOB_DIR_MIN_AGE_MS}: the directory itself and every file
 * directly in it (restore.log, a detached container's container.log or console.log, which its keeper
 * keeps appending to) are older, and the container it restored (the pid in its pid/runc.pid, or
 * runc.pid in older ones) is gone: a detached container that printed nothing for a week keeps its
 * logs. Never follows a symbolic link and never removes across a mount (a criu-root left by a killed
 * restore): such a directory stays. Best effort: returns what it removed.
 */
export function pruneStaleJobs(base: string, maxAgeMs = JOB_DIR_MAX_AGE_MS, now = Date.now(), keep = JOB_DIRS_KEPT): string[] {
	const removed: string[] = [];
	let names: string[];
	try {
		names = readdirSync(base);
	} catch {
		return removed;
	}
	const dirs: { dir: string; mtimeMs: number }[] = [];
	for (const name of names) {
		const dir = join(base, name);
		try {
			const st = lstatSync(dir);
			if (st.isDirectory()) dirs.push({ dir, mtimeMs: st.mtimeMs });
		} catch {
			// gone meanwhile
		}
	}
	dirs.sort((a, b) => b.mtimeMs - a.mtimeMs);
	const cutoff = now - maxAgeMs;
	const overCountCutoff = now - Math.min(maxAgeMs, JOB_DIR_MIN_AGE_MS);
	dirs.forEach(({ dir, mtimeMs }, i) => {
		const before = i < keep ? cutoff : overCountCutoff;
		try {
			// A file being created inside updates the directory: a recent one is in use, no need to look in.
			if (mtimeMs > before) return;
			if (!untouchedSince(dir, before) || containerAlive(dir) || mountsUnder(dir).length > 0) return;
			rmSync(dir, { recursive: true, force: true });
			removed.push(dir);
		} catch {
			// gone meanwhile, or not ours to judge: leave it
		}
	});
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
