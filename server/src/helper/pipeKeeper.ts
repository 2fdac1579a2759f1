import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { encodeFrame, FrameReader, type Frame } from './framing';
import { BoundedLog, ReplayBuffer } from './keeperLog';

/** Pipe keeper → attached client: `hello` once, `output` + bytes (stderr marked), `hangup` when the container ended. */
export type PipeKeeperEvent =
	| { type: 'hello'; id: string; pid: number; keeperPid: number; terminal: false }
	| { type: 'output'; size: number; stream?: 'stderr' }
	| { type: 'hangup'; reason: string };
/** Attached client → pipe keeper: `stdin` + bytes, `eof` closes the container's stdin. */
export type PipeKeeperInput = { type: 'stdin'; size: number } | { type: 'eof' };

/** How the pipe keeper is started (by the helper, see pipeKeeperLauncher.ts). */
export interface PipeKeeperOptions {
	id: string;
	/** Root-only unix socket that `attach` connects to. */
	attachSocket: string;
	/** The container's stdout and stderr, bounded: rotated to `<log>.1` past LOG_LIMIT. */
	logPath: string;
	/** runc's pid file for the restore (for the container's pid in `hello`). */
	pidFile: string;
	/** runc (absolute, checked by the helper) and its `restore` arguments, without `--detach`. */
	runc: string;
	args: string[];
	/** The bundle: runc restores from its working directory. */
	cwd: string;
	/** runc's environment, rebuilt by the helper. */
	env: Record<string, string>;
	/** Status pipe to the helper: `runc PID` once runc started, `exit CODE SIGNAL` when it ended. */
	statusFd: number;
}

/** An attached client with this much unsent output pauses the container's output (like a slow pipe would). */
const CLIENT_HIGH_WATER = 1024 * 1024;
/** A client that keeps the output paused this long is disconnected: it must not stall the container for good. */
const STALLED_CLIENT_MS = 30_000;

/**
 * The pipe keeper of one detached pipe-mode container (`process.terminal: false`). It runs `runc
 * restore` in the foreground: runc then gives the container real pipes of its own (CRIU maps the
 * checkpointed stdio pipes onto them through descriptors.json and inherit-fd, and the container can be
 * checkpointed again) and copies them to and from the keeper. The keeper outlives the helper, always
 * drains the output (into a bounded log and a replay buffer, so the container never blocks on a full
 * pipe), and serves a root-only attach socket: attached clients get the replay then live stdout and
 * stderr, and send stdin and EOF. Ends (resolving runc's status, the container's) when runc exits,
 * that is when the container is gone; removes its socket.
 */
export function runPipeKeeper(o: PipeKeeperOptions): Promise<number> {
	return new Promise((resolve) => {
		const clients = new Set<Socket>();
		const replay = new ReplayBuffer<'stdout' | 'stderr'>();
		const log = new BoundedLog(o.logPath, (m) => log0(m));
		const slow = new Map<Socket, NodeJS.Timeout>();
		let child: ChildProcess | undefined;
		let statusOpen = true;
		let ended = false;
		let pid = 0;

		const status = (line: string) => {
			if (!statusOpen) return;
			try {
				writeSync(o.statusFd, `${line.replace(/\n/g, ' ')}\n`);
			} catch {
				// The helper is done with us (it detached or went away); the container still needs its pipes.
				statusOpen = false;
				closeQuietly(o.statusFd);
			}
		};
		const send = (c: Socket, e: PipeKeeperEvent, data?: Buffer) => {
			for (const part of encodeFrame(e, data)) c.write(part);
			if (c.writableLength <= CLIENT_HIGH_WATER || slow.has(c)) return;
			slow.set(c, setTimeout(() => {
				log0(`dropping an attached client that read nothing for ${STALLED_CLIENT_MS / 1000} s`);
				c.destroy();
			}, STALLED_CLIENT_MS));
			c.once('drain', () => caughtUp(c));
			child?.stdout?.pause();
			child?.stderr?.pause();
		};
		const caughtUp = (c: Socket) => {
			clearTimeout(slow.get(c));
			if (!slow.delete(c) || slow.size > 0 || ended) return;
			child?.stdout?.resume();
			child?.stderr?.resume();
		};
		const onOutput = (stream: 'stdout' | 'stderr', d: Buffer) => {
			log.write(d);
			replay.push(stream, d);
			const e: PipeKeeperEvent = stream === 'stderr' ? { type: 'output', size: d.length, stream } : { type: 'output', size: d.length };
			for (const c of clients) send(c, e, d);
		};
		/** Ends the keeper; `last` is the final status line, sent once the socket is gone (the helper may then check). */
		const end = (reason: string, code: number, last?: string) => {
			if (ended) return;
			ended = true;
			for (const c of clients) {
				send(c, { type: 'hangup', reason });
				c.end();
			}
			for (const t of slow.values()) clearTimeout(t);
			server.close();
			removeSocket(o.attachSocket);
			log.close();
			log0(`pipes of '${o.id}' closed: ${reason}`);
			if (last) status(last);
			if (statusOpen) closeQuietly(o.statusFd);
			resolve(code);
		};

		const startRunc = () => {
			try {
				// File and argument array, never a shell; its own process group, like every child of the helper.
				child = spawn(o.runc, o.args, { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true, shell: false });
			} catch (err) {
				end(`cannot start runc: ${(err as Error).message}`, 1, `error cannot start runc: ${(err as Error).message}`);
				return;
			}
			const c = child;
			c.on('error', (err) => end(`cannot start runc: ${err.message}`, 1, `error cannot start runc: ${err.message}`));
			if (c.pid === undefined) return;
			status(`runc ${c.pid}`);
			log0(`runc ${o.args.join(' ')} (pid ${c.pid})`);
			c.stdout!.on('data', (d: Buffer) => onOutput('stdout', d));
			c.stderr!.on('data', (d: Buffer) => onOutput('stderr', d));
			// The container may close its stdin (or exit) while a client still writes.
			c.stdin!.on('error', () => undefined);
			// 'close' waits for both pipes to drain: every byte is logged and sent before the hang-up.
			c.on('close', (code, signal) => {
				const st = code ?? 128 + (signal === 'SIGKILL' ? 9 : 15);
				end(code !== null ? `the container exited with status ${code}` : `runc was killed (${signal})`, st, `exit ${code ?? 'null'} ${signal ?? 'null'}`);
			});
		};

		const server: Server = createServer((c) => {
			if (ended) return void c.destroy();
			clients.add(c);
			c.on('error', () => undefined);
			c.on('close', () => {
				clients.delete(c);
				caughtUp(c);
			});
			const reader = new FrameReader((f) => onInput(c, f));
			c.on('data', (chunk: Buffer) => reader.push(chunk));
			if (pid === 0) pid = readPid(o.pidFile);
			send(c, { type: 'hello', id: o.id, pid, keeperPid: process.pid, terminal: false });
			for (const r of replay.contents()) send(c, r.tag === 'stderr' ? { type: 'output', size: r.data.length, stream: 'stderr' } : { type: 'output', size: r.data.length }, r.data);
		});
		const onInput = (c: Socket, f: Frame) => {
			if (!f.ok || ended) return;
			const stdin = child?.stdin;
			if (!stdin || stdin.destroyed || stdin.writableEnded) return;
			const h = f.header as Partial<PipeKeeperInput>;
			if (h.type === 'stdin' && f.data && f.data.length > 0) {
				// The container reads slower than this client writes: stop reading the client until it caught up.
				if (!stdin.write(f.data)) {
					c.pause();
					stdin.once('drain', () => c.resume());
				}
			} else if (h.type === 'eof') stdin.end();
		};
		server.on('error', (err) => {
			if (child?.pid) log0(`attach socket error: ${err.message}; runc (pid ${child.pid}) keeps the container`);
			else end(`attach socket error: ${err.message}`, 1, `error attach socket: ${err.message}`);
		});
		removeSocket(o.attachSocket);
		// The socket listens before runc starts: once the helper hears `runc PID`, attach already works.
		server.listen(o.attachSocket, () => {
			chmodSync(o.attachSocket, 0o600);
			log0(`pipe keeper of '${o.id}' (pid ${process.pid}) listening on ${o.attachSocket}`);
			startRunc();
		});
	});
}

function readPid(file: string): number {
	try {
		const pid = Number(readFileSync(file, 'utf8').trim());
		return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
	} catch {
		return 0;
	}
}

function closeQuietly(fd: number): void {
	try {
		closeSync(fd);
	} catch {
		// already closed
	}
}

function removeSocket(path: string): void {
	try {
		if (existsSync(path)) unlinkSync(path);
	} catch {
		// nothing to remove
	}
}

function log0(message: string): void {
	process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}
