import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { MAX_DATA_BYTES, type Elevation, type ErrorPayload, type EventName, type Events, type Method, type Requests } from '../common/helperProtocol';
import { helperCommand, pkexecHowTo, sudoHowTo } from './elevation';
import { FrameReader, encodeFrame } from './framing';
import { HelperError } from './helperError';
import { ReadSlab } from './readSlab';

export { HelperError } from './helperError';

/** Options of {@link HelperClient.start}. */
export interface HelperClientOptions {
	/** The CLI bundle (dist/cli.js or the installed copy) that serves `helper --stdio`. */
	cliPath: string;
	/** Node binary; default: the one running this code (the extension host's). */
	nodePath?: string;
	elevation: Elevation;
	/** Development only: let a root helper run from a user-writable location. */
	allowUnsafeLocation?: boolean;
	env?: NodeJS.ProcessEnv;
	/** Receives the helper's log events and diagnostics, one line each. */
	log?: (line: string) => void;
	/**
	 * Ask for `output: 'direct'` on restores that do not say, and connect to the output sockets the
	 * helper announces (default true): the container's stdout is read from a socket the helper hands
	 * over instead of being copied through the helper. Listeners see the same `stdout` events either way.
	 * False: never connect (a restore that still asks for `direct` then waits 5 s for the fallback).
	 */
	directOutput?: boolean;
	/**
	 * Read the direct output socket into one reused buffer (default false: fresh slab memory per read).
	 * `stdout` listeners then get a view that is valid only while they run: whatever they keep, they
	 * copy (decoding to a string at once is such a copy). Fresh memory costs a page fault per 4 KiB and
	 * the GC's time, about 40% more CPU in the reader for a fast container; a reused buffer stays in
	 * the cache. Frames (stderr, terminal output, the fallback) always carry their own memory.
	 */
	reuseOutputBuffer?: boolean;
}

/** The reused read buffer of `reuseOutputBuffer`: more than a Unix socket queues, small enough for L2. */
const REUSED_READ_BYTES = 256 * 1024;

interface Pending {
	method: Method;
	resolve: (v: unknown) => void;
	reject: (e: HelperError) => void;
}

type Listener = (e: never, data?: Uint8Array) => void;

/**
 * Talks to one privileged helper process (one per job): starts it with the requested elevation,
 * sends typed requests, and delivers events (stdout/stderr bytes, started, exited, criuError, log).
 * Disposing it closes the helper's stdin, which makes the helper kill and delete an attached container.
 */
export class HelperClient {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private readonly listeners = new Map<EventName, Set<Listener>>();
	private readonly exitListeners = new Set<(code: number | null, signal: string | null) => void>();
	private stderrTail = '';
	private exitInfo: { code: number | null; signal: string | null } | undefined;
	private readyResolve: (() => void) | undefined;
	/** `output: 'direct'`: the container's stdout, read here; `exited` waits for its EOF. */
	private direct: Socket | undefined;
	private heldExited: Record<string, unknown> | undefined;
	private outputPaused = false;

	private constructor(
		private readonly child: ChildProcess,
		private readonly o: HelperClientOptions & { nodePath: string },
		readonly via: 'direct' | 'sudo' | 'pkexec',
	) {
		const reader = new FrameReader((f) => {
			if (!f.ok) {
				this.o.log?.(`helper sent a bad frame: ${f.reason}`);
				return;
			}
			this.readyResolve?.();
			this.onFrame(f.header, f.data);
		}, true);
		child.stdout!.on('data', (chunk: Buffer) => reader.push(chunk));
		child.stderr!.on('data', (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			this.stderrTail = (this.stderrTail + text).slice(-4096);
			for (const line of text.split('\n')) if (line.trim()) this.o.log?.(`helper stderr: ${line}`);
		});
		child.stdin!.on('error', () => undefined); // reported through the exit instead
		child.on('close', (code, signal) => this.onClose(code, signal));
	}

	/**
	 * Starts the helper and resolves once it is ready (it announces itself with a log event). Rejects
	 * with a HelperError: `not-permitted` (sudo refused: the message says how to allow it; the helper
	 * refused its location) or `internal`.
	 */
	static start(o: HelperClientOptions): Promise<HelperClient> {
		const nodePath = o.nodePath ?? process.execPath;
		const cmd = helperCommand({ cliPath: o.cliPath, nodePath, elevation: o.elevation, allowUnsafeLocation: o.allowUnsafeLocation, env: o.env });
		o.log?.(`starting helper: ${cmd.file} ${cmd.args.join(' ')}`);
		// Own process group: a Ctrl-C on the caller's terminal reaches the caller, which decides what to forward.
		const child = spawn(cmd.file, cmd.args, { env: cmd.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true, shell: false });
		const client = new HelperClient(child, { ...o, nodePath }, cmd.via);
		return new Promise((resolve, reject) => {
			const onError = (err: Error) => reject(new HelperError('internal', `cannot start the helper (${cmd.file}): ${err.message}`));
			child.once('error', onError);
			client.readyResolve = () => {
				client.readyResolve = undefined;
				child.off('error', onError);
				resolve(client);
			};
			client.onExit((code, signal) => {
				if (!client.readyResolve) return;
				client.readyResolve = undefined;
				reject(client.startFailure(code, signal));
			});
		});
	}

	/** Sends a request; resolves with its result or rejects with the helper's HelperError. */
	request<M extends Method>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result']> {
		if (method === 'restore' && this.o.directOutput !== false && (params as Requests['restore']['params']).output === undefined) {
			params = { ...(params as Requests['restore']['params']), output: 'direct' } as Requests[M]['params'];
		}
		return this.send(method, params) as Promise<Requests[M]['result']>;
	}

	/** Sends bytes to the container's stdin (split into frames as needed); an empty array is EOF. */
	writeStdin(data: Uint8Array): void {
		const fail = (err: unknown) => this.o.log?.(`stdin: ${(err as Error).message}`);
		if (data.length === 0) {
			this.send('stdin', { size: 0 }, Buffer.alloc(0)).catch(fail);
			return;
		}
		for (let at = 0; at < data.length; at += MAX_DATA_BYTES) {
			const part = data.subarray(at, Math.min(data.length, at + MAX_DATA_BYTES));
			this.send('stdin', { size: part.length }, part).catch(fail);
		}
	}

	onEvent<E extends EventName>(name: E, listener: (e: Events[E], data?: Uint8Array) => void): { dispose(): void } {
		let set = this.listeners.get(name);
		if (!set) this.listeners.set(name, (set = new Set()));
		const l = listener as unknown as Listener;
		set.add(l);
		return { dispose: () => set!.delete(l) };
	}

	onExit(listener: (code: number | null, signal: string | null) => void): { dispose(): void } {
		if (this.exitInfo) {
			const { code, signal } = this.exitInfo;
			queueMicrotask(() => listener(code, signal));
			return { dispose: () => undefined };
		}
		this.exitListeners.add(listener);
		return { dispose: () => this.exitListeners.delete(listener) };
	}

	/**
	 * Stops reading the helper's output until `resumeOutput`: for a slow consumer of stdout events, so
	 * backpressure reaches the helper, which then stops reading the container.
	 */
	pauseOutput(): void {
		this.outputPaused = true;
		this.child.stdout!.pause();
		this.direct?.pause();
	}

	resumeOutput(): void {
		this.outputPaused = false;
		this.child.stdout!.resume();
		this.direct?.resume();
	}

	/** Pid of the process started (the helper itself, or sudo/pkexec in front of it). */
	get pid(): number | undefined {
		return this.child.pid;
	}

	/** True once the helper process has exited. */
	get hasExited(): boolean {
		return this.exitInfo !== undefined;
	}

	/** Resolves when the helper has exited. */
	whenExited(): Promise<{ code: number | null; signal: string | null }> {
		return new Promise((resolve) => this.onExit((code, signal) => resolve({ code, signal })));
	}

	/** Ends the helper by closing its stdin; it kills and deletes an attached container before exiting. */
	dispose(): void {
		if (!this.child.stdin!.destroyed) this.child.stdin!.end();
	}

	private send(method: Method, params: unknown, data?: Uint8Array): Promise<unknown> {
		if (this.exitInfo || this.child.stdin!.destroyed || this.child.stdin!.writableEnded) {
			return Promise.reject(new HelperError('internal', `the helper has exited${this.stderrTail ? `: ${lastLine(this.stderrTail)}` : ''}`));
		}
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { method, resolve, reject });
			for (const part of encodeFrame({ id, method, params }, data)) this.child.stdin!.write(part);
		});
	}

	private onFrame(header: Record<string, unknown>, data?: Buffer): void {
		if (typeof header.event === 'string') {
			const name = header.event as EventName;
			if (name === 'log') {
				const e = header as unknown as Events['log'];
				this.o.log?.(`helper ${e.level}: ${e.message}`);
			} else if (name === 'outputSocket' && this.o.directOutput !== false) {
				// Announced at start-up (and again for a later restore): connected while the request is on its way.
				this.connectDirect((header as unknown as Events['outputSocket']).path);
			} else if (name === 'exited' && this.direct) {
				// The helper saw runc exit; the container's last bytes may still be in the socket.
				this.heldExited = header;
				return;
			}
			this.emit(name, header, data);
			return;
		}
		const id = header.id;
		if (typeof id !== 'number') {
			const err = header.error as ErrorPayload | undefined;
			if (err) this.o.log?.(`helper refused a frame: ${err.message}`);
			return;
		}
		const p = this.pending.get(id);
		if (!p) return;
		this.pending.delete(id);
		if (header.error) {
			const e = header.error as ErrorPayload;
			p.reject(new HelperError(e.code, e.message, e.details));
		} else {
			p.resolve(header.result ?? null);
		}
	}

	private emit(name: EventName, header: Record<string, unknown>, data?: Buffer): void {
		for (const l of this.listeners.get(name) ?? []) {
			try {
				(l as (e: unknown, d?: Uint8Array) => void)(header, data);
			} catch (err) {
				this.o.log?.(`event listener for '${name}' threw: ${(err as Error).message}`);
			}
		}
	}

	/**
	 * Connects to the helper's output socket and delivers what arrives as `stdout` events (the socket is
	 * the container's stdout). If the connection fails the helper gives up waiting and sends frames.
	 */
	private connectDirect(path: string): void {
		this.direct?.destroy();
		// Reads go straight into memory handed to listeners as is (no stream buffering, no copy), and a
		// read takes everything queued (not 64 KiB at a time): one reused buffer when the listeners copy
		// what they keep, else slab memory they may keep (no per-read allocation either way).
		const reused = this.o.reuseOutputBuffer ? Buffer.allocUnsafeSlow(REUSED_READ_BYTES) : undefined;
		const slab = reused ? undefined : new ReadSlab();
		const sock = connect({
			path,
			onread: {
				buffer: reused ?? (() => slab!.next()),
				callback: (n: number, buf: Uint8Array): boolean => {
					const chunk = slab ? slab.take(buf as Buffer, n) : (buf as Buffer).subarray(0, n);
					this.emit('stdout', { event: 'stdout', size: n }, chunk);
					return true;
				},
			},
		});
		this.direct = sock;
		if (this.outputPaused) sock.pause();
		const done = () => {
			if (this.direct !== sock) return;
			this.direct = undefined;
			const held = this.heldExited;
			this.heldExited = undefined;
			if (held) this.emit('exited', held);
		};
		sock.on('error', (err) => {
			this.o.log?.(`output socket ${path}: ${err.message}`);
			done();
		});
		sock.on('end', done);
		sock.on('close', done);
	}

	private onClose(code: number | null, signal: NodeJS.Signals | null): void {
		this.exitInfo = { code, signal };
		const why = `the helper exited (${signal ?? `status ${code}`})${this.stderrTail ? `: ${lastLine(this.stderrTail)}` : ''}`;
		for (const p of this.pending.values()) p.reject(new HelperError('internal', why));
		this.pending.clear();
		for (const l of [...this.exitListeners]) l(code, signal);
		this.exitListeners.clear();
	}

	/** Why the helper exited before saying it was ready. */
	private startFailure(code: number | null, signal: string | null): HelperError {
		const text = this.stderrTail;
		if (this.via === 'sudo' && /sudo:.*(password|not allowed|may not run|is not in the sudoers|not permitted)/i.test(text)) {
			return new HelperError('not-permitted', sudoHowTo({ cliPath: this.o.cliPath, nodePath: this.o.nodePath }), { stderr: text });
		}
		if (this.via === 'pkexec' && (code === 126 || code === 127)) {
			return new HelperError('not-permitted', pkexecHowTo({ cliPath: this.o.cliPath, nodePath: this.o.nodePath }, code, lastLine(text)), { stderr: text });
		}
		const refused = /oci-restore helper: refusing/.exec(text);
		if (refused) return new HelperError('not-permitted', lastLine(text));
		return new HelperError('internal', `the helper exited before it was ready (${signal ?? `status ${code}`}): ${lastLine(text) || 'no output'}`);
	}
}

function lastLine(text: string): string {
	const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
	return lines[lines.length - 1] ?? '';
}
