import { closeSync, existsSync, readFileSync, unlinkSync, writeSync, chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { ReadStream } from 'node:tty';
import { encodeFrame, FrameReader, type Frame } from './framing';
import { BoundedLog, LOG_LIMIT, REPLAY_BYTES, ReplayBuffer } from './keeperLog';
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

/** Name of the output log of a detached terminal container, in its work directory. */
export const CONSOLE_LOG = 'console.log';
export { LOG_LIMIT, REPLAY_BYTES };
/** An attached client with this much unsent output pauses the console (like a slow terminal would). */
const CLIENT_HIGH_WATER = 1024 * 1024;
/** A client that keeps the console paused this long is disconnected: it must not stall the container for good. */
const STALLED_CLIENT_MS = 30_000;
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
		const clients = new Set<Socket>();
		const replay = new ReplayBuffer<'console'>();
		// The log is a convenience; a keeper that died of a full disk would hang up the container's terminal.
		const consoleLog = new BoundedLog(o.logPath, (m) => log0(m));
		let ended = false;
		let pid = 0;
		/** Clients over the high-water mark, each with the timer that drops it if it never drains. */
		const slow = new Map<Socket, NodeJS.Timeout>();

		const send = (c: Socket, e: KeeperEvent, data?: Buffer) => {
			for (const part of encodeFrame(e, data)) c.write(part);
			if (c.writableLength <= CLIENT_HIGH_WATER || slow.has(c)) return;
			slow.set(c, setTimeout(() => {
				log0(`dropping an attached client that read nothing for ${STALLED_CLIENT_MS / 1000} s`);
				c.destroy();
			}, STALLED_CLIENT_MS));
			c.once('drain', () => caughtUp(c));
			master.pause();
		};
		const caughtUp = (c: Socket) => {
			clearTimeout(slow.get(c));
			if (!slow.delete(c) || slow.size > 0 || ended) return;
			master.resume();
		};
		const end = (reason: string) => {
			if (ended) return;
			ended = true;
			clearInterval(poll);
			for (const c of clients) {
				send(c, { type: 'hangup', reason });
				c.end();
			}
			for (const t of slow.values()) clearTimeout(t);
			server.close();
			removeSocket(o.attachSocket);
			master.destroy();
			consoleLog.close();
			log0(`console of '${o.id}' closed: ${reason}`);
			resolve(0);
		};

		master.on('data', (d: Buffer) => {
			consoleLog.write(d);
			replay.push('console', d);
			for (const c of clients) send(c, { type: 'output', size: d.length }, d);
		});
		// A pty master reads EIO once no process holds the terminal any more: the container is gone.
		master.on('error', (err: NodeJS.ErrnoException) => end(err.code === 'EIO' ? 'the container\'s terminal hung up' : `console error: ${err.message}`));
		master.on('close', () => end('the console closed'));

		const server: Server = createServer((c) => {
			clients.add(c);
			c.on('error', () => undefined);
			c.on('close', () => {
				clients.delete(c);
				caughtUp(c);
			});
			const reader = new FrameReader((f) => onInput(f));
			c.on('data', (chunk: Buffer) => reader.push(chunk));
			if (pid === 0) pid = readPid(o.pidFile);
			send(c, { type: 'hello', id: o.id, pid, keeperPid: process.pid, terminal: true });
			for (const r of replay.contents()) send(c, { type: 'output', size: r.data.length }, r.data);
		});
		const onInput = (f: Frame) => {
			if (!f.ok || ended) return;
			const h = f.header as Partial<KeeperInput> & Record<string, unknown>;
			if (h.type === 'stdin' && f.data && f.data.length > 0) master.write(f.data);
			else if (h.type === 'resize' && validSize(h.cols) && validSize(h.rows)) {
				try {
					resize?.(o.masterFd, h.cols as number, h.rows as number);
				} catch (err) {
					log0(`resize failed: ${(err as Error).message}`);
				}
			}
		};
		server.on('error', (err) => end(`attach socket error: ${err.message}`));
		removeSocket(o.attachSocket);
		server.listen(o.attachSocket, () => {
			chmodSync(o.attachSocket, 0o600);
			try {
				writeSync(o.statusFd, `ready ${process.pid}\n`);
				closeSync(o.statusFd);
			} catch {
				// the helper went away: the container still needs its console
			}
			log0(`console keeper of '${o.id}' (pid ${process.pid}) listening on ${o.attachSocket}`);
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

function readPid(file: string): number {
	try {
		const pid = Number(readFileSync(file, 'utf8').trim());
		return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
	} catch {
		return 0;
	}
}

function removeSocket(path: string): void {
	try {
		if (existsSync(path)) unlinkSync(path);
	} catch {
		// nothing to remove
	}
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
		log0(`resizing will not work: cannot load node-pty's native module: ${(err as Error).message}`);
		return undefined;
	}
}

function log0(message: string): void {
	process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}
