import { statSync } from 'node:fs';
import { join } from 'node:path';

/** A PATH argument resolved to the file to lint, or the I/O problem that prevents it. */
export type LintTarget = { ok: true; file: string } | { ok: false; problem: string };

/**
 * A directory stands for its bundle's `config.json`; a file is linted whatever its name.
 * `shown` is the path as the user wrote it (messages repeat it, not an absolute path).
 */
export function resolveLintTarget(shown: string): LintTarget {
	let stats;
	try {
		stats = statSync(shown);
	} catch (err) {
		return { ok: false, problem: `${shown}: ${describe(err)}` };
	}
	if (!stats.isDirectory()) return { ok: true, file: shown };
	const config = join(shown, 'config.json');
	try {
		const inner = statSync(config);
		if (inner.isDirectory()) return { ok: false, problem: `${config}: is a directory, expected a bundle's config file` };
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return { ok: false, problem: `${shown}: not a bundle directory (no config.json in it)` };
		return { ok: false, problem: `${config}: ${describe(err)}` };
	}
	return { ok: true, file: config };
}

/** A one-line reason for a file-system error. */
export function describe(err: unknown): string {
	const code = (err as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'ENOENT':
			return 'no such file or directory';
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EISDIR':
			return 'is a directory';
		case 'ENOTDIR':
			return 'a component of the path is not a directory';
		case 'ELOOP':
			return 'too many levels of symbolic links';
		default:
			return err instanceof Error ? err.message : String(err);
	}
}
