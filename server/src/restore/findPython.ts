import { checkToolSafe } from './checkToolSafe';
import { lookPath } from './findTool';

/** Where the system's python3 is looked for (never the caller's PATH: the helper runs as root). */
export const PYTHON_CANDIDATES: readonly string[] = ['/usr/bin/python3', '/bin/python3', '/usr/local/bin/python3'];

/** What to install when no usable python3 is found. */
export const PYTHON_HOW_TO = 'install python3 (Debian/Ubuntu: apt-get install python3-minimal)';

/** No python3 among the candidates. */
export class PythonMissingError extends Error {}

/**
 * The system python3 that receives the console runc hands over for a terminal container restored
 * detached (runc's --console-socket; Node cannot receive a file descriptor). Absolute, and for root
 * root-owned and not writable by anyone else, checked like runc and CRIU. Throws
 * {@link PythonMissingError} when there is none, checkToolSafe's UnsafeToolError when the one found
 * is unsafe to run as root. Runs nothing.
 */
export function findPython(candidates: readonly string[] = PYTHON_CANDIDATES, euid = process.geteuid?.() ?? -1): string {
	const found = candidates.map((c) => lookPath(c, '')).find((p) => p !== undefined);
	if (!found) {
		throw new PythonMissingError(`restoring a terminal container (process.terminal: true) detached needs python3 to receive runc's console socket, and there is none in ${candidates.join(', ')}`);
	}
	return euid === 0 ? checkToolSafe(found) : found;
}
