import type { CriuError } from '../common/helperProtocol';

/**
 * A CRIU log line reporting an error, in the forms CRIU 3.x/4.x write:
 *   `(00.012345) Error (criu/image.c:882): Unexpected EOF`
 *   `(00.124272)      1: Error (criu/pipes.c:238): Unable to reopen the pipe …`   (per-pid prefix)
 *   `pie: 34661: Error (criu/pie/restorer.c:317): Unable to drop capability 0: -1`  (restorer blob)
 *   `Error (cr-restore.c:1225): BUG at cr-restore.c:1225`                          (older CRIU, no dir)
 */
const ERROR_LINE = /^(?:\(\s*\d+\.\d+\)\s*)?(?:pie:\s*)?(?:\d+:\s*)?Error\s*\(([^():\s]+):(\d+)\):\s?(.*)$/;

/**
 * Lines that are never the cause: CRIU cannot raise RLIMIT_NOFILE for itself in most containers
 * and VMs and logs it as an Error on every run, then carries on.
 */
const HARMLESS: readonly RegExp[] = [/^rlimit: Can't setup RLIMIT_NOFILE for self/];

/**
 * The Error lines of a CRIU log (restore.log, dump.log), in log order: the first is the cause,
 * the rest its consequences ("Restoring FAILED." etc.). Known harmless lines are left out.
 * @param logPath the log's path, copied into every entry.
 */
export function parseCriuLog(text: string, logPath: string): CriuError[] {
	const out: CriuError[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const m = ERROR_LINE.exec(lines[i].replace(/\r$/, '').trim());
		if (!m) continue;
		const message = m[3].trim();
		if (HARMLESS.some((re) => re.test(message))) continue;
		out.push({ file: m[1], line: Number(m[2]), message, log: logPath, logLine: i + 1 });
	}
	return out;
}

/**
 * The last `n` non-empty lines of a log: what to show when CRIU stopped without an Error line
 * (e.g. it crashed), so the user still sees where it got to.
 */
export function criuLogTail(text: string, n = 5): string[] {
	return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim().length > 0).slice(-n);
}

/** One line for the user: the cause (first Error) with its source location. */
export function describeCriuError(e: CriuError): string {
	return `CRIU: ${e.message} (${e.file}:${e.line}; ${e.log}:${e.logLine})`;
}
