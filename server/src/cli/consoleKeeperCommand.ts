import { runConsoleKeeper } from '../helper/consoleKeeper';

/** fds the console trampoline (consolePython.ts) leaves to the keeper. */
const STATUS_FD = 3;
const MASTER_FD = 4;

/**
 * `oci-restore console-keeper --id ID --attach SOCKET --log FILE --pid-file FILE`: internal, exec'd by
 * the helper's console trampoline with the pty master of a detached terminal container on fd 4 and a
 * status pipe on fd 3. Not for users: it holds the console until the container's terminal hangs up.
 */
export async function main(argv: string[]): Promise<number> {
	const opts = new Map<string, string>();
	for (let i = 0; i < argv.length; i += 2) {
		const key = argv[i];
		const value = argv[i + 1];
		if (!['--id', '--attach', '--log', '--pid-file'].includes(key) || value === undefined) {
			process.stderr.write(`oci-restore console-keeper: unexpected argument '${key}' (internal command, started by the helper)\n`);
			return 2;
		}
		opts.set(key, value);
	}
	const [id, attachSocket, logPath, pidFile] = ['--id', '--attach', '--log', '--pid-file'].map((k) => opts.get(k));
	if (!id || !attachSocket || !logPath || !pidFile) {
		process.stderr.write('oci-restore console-keeper: --id, --attach, --log and --pid-file are required (internal command, started by the helper)\n');
		return 2;
	}
	// Only started by the trampoline with a clean environment; stray signals must not drop the console.
	process.on('SIGHUP', () => undefined);
	process.on('SIGINT', () => undefined);
	process.on('SIGPIPE', () => undefined);
	const code = await runConsoleKeeper({ id, attachSocket, logPath, pidFile, masterFd: MASTER_FD, statusFd: STATUS_FD });
	// Attached clients that never read their hang-up must not keep the keeper alive.
	setTimeout(() => process.exit(code), 1000).unref();
	return code;
}
