/**
 * Resolves a program name to an absolute executable path (child processes and terminals are always
 * given absolute binaries, never a shell command line).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

// Where runc, gdb, sudo live on the distributions we support, even when the extension host's PATH
// (e.g. a desktop session's) lacks the sbin directories.
const systemDirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function isExecutable(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

/**
 * `setting` wins when given (must then be absolute and executable); otherwise `name` is looked up in
 * PATH and the system directories. Returns undefined when nothing executable is found.
 */
export function findExecutable(name: string, setting = '', env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (setting) return isAbsolute(setting) && isExecutable(setting) ? setting : undefined;
	const dirs = [...(env.PATH ?? '').split(delimiter).filter((d) => isAbsolute(d)), ...systemDirs];
	for (const dir of dirs) {
		const candidate = join(dir, name);
		if (isExecutable(candidate)) return candidate;
	}
	return undefined;
}
