import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CriuError, Events } from '../common/helperProtocol';
import type { FrameWriter } from './frameWriter';
import { ConsoleReceiver } from './consoleReceiver';
import { HelperError } from './helperError';
import { OutputCoalescer } from './outputCoalescer';
import { PipeKeeperLauncher } from './pipeKeeperLauncher';
import { isAlive, killTree } from './processTree';
import type { Planner, RestorePlan } from './planner';
import type { ProcessHost, PtyProcess } from './processHost';
import { RuncCommands, writeRestoredRecord } from './runcTool';
import { CONSOLE_LOG, DETACHED_LOG } from './workDirFiles';

type Phase = 'restoring' | 'running' | 'ended';

/** How long runc gets to exit on its own after the container was killed, before its group is killed. */
const EXIT_GRACE_MS = 5000;
/** How often the pid file is looked for when inotify misses it. */
const PID_POLL_MS = 25;

/**
 * One `runc restore`: started in the foreground on pipes or on a pty (attached), or with `-d` (detached).
 * Streams the container's output as stdout/stderr events with backpressure, forwards stdin, resizes
 * and signals, and guarantees that an attached container never outlives the job: `cancel` kills the
 * container (or, while CRIU is still restoring, runc, CRIU and everything they forked) and removes
 * runc's state for the id.
 */
export class RestoreJob {
	private phase: Phase = 'restoring';
	private child: ChildProcess | undefined;
	private pty: PtyProcess | undefined;
	/** Terminal + detach: receives runc's console for the keeper that outlives this job. */
	private consoleReceiver: ConsoleReceiver | undefined;
	/** Settles once the keeper holds the console (or the container was removed because it could not). */
	private keeperTakeover: Promise<void> | undefined;
	/** Pipes + detach: runs runc in the foreground and keeps the container's stdio once this job ends. */
	private pipeKeeper: PipeKeeperLauncher | undefined;
	private runcPid = 0;
	private containerPid = 0;
	private readonly runc: RuncCommands;
	private stderrTail = '';
	/** Pipe mode: the container's output on its way to the client, joined per event-loop turn. */
	private output: OutputCoalescer | undefined;
	/** Pipe mode, `output: 'direct'`: the client's own connection, handed to runc as its stdout. */
	private directStdout: Socket | undefined;
	private cancelReason: string | undefined;
	private cancelSteps: string[] = [];
	private watcher: FSWatcher | undefined;
	private pollTimer: NodeJS.Timeout | undefined;
	private exitWaiters: (() => void)[] = [];
	private exited = false;
	private startedAt = 0;
	private resolveStart!: (r: { pid: number; workPath: string; imagePath: string }) => void;
	private rejectStart!: (e: HelperError) => void;
	/** Settles with the `restore` response. */
	readonly started: Promise<{ pid: number; workPath: string; imagePath: string }>;
	private resolveDone!: () => void;
	/** Resolves once the job is over: runc gone, state cleaned, `exited` sent when attached. */
	readonly done: Promise<void>;

	constructor(
		private readonly plan: RestorePlan,
		private readonly host: ProcessHost,
		private readonly out: FrameWriter,
		private readonly planner: Planner,
	) {
		this.runc = new RuncCommands(host, plan.runc);
		this.started = new Promise((res, rej) => {
			this.resolveStart = res;
			this.rejectStart = rej;
		});
		this.started.catch(() => undefined);
		this.done = new Promise((res) => (this.resolveDone = res));
	}

	get isAttached(): boolean {
		return !this.plan.detach;
	}

	/** True while the job still holds a process or a container that must be cleaned up. */
	get isActive(): boolean {
		return this.phase !== 'ended';
	}

	/** Starts runc; the `started` promise settles when the restore is done or failed. */
	async start(): Promise<void> {
		// runc keeps one directory per id under its root; reading it is what `runc state` does, minus a process.
		if (existsSync(this.runc.stateDir(this.plan.id))) {
			const existing = await this.runc.stateOrUndefined(this.plan.id).catch(() => undefined);
			this.finish();
			const what = existing ? `${existing.status}, pid ${existing.pid}` : `runc cannot load its state in ${this.runc.stateDir(this.plan.id)}`;
			throw new HelperError('conflict', `container id '${this.plan.id}' is in use (${what}): choose another id or delete it with 'runc delete --force ${this.plan.id}'`);
		}
		mkdirSync(this.plan.workPath, { recursive: true, mode: 0o700 });
		mkdirSync(dirname(this.plan.runcPidFile), { recursive: true, mode: 0o700 });
		rmSync(this.plan.runcPidFile, { force: true });
		if (this.plan.console) {
			const receiver = (this.consoleReceiver = new ConsoleReceiver(this.plan.console, this.plan.id, this.plan.runcPidFile));
			try {
				receiver.start(this.host);
				// runc fails at once when nobody listens on its --console-socket.
				await receiver.listening;
			} catch (err) {
				this.finish();
				throw err;
			}
		}
		this.startedAt = Date.now();
		const { runc, argv, terminal, detach } = this.plan;
		if (terminal && !detach) {
			this.pty = this.host.spawnPty(runc.path, argv, { env: { ...runc.env, TERM: 'xterm-256color' }, cwd: this.plan.bundle, cols: this.plan.cols, rows: this.plan.rows });
			this.runcPid = this.pty.pid;
			this.pty.onData((d) => {
				if (!this.out.write({ event: 'stdout', size: d.length }, d)) {
					this.pty!.pause();
					void this.out.whenDrained().then(() => this.pty?.resume());
				}
			});
			this.pty.onExit((e) => this.onRuncExit(e.exitCode, e.signal ? signalName(e.signal) : null));
		} else if (this.plan.pipeKeeper) {
			// Pipes + detach: the keeper runs runc in the foreground, so the container gets real pipes of
			// runc's (it can be checkpointed again) that outlive this helper, and attach can reach them.
			const keeper = (this.pipeKeeper = new PipeKeeperLauncher(this.plan.pipeKeeper, this.plan.id, this.plan.runcPidFile));
			keeper.onEnd((code, signal, error) => {
				if (error) this.stderrTail = (this.stderrTail + error + '\n').slice(-8192);
				this.onRuncExit(code, signal);
			});
			keeper.start(this.host, { path: runc.path, argv, env: runc.env, cwd: this.plan.bundle });
			// Killing the keeper's tree (cancel) ends runc and CRIU with it.
			this.runcPid = keeper.pid;
		} else {
			let stdio: 'pipe' | [unknown, unknown, unknown] = 'pipe';
			if (detach) {
				// A detached container cannot keep the helper's pipes (they break when the helper exits and the
				// container dies of SIGPIPE): its stdin is /dev/null and its output goes to a log in the work dir.
				const fd = openSync(join(this.plan.workPath, DETACHED_LOG), 'a', 0o600);
				stdio = ['ignore', fd, fd];
				this.child = this.host.spawn(runc.path, argv, { env: runc.env, cwd: this.plan.bundle, stdio });
				closeSync(fd);
			} else {
				// Direct output: the container writes to the client itself; the helper relays only stderr (runc's
				// own errors are there, and failures are explained from them).
				if (this.directStdout) stdio = ['pipe', this.directStdout, 'pipe'];
				this.child = this.host.spawn(runc.path, argv, { env: runc.env, cwd: this.plan.bundle, stdio });
				this.releaseDirectStdout();
			}
			const child = this.child;
			this.runcPid = child.pid ?? 0;
			child.on('error', (err) => {
				this.rejectStart(new HelperError('internal', `cannot start runc: ${err.message}`));
				this.finish();
			});
			if (child.stderr) {
				const pump = (name: 'stdout' | 'stderr', stream: NodeJS.ReadableStream) => {
					stream.on('data', (d: Buffer) => {
						if (name === 'stderr' && this.phase === 'restoring') this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-8192);
						output.push(name, d);
					});
				};
				const output = (this.output = new OutputCoalescer(
					this.out,
					() => {
						child.stdout?.pause();
						child.stderr!.pause();
					},
					() => {
						child.stdout?.resume();
						child.stderr!.resume();
					},
				));
				if (child.stdout) pump('stdout', child.stdout);
				pump('stderr', child.stderr);
				child.stdin!.on('error', () => undefined); // the container may close its stdin first
			}
			// 'close' waits for the pipes to drain, so every output byte is sent before `exited`.
			child.on('close', (code, signal) => this.onRuncExit(code, signal));
		}
		this.event('log', { level: 'info', message: `runc ${this.plan.argv.join(' ')} (${this.pipeKeeper ? `in the pipe keeper, pid ${this.runcPid}` : `pid ${this.runcPid}`}, work dir ${this.plan.workPath})` });
		this.watchPidFile();
	}

	/**
	 * Pipe mode, attached: `sock` (the client's connection to the helper's output socket) becomes runc's
	 * stdout, so the container's output reaches the client without passing through the helper. Call
	 * before `start`; the job closes the helper's copy once runc has it (or when the job ends).
	 */
	useDirectStdout(sock: Socket): void {
		this.directStdout = sock;
	}

	/** Closes the helper's copy (close, never shutdown: runc's and the container's copies stay open). */
	private releaseDirectStdout(): void {
		this.directStdout?.destroy();
		this.directStdout = undefined;
	}

	/** Forwards bytes to the container's stdin; an empty chunk closes it. False: wait for `onStdinDrain`. */
	writeStdin(data: Buffer): boolean {
		if (this.phase === 'ended') throw new HelperError('conflict', 'the container has exited');
		if (this.plan.detach) throw new HelperError('conflict', `a detached container's ${this.plan.console ? 'console' : 'stdin'} is held by its keeper: send input through an attach request`);
		if (this.pty) {
			// A terminal has no EOF of its own: ^D is what ends input on a tty in canonical mode.
			this.pty.write(data.length === 0 ? Buffer.from([4]) : data);
			return true;
		}
		const stdin = this.child?.stdin;
		if (!stdin || stdin.destroyed || stdin.writableEnded) throw new HelperError('conflict', 'the container\'s stdin is closed');
		if (data.length === 0) {
			stdin.end();
			return true;
		}
		return stdin.write(data);
	}

	onStdinDrain(listener: () => void): void {
		const stdin = this.child?.stdin;
		if (!stdin || stdin.destroyed) listener();
		else stdin.once('drain', listener).once('close', listener);
	}

	resize(cols: number, rows: number): void {
		if (!this.pty) throw new HelperError('unsupported', 'resize needs a terminal container (process.terminal: true)');
		if (cols < 1 || rows < 1 || cols > 10000 || rows > 10000) throw new HelperError('bad-request', 'cols and rows must be between 1 and 10000', 'cols');
		if (this.phase !== 'ended') this.pty.resize(cols, rows);
	}

	/**
	 * Sends a signal to the container. While CRIU is still restoring there is no container to signal:
	 * an interrupt or termination then cancels the restore, anything else is refused.
	 */
	async signal(signal: string): Promise<void> {
		const name = signal.startsWith('SIG') || /^\d+$/.test(signal) ? signal : `SIG${signal}`;
		if (this.phase === 'restoring') {
			if (['SIGINT', 'SIGTERM', 'SIGKILL', 'SIGHUP', 'SIGQUIT'].includes(name)) {
				await this.cancel(`${name} during the restore`);
				return;
			}
			throw new HelperError('conflict', `the container is still being restored; ${name} can only be sent once it runs`);
		}
		if (this.phase === 'ended') throw new HelperError('conflict', 'the container has exited');
		await this.runc.kill(this.plan.id, name);
	}

	/**
	 * Ends the job. Attached: the container is killed and deleted (a detached, restored container is
	 * left alone). While restoring: runc, CRIU and every process they forked are killed, and runc's
	 * half-written state is removed. Resolves with what was done.
	 */
	async cancel(reason = 'cancelled'): Promise<string> {
		if (this.phase === 'ended') return 'nothing to cancel';
		if (this.phase === 'running' && this.plan.detach) return 'the detached container keeps running';
		if (this.cancelReason === undefined) {
			this.cancelReason = reason;
			if (this.phase === 'restoring') {
				const secs = ((Date.now() - this.startedAt) / 1000).toFixed(1);
				const killed = killTree(this.runcPid);
				const names = [...new Set(killed.map((k) => k.comm).filter(Boolean))].join(', ');
				this.cancelSteps.push(`stopped the restore after ${secs} s (killed ${killed.length} process${killed.length === 1 ? '' : 'es'}${names ? `: ${names}` : ''})`);
			} else {
				await this.runc.kill(this.plan.id, 'SIGKILL').then(
					() => this.cancelSteps.push(`killed container '${this.plan.id}'`),
					(err: unknown) => this.cancelSteps.push(`runc kill failed: ${(err as Error).message}`),
				);
			}
			if (!(await this.waitExit(EXIT_GRACE_MS))) {
				killTree(this.runcPid);
				await this.waitExit(EXIT_GRACE_MS);
			}
		}
		await this.done;
		return this.cancelSteps.join('; ');
	}

	private waitExit(ms: number): Promise<boolean> {
		if (this.exited) return Promise.resolve(true);
		return new Promise((resolve) => {
			const t = setTimeout(() => resolve(this.exited), ms);
			this.exitWaiters.push(() => {
				clearTimeout(t);
				resolve(true);
			});
		});
	}

	private watchPidFile(): void {
		const check = () => {
			if (this.phase !== 'restoring' || this.cancelReason !== undefined) return;
			let text: string;
			try {
				text = readFileSync(this.plan.runcPidFile, 'utf8');
			} catch {
				return;
			}
			const pid = Number(text.trim());
			if (!Number.isSafeInteger(pid) || pid <= 0) return; // runc writes it atomically; be safe anyway
			this.onRestored(pid);
		};
		try {
			// runc writes the pid file as a dot file renamed into place; nothing else writes in its directory.
			const pidName = basename(this.plan.runcPidFile);
			this.watcher = watch(dirname(this.plan.runcPidFile), (_event, name) => {
				if (name === null || String(name) === pidName) check();
			});
			this.watcher.on('error', () => undefined);
		} catch {
			// inotify unavailable: polling alone still works
		}
		this.pollTimer = setInterval(check, PID_POLL_MS);
		check();
	}

	private stopWatching(): void {
		this.watcher?.close();
		this.watcher = undefined;
		if (this.pollTimer) clearInterval(this.pollTimer);
		this.pollTimer = undefined;
	}

	private onRestored(pid: number): void {
		this.stopWatching();
		this.phase = 'running';
		this.containerPid = pid;
		if (this.plan.userPidFile) {
			const tmp = `${this.plan.userPidFile}.${process.pid}.tmp`;
			try {
				writeFileSync(tmp, String(pid), { mode: 0o644 });
				renameSync(tmp, this.plan.userPidFile);
			} catch (err) {
				this.event('log', { level: 'warn', message: `cannot write pid file ${this.plan.userPidFile}: ${(err as Error).message}` });
			}
		}
		if (this.consoleReceiver) {
			this.keeperTakeover = this.keeperTakesOver(this.consoleReceiver, pid);
			return;
		}
		if (this.pipeKeeper) {
			this.keeperTakeover = this.pipeKeeperTakesOver(this.pipeKeeper, pid);
			return;
		}
		if (this.plan.detach) {
			this.event('log', { level: 'info', message: `detached: container '${this.plan.id}' runs on its own; its stdout and stderr go to ${join(this.plan.workPath, DETACHED_LOG)}` });
		}
		this.announce(pid);
	}

	/**
	 * Terminal + detach: the restore is only done once our keeper holds the console. Without it the
	 * container would run on a terminal nobody reads (or one that hung up), so it is removed instead.
	 */
	private async keeperTakesOver(receiver: ConsoleReceiver, pid: number): Promise<void> {
		try {
			const keeperPid = await receiver.waitReady();
			const log = this.plan.console ? join(this.plan.workPath, CONSOLE_LOG) : '';
			this.event('log', { level: 'info', message: `detached: container '${this.plan.id}' runs on its own; its console is held by keeper pid ${keeperPid} (attach to it; its output is also in ${log})` });
			this.announce(pid);
		} catch (err) {
			await this.runc.kill(this.plan.id, 'SIGKILL').catch(() => undefined);
			const cleaned = await this.runc.cleanup(this.plan.id);
			this.rejectStart(new HelperError('internal', `${(err as Error).message}; ${cleaned}`));
		}
	}

	/**
	 * Pipes + detach: the restore is done once the keeper runs runc (it listens on its attach socket
	 * before that). runc stays in the foreground inside the keeper, so this job ends here, not when runc
	 * exits; from now on the keeper alone looks after the container.
	 */
	private async pipeKeeperTakesOver(keeper: PipeKeeperLauncher, pid: number): Promise<void> {
		try {
			await keeper.started;
		} catch (err) {
			await this.runc.kill(this.plan.id, 'SIGKILL').catch(() => undefined);
			const cleaned = await this.runc.cleanup(this.plan.id);
			this.rejectStart(new HelperError('internal', `${(err as Error).message}; ${cleaned}`));
			return;
		}
		keeper.release();
		const log = join(this.plan.workPath, DETACHED_LOG);
		this.event('log', { level: 'info', message: `detached: container '${this.plan.id}' runs on its own; its stdin, stdout and stderr are held by keeper pid ${keeper.pid} (attach to it; its output is also in ${log})` });
		this.announce(pid);
		this.finish();
	}

	/** Tells the client the container runs. */
	private announce(pid: number): void {
		writeRestoredRecord(this.plan.id, pid, this.plan.imagePath);
		this.event('started', { pid, id: this.plan.id, terminal: this.plan.terminal });
		this.resolveStart({ pid, workPath: this.plan.workPath, imagePath: this.plan.imagePath });
	}

	private onRuncExit(code: number | null, signal: string | null): void {
		if (this.exited) return;
		this.exited = true;
		for (const w of this.exitWaiters.splice(0)) w();
		// A detached restore ends with runc exiting 0 right after writing the pid file; an attached container
		// can also finish before the watcher saw the pid file. Either way runc did restore it.
		if (this.phase === 'restoring' && this.cancelReason === undefined && (!this.plan.detach || code === 0)) {
			try {
				const pid = Number(readFileSync(this.plan.runcPidFile, 'utf8').trim());
				if (pid > 0) this.onRestored(pid);
			} catch {
				// no pid file: treated as a failure below
			}
		}
		void this.afterExit(code, signal);
	}

	private async afterExit(code: number | null, signal: string | null): Promise<void> {
		this.stopWatching();
		try {
			if (this.phase === 'restoring') {
				await this.restoreFailed(code, signal);
			} else if (this.keeperTakeover) {
				await this.keeperTakeover;
			} else if (!this.plan.detach) {
				// runc gives the container's status (128+n when a signal killed it); report it as runc does.
				const status = code ?? 128 + signalNumber(signal);
				const exited: Events['exited'] = { code: status };
				if (status > 128) exited.signal = signalName(status - 128) ?? undefined;
				this.event('exited', exited);
				const cleaned = await this.runc.cleanup(this.plan.id);
				if (this.cancelReason !== undefined) this.cancelSteps.push(cleaned);
				// A work directory the helper made for a restore that worked holds nothing anyone needs; failed
				// restores keep theirs (restore.log is what explains them). Never recursively across a mount.
				if (this.plan.workPathCreated && (await this.runc.unmountAll(this.plan.workPath)).left.length === 0) {
					rmSync(this.plan.workPath, { recursive: true, force: true });
				}
			}
		} catch (err) {
			this.event('log', { level: 'error', message: `cleanup after runc exited: ${(err as Error).message}` });
		} finally {
			this.phase = 'ended';
			this.finish();
		}
	}

	private async restoreFailed(code: number | null, signal: string | null): Promise<void> {
		const logPath = join(this.plan.workPath, 'restore.log');
		let errors: CriuError[] = [];
		if (existsSync(logPath)) {
			try {
				errors = this.planner.parseCriuLog(readFileSync(logPath, 'utf8'), logPath);
			} catch {
				errors = [];
			}
		}
		// Leftover processes of the restore (a restored task whose parent died) must not survive it.
		if (this.containerPid === 0) for (const pid of [this.runcPid]) if (isAlive(pid)) killTree(pid);
		const cleaned = await this.runc.cleanup(this.plan.id);
		this.cancelSteps.push(cleaned);
		// A CRIU killed (or failed) mid-restore leaves its cgroup yard (.criu.cgyard.*: tmpfs with every
		// cgroup controller mounted) in the work directory.
		const yard = await this.runc.unmountAll(this.plan.workPath);
		if (yard.unmounted) this.cancelSteps.push(`unmounted ${yard.unmounted} mount${yard.unmounted > 1 ? 's' : ''} CRIU left in ${this.plan.workPath}`);
		if (yard.left.length) this.cancelSteps.push(`still mounted: ${yard.left.join(', ')}`);
		if (this.cancelReason !== undefined) {
			this.rejectStart(new HelperError('cancelled', `restore of '${this.plan.id}' cancelled (${this.cancelReason}): ${this.cancelSteps.join('; ')}`, { steps: this.cancelSteps, log: existsSync(logPath) ? logPath : undefined }));
			return;
		}
		for (const e of errors) this.event('criuError', e);
		if (errors.length > 0) {
			const first = errors[0];
			this.rejectStart(new HelperError('criu-failed', `CRIU could not restore '${this.plan.id}': ${first.message} (${first.file}:${first.line}, ${first.log}:${first.logLine}); ${cleaned}`, errors));
			return;
		}
		let detail = this.stderrTail;
		if (this.plan.detach) {
			try {
				detail = readFileSync(join(this.plan.workPath, DETACHED_LOG), 'utf8').slice(-8192);
			} catch {
				// keep what we have
			}
		}
		const status = code !== null ? `exit status ${code}` : `signal ${signal}`;
		this.rejectStart(new HelperError('runc-failed', `runc restore of '${this.plan.id}' failed (${status}): ${lastErrorLine(detail)}; ${cleaned}`));
	}

	private finish(): void {
		this.releaseDirectStdout();
		this.consoleReceiver?.abandon();
		this.phase = 'ended';
		this.stopWatching();
		this.resolveDone();
	}

	private event<E extends keyof Events>(name: E, body: Events[E]): void {
		// Output read before this event goes out before it.
		this.output?.flush();
		this.out.write({ event: name, ...body });
	}
}

/** runc's most telling line: the last `level=error` message, else the last non-empty line. */
function lastErrorLine(text: string): string {
	const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
	const errLine = [...lines].reverse().find((l) => /level=(error|fatal)|^ERRO|error/i.test(l)) ?? lines[lines.length - 1] ?? '(runc printed nothing)';
	const m = /msg="((?:[^"\\]|\\.)*)"/.exec(errLine);
	return m ? m[1].replace(/\\"/g, '"') : errLine;
}

const SIGNALS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 6: 'SIGABRT', 9: 'SIGKILL', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM' };

function signalName(n: number): string | null {
	return SIGNALS[n] ?? null;
}

function signalNumber(name: string | null): number {
	if (!name) return 0;
	const entry = Object.entries(SIGNALS).find(([, v]) => v === name);
	return entry ? Number(entry[0]) : 0;
}
