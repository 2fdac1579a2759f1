import { spawn, type ChildProcess } from 'node:child_process';
import { writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { AttachServer } from './attachServer';
import type { Frame } from './framing';
import { BoundedLog, ReplayBuffer } from './keeperLog';
import { closeQuietly, keeperMessage, readPid } from './keeperSupport';

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
		const replay = new ReplayBuffer<'stdout' | 'stderr'>();
		const log = new BoundedLog(o.logPath, (m) => keeperMessage(m));
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
		const output = {
			pause: () => {
				child?.stdout?.pause();
				child?.stderr?.pause();
			},
			resume: () => {
				child?.stdout?.resume();
				child?.stderr?.resume();
			},
		};
		const attach = new AttachServer<PipeKeeperEvent>(
			o.attachSocket,
			output,
			(c) => {
				if (pid === 0) pid = readPid(o.pidFile);
				attach.send(c, { type: 'hello', id: o.id, pid, keeperPid: process.pid, terminal: false });
				for (const r of replay.contents()) attach.send(c, outputEvent(r.tag, r.data.length), r.data);
			},
			(c, f) => onInput(c, f),
		);
		const onOutput = (stream: 'stdout' | 'stderr', d: Buffer) => {
			log.write(d);
			replay.push(stream, d);
			attach.broadcast(outputEvent(stream, d.length), d);
		};
		/** Ends the keeper; `last` is the final status line, sent once the socket is gone (the helper may then check). */
		const end = (reason: string, code: number, last?: string) => {
			if (ended) return;
			ended = true;
			attach.close({ type: 'hangup', reason });
			log.close();
			keeperMessage(`pipes of '${o.id}' closed: ${reason}`);
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
			keeperMessage(`runc ${o.args.join(' ')} (pid ${c.pid})`);
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
		attach.server.on('error', (err) => {
			if (child?.pid) keeperMessage(`attach socket error: ${err.message}; runc (pid ${child.pid}) keeps the container`);
			else end(`attach socket error: ${err.message}`, 1, `error attach socket: ${err.message}`);
		});
		// The socket listens before runc starts: once the helper hears `runc PID`, attach already works.
		attach.listen(() => {
			keeperMessage(`pipe keeper of '${o.id}' (pid ${process.pid}) listening on ${o.attachSocket}`);
			startRunc();
		});
	});
}

/** An `output` event; stderr is marked, stdout is not. */
function outputEvent(stream: 'stdout' | 'stderr', size: number): PipeKeeperEvent {
	return stream === 'stderr' ? { type: 'output', size, stream } : { type: 'output', size };
}
