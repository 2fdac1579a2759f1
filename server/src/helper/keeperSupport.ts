import { closeSync, existsSync, readFileSync, unlinkSync } from 'node:fs';

/** The pid in runc's pid file, or 0 while there is none (not written yet, unreadable, not a pid). */
export function readPid(file: string): number {
	try {
		const pid = Number(readFileSync(file, 'utf8').trim());
		return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
	} catch {
		return 0;
	}
}

/** Closes a descriptor that may already be closed. */
export function closeQuietly(fd: number): void {
	try {
		closeSync(fd);
	} catch {
		// already closed
	}
}

/** Removes a unix socket left by an earlier keeper (or this one), if there is one. */
export function removeSocket(path: string): void {
	try {
		if (existsSync(path)) unlinkSync(path);
	} catch {
		// nothing to remove
	}
}

/** One line of a keeper's own log (its stderr, which the helper points at the job's keeper log). */
export function keeperMessage(message: string): void {
	process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}
