import { existsSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { Events } from '../common/helperProtocol';
import type { KeeperEvent, KeeperInput } from './consoleKeeper';
import type { PipeKeeperEvent, PipeKeeperInput } from './pipeKeeper';
import { encodeFrame, FrameReader, type Frame } from './framing';
import type { FrameWriter } from './frameWriter';
import { HelperError } from './helperError';
import type { RuncCommands } from './runcTool';

/** How long the keeper gets to greet a new client. */
const HELLO_TIMEOUT_MS = 10_000;

/** What `attach` resolves with. */
export interface AttachResult {
	id: string;
	/** The container's pid (0 when the keeper has not read it yet). */
	pid: number;
	keeperPid: number;
	/** True for a console (terminal container), false for a pipe keeper (stdin, stdout and stderr). */
	terminal: boolean;
}

/**
 * An `attach` to a container restored detached: connects to its keeper's attach socket (the console
 * keeper of a terminal container, the pipe keeper of a pipe-mode one; the keeper's greeting says
 * which) and relays like an attached restore does: the keeper's replay and live output as `stdout`
 * (and, for pipes, `stderr`) events with backpressure, `stdin` to the container (an empty chunk: ^D on
 * a console, EOF on a pipe), `resize` to a console, `signal` through runc. Ending the job only
 * detaches; the container and its keeper keep running. When the keeper hangs up (the container is
 * gone) a `consoleClosed` event ends the job.
 */
export class AttachJob {
	private socket: Socket | undefined;
	private ended = false;
	private terminal = true;
	private resolveDone!: () => void;
	/** Resolves once the job is over (detached, or the console closed). */
	readonly done: Promise<void>;

	constructor(
		private readonly id: string,
		private readonly socketPath: string,
		private readonly out: FrameWriter,
		private readonly runc: RuncCommands,
	) {
		this.done = new Promise((res) => (this.resolveDone = res));
	}

	get isActive(): boolean {
		return !this.ended;
	}

	/** Connects and waits for the keeper's greeting; then output flows. Sends the size first when given. */
	start(size?: { cols: number; rows: number }): Promise<AttachResult> {
		if (!existsSync(this.socketPath)) {
			this.finish();
			return Promise.reject(new HelperError('not-found', `container '${this.id}' has no console or pipe keeper: attach works for containers restored detached by oci-restore, while they run`, 'id'));
		}
		return new Promise((resolve, reject) => {
			const socket = (this.socket = connect(this.socketPath));
			let greeted = false;
			const timer = setTimeout(() => fail(new HelperError('internal', `the keeper of '${this.id}' did not answer`)), HELLO_TIMEOUT_MS);
			const fail = (err: HelperError) => {
				clearTimeout(timer);
				socket.destroy();
				this.finish();
				reject(err);
			};
			socket.on('error', (err: NodeJS.ErrnoException) => {
				if (greeted) return;
				if (err.code === 'ECONNREFUSED') {
					// A keeper that died without removing its socket (killed): nobody holds that console any more.
					rmSync(this.socketPath, { force: true });
					fail(new HelperError('not-found', `the keeper of '${this.id}' is gone (the container's console or pipes closed)`, 'id'));
				} else fail(new HelperError('internal', `cannot reach the keeper of '${this.id}': ${err.message}`));
			});
			const reader = new FrameReader((f) => {
				if (!greeted && f.ok && (f.header as AnyKeeperEvent).type === 'hello') {
					greeted = true;
					clearTimeout(timer);
					const h = f.header as Extract<AnyKeeperEvent, { type: 'hello' }>;
					// Console keepers from before pipe keepers existed send no `terminal`.
					this.terminal = h.terminal !== false;
					if (size && this.terminal) this.send({ type: 'resize', cols: size.cols, rows: size.rows });
					resolve({ id: this.id, pid: h.pid, keeperPid: h.keeperPid, terminal: this.terminal });
					return;
				}
				this.onKeeperFrame(f);
			});
			socket.on('data', (chunk: Buffer) => reader.push(chunk));
			socket.on('close', () => {
				if (!greeted) fail(new HelperError('internal', `the keeper of '${this.id}' closed the connection`));
				else this.closed('the keeper went away');
			});
		});
	}

	/**
	 * Sends bytes to the container's stdin; an empty chunk ends input: EOF on a pipe, ^D on a console
	 * (a terminal has no EOF of its own).
	 */
	writeStdin(data: Buffer): boolean {
		if (this.ended) throw new HelperError('conflict', `the container's ${this.terminal ? 'console' : 'stdin'} is closed`);
		if (data.length > 0) return this.send({ type: 'stdin', size: data.length }, data);
		return this.terminal ? this.send({ type: 'stdin', size: 1 }, Buffer.from([4])) : this.send({ type: 'eof' });
	}

	onStdinDrain(listener: () => void): void {
		const s = this.socket;
		if (!s || s.destroyed) listener();
		else s.once('drain', listener).once('close', listener);
	}

	resize(cols: number, rows: number): void {
		if (!this.terminal) throw new HelperError('unsupported', 'resize needs a terminal container (process.terminal: true); this one has pipes');
		if (cols < 1 || rows < 1 || cols > 10000 || rows > 10000) throw new HelperError('bad-request', 'cols and rows must be between 1 and 10000', 'cols');
		if (!this.ended) this.send({ type: 'resize', cols, rows });
	}

	async signal(signal: string): Promise<void> {
		const name = signal.startsWith('SIG') || /^\d+$/.test(signal) ? signal : `SIG${signal}`;
		await this.runc.kill(this.id, name);
	}

	/** Detaches: the container and its keeper keep running. */
	cancel(_reason: string): string {
		if (this.ended) return 'nothing to cancel';
		this.socket?.end();
		this.finish();
		return `detached from '${this.id}'; it keeps running`;
	}

	private onKeeperFrame(f: Frame): void {
		if (!f.ok || this.ended) return;
		const h = f.header as AnyKeeperEvent;
		if (h.type === 'output' && f.data && f.data.length > 0) {
			const stream = 'stream' in h && h.stream === 'stderr' ? 'stderr' : 'stdout';
			if (!this.out.write({ event: stream, size: f.data.length }, f.data)) {
				this.socket?.pause();
				void this.out.whenDrained().then(() => this.socket?.resume());
			}
		} else if (h.type === 'hangup') this.closed(h.reason);
	}

	private closed(reason: string): void {
		if (this.ended) return;
		const e: Events['consoleClosed'] = { id: this.id, reason };
		this.out.write({ event: 'consoleClosed', ...e });
		this.socket?.destroy();
		this.finish();
	}

	private send(e: KeeperInput | PipeKeeperInput, data?: Buffer): boolean {
		const s = this.socket;
		if (!s || s.destroyed) return true;
		let ok = true;
		for (const part of encodeFrame(e, data)) ok = s.write(part);
		return ok;
	}

	private finish(): void {
		this.ended = true;
		this.resolveDone();
	}
}

type AnyKeeperEvent = KeeperEvent | PipeKeeperEvent;
