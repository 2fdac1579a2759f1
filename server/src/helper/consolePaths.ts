import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelperError } from './helperError';

/** Where console sockets live when running as root: tmpfs, root-only, gone at reboot. */
const ROOT_CONSOLE_DIR = '/run/oci-restore/tty';
/** runc's own default `--root` (runcTool's DEFAULT_RUNC_ROOT; not imported, runcTool imports this module). */
const RUNC_DEFAULT_ROOT = '/run/runc';

/** The sockets of one detached terminal container. */
export interface ConsolePaths {
	/** The root-only directory holding both sockets. */
	dir: string;
	/** Where runc connects with `--console-socket` to hand over the pty master (one per restore). */
	receive: string;
	/** The keeper's attach socket: one per container (runc root + id), found again by `attach`. */
	attach: string;
}

/** The console directory, created root-only (0700) when missing. */
export function consoleDir(): string {
	const euid = process.geteuid?.() ?? -1;
	const dir = consoleDirPath();
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	// Whoever can write here could put a socket of theirs where a root client attaches.
	const st = lstatSync(dir);
	if (!st.isDirectory() || st.uid !== euid || (st.mode & 0o077) !== 0) {
		throw new HelperError('not-permitted', `refusing to use ${dir} for console sockets: it must be a directory owned by uid ${euid} with mode 0700`);
	}
	return dir;
}

/**
 * The attach socket of container `id` under runc root `runcRoot`. Named by a hash: ids can be longer
 * than a unix socket path may be (108 bytes), and two runc roots can hold the same id.
 */
export function attachSocketPath(id: string, runcRoot: string | undefined, dir = consoleDir()): string {
	const key = createHash('sha256').update(`${runcRoot ?? RUNC_DEFAULT_ROOT}\0${id}`).digest('hex').slice(0, 24);
	return join(dir, `${key}.sock`);
}

/** True when a console keeper serves container `id` (under `runcRoot`): `attach` can show its console. */
export function hasConsoleKeeper(id: string, runcRoot: string | undefined): boolean {
	return existsSync(attachSocketPath(id, runcRoot, consoleDirPath()));
}

function consoleDirPath(): string {
	return (process.geteuid?.() ?? -1) === 0 ? ROOT_CONSOLE_DIR : join(tmpdir(), 'oci-restore-tty');
}

/** Fresh socket paths for restoring `id` detached with a terminal. */
export function consolePaths(id: string, runcRoot: string | undefined): ConsolePaths {
	const dir = consoleDir();
	return { dir, receive: join(dir, `recv-${randomBytes(8).toString('hex')}.sock`), attach: attachSocketPath(id, runcRoot, dir) };
}
