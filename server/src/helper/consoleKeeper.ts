import { closeSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { AttachServer } from './attachServer';
import type { Frame } from './framing';
import { BoundedLog, LOG_LIMIT, REPLAY_BYTES, ReplayBuffer } from './keeperLog';
import { keeperMessage, readPid } from './keeperSupport';
import { isAlive } from './processTree';

/** Keeper → attached client: `hello` once, `output` + bytes, `hangup` when the console closed. */
export type KeeperEvent = { type: 'hello'; id: string; pid: number; keeperPid: number; terminal: true } | { type: 'output'; size: number } | { type: 'hangup'; reason: string };
/** Attached client → keeper: `stdin` + bytes, `resize`. */
export type KeeperInput = { type: 'stdin'; size: number } | { type: 'resize'; cols: number; rows: number };

/** How the keeper process is started (by the console trampoline, see consolePython.ts). */
export interface ConsoleKeeperOptions {
	id: string;
	/** Root-only unix socket that `attach` connects to. */
	attachSocket: string;
	/** The container's output, bounded: rotated to `<log>.1` past {@link LOG_LIMIT}. */
	logPath: string;
	/** runc's pid file for the restore: once the pid in it is gone, so is the container. */
	pidFile: string;
	/** The pty master runc handed over (inherited). */
	masterFd: number;
	/** Status pipe to the helper: `ready` once the attach socket listens, then closed. */
	statusFd: number;
}

export { LOG_LIMIT, REPLAY_BYTES };
/** How often the container's pid is checked, for a console that never reports a hang-up. */
const PID_POLL_MS = 1000;

/**
 * The console keeper of one detached terminal container: holds the pty master for the container's
 * lifetime (if it closed, the container's tty would hang up), always drains the output (into a
 * bounded log and a replay buffer, so the container never blocks on a full pty), and serves a
 * root-only attach socket: attached clients get the replay then live output, and send stdin and
 * window sizes. Ends (resolving 0) when the console hangs up (EIO: every process holding the
 * terminal is gone) or the container's pid is gone; removes its socket.
 */
export function runConsoleKeeper(o: ConsoleKeeperOptions): Promise<number> {
	return new Promise((resolve) => {
		const master = new ReadStream(o.masterFd);
		const resize = loadResize();
		const replay = new ReplayBuffer<'console'>();
		// The log is a convenience; a keeper that died of a full disk would hang up the container's terminal.
		const consoleLog = new BoundedLog(o.logPath, (m) => keeperMessage(m));
		let ended = false;
		let pid = 0;

		const attach = new AttachServer<KeeperEvent>(
			o.attachSocket,
			master,
			(c) => {
				if (pid === 0) pid = readPid(o.pidFile);
				attach.send(c, { type: 'hello', id: o.id, pid, keeperPid: process.pid, terminal: true });
				for (const r of replay.contents()) attach.send(c, { type: 'output', size: r.data.length }, r.data);
			},
			(_c, f) => onInput(f),
		);
		const end = (reason: string) => {
			if (ended) return;
			ended = true;
			clearInterval(poll);
			attach.close({ type: 'hangup', reason });
			master.destroy();
			consoleLog.close();
			keeperMessage(`console of '${o.id}' closed: ${reason}`);
			resolve(0);
		};

		master.on('data', (d: Buffer) => {
			consoleLog.write(d);
			replay.push('console', d);
			attach.broadcast({ type: 'output', size: d.length }, d);
		});
		// A pty master reads EIO once no process holds the terminal any more: the container is gone.
		master.on('error', (err: NodeJS.ErrnoException) => end(err.code === 'EIO' ? 'the container\'s terminal hung up' : `console error: ${err.message}`));
		master.on('close', () => end('the console closed'));

		const onInput = (f: Frame) => {
			if (!f.ok || ended) return;
			const h = f.header as Partial<KeeperInput> & Record<string, unknown>;
			if (h.type === 'stdin' && f.data && f.data.length > 0) master.write(f.data);
			else if (h.type === 'resize' && validSize(h.cols) && validSize(h.rows)) {
				try {
					resize?.(o.masterFd, h.cols as number, h.rows as number);
				} catch (err) {
					keeperMessage(`resize failed: ${(err as Error).message}`);
				}
			}
		};
		attach.server.on('error', (err) => end(`attach socket error: ${err.message}`));
		attach.listen(() => {
			try {
				writeSync(o.statusFd, `ready ${process.pid}\n`);
				closeSync(o.statusFd);
			} catch {
				// the helper went away: the container still needs its console
			}
			keeperMessage(`console keeper of '${o.id}' (pid ${process.pid}) listening on ${o.attachSocket}`);
		});

		const poll = setInterval(() => {
			if (pid === 0) pid = readPid(o.pidFile);
			if (pid > 0 && !isAlive(pid)) end(`the container's process ${pid} is gone`);
		}, PID_POLL_MS);
	});
}

function validSize(n: unknown): boolean {
	return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10000;
}

type Resize = (fd: number, cols: number, rows: number) => void;

/**
 * TIOCSWINSZ on the master (the container's foreground process group gets SIGWINCH) through node-pty's
 * native binding, the one native module we ship. Loaded at start: the keeper may outlive the files it
 * was started from (a reinstalled helper).
 */
function loadResize(): Resize | undefined {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { requireBinary } = require('@lydell/node-pty/requireBinary') as { requireBinary: (f: string) => { resize: Resize } };
		const native = requireBinary('pty.node');
		return (fd, cols, rows) => native.resize(fd, cols, rows);
	} catch (err) {
		keeperMessage(`resizing will not work: cannot load node-pty's native module: ${(err as Error).message}`);
		return undefined;
	}
}

