import { runPipeKeeper } from '../helper/pipeKeeper';

/** fd of the status pipe the helper gives the keeper (pipeKeeperLauncher.ts). */
const STATUS_FD = 3;
const OPTIONS = ['--id', '--attach', '--log', '--pid-file', '--cwd'];

/**
 * `oci-restore pipe-keeper --id ID --attach SOCKET --log FILE --pid-file FILE --cwd BUNDLE -- RUNC
 * ARGS...`: internal, started by the helper for a detached pipe-mode restore with a status pipe on
 * fd 3. Not for users: it runs runc's restore in the foreground and holds the container's stdio until
 * the container is gone. runc runs with this process' environment (the helper's rebuilt one), minus
 * ELECTRON_RUN_AS_NODE, which only this process needed.
 */
export async function main(argv: string[]): Promise<number> {
	const opts = new Map<string, string>();
	let i = 0;
	for (; i < argv.length && argv[i] !== '--'; i += 2) {
		const key = argv[i];
		const value = argv[i + 1];
		if (!OPTIONS.includes(key) || value === undefined) return usage(`unexpected argument '${key}'`);
		opts.set(key, value);
	}
	const [runc, ...args] = argv.slice(i + 1);
	const [id, attachSocket, logPath, pidFile, cwd] = OPTIONS.map((k) => opts.get(k));
	if (!id || !attachSocket || !logPath || !pidFile || !cwd || !runc) return usage(`${OPTIONS.join(', ')} and -- RUNC ARGS... are required`);
	if (!runc.startsWith('/') || !cwd.startsWith('/')) return usage('runc and --cwd must be absolute paths');
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
	// Started in a session of its own; stray signals of a terminal must not take the container's stdio away.
	process.on('SIGHUP', () => undefined);
	process.on('SIGINT', () => undefined);
	process.on('SIGPIPE', () => undefined);
	const code = await runPipeKeeper({ id, attachSocket, logPath, pidFile, runc, args, cwd, env, statusFd: STATUS_FD });
	// Attached clients that never read their hang-up must not keep the keeper alive.
	setTimeout(() => process.exit(code), 1000).unref();
	return code;
}

function usage(problem: string): number {
	process.stderr.write(`oci-restore pipe-keeper: ${problem} (internal command, started by the helper)\n`);
	return 2;
}
