/**
 * One restore: the helper process that runs `runc restore`, the container's output (kept whole so a
 * terminal opened later, or a test, sees everything), its input and its exit status. Terminals are
 * views of a job (RestorePty); closing one does not have to end the container.
 */
import * as vscode from 'vscode';
import { HelperClient, HelperError } from '../../../server/src/helper/client';
import type { CriuError, PreflightResult, RestoreParams } from '../../../server/src/common/helperProtocol';
import type { ExtensionSettings } from '../../../server/src/common/settings';
import type { Ctx } from '../ctx';
import { helperStartKey, startHelper, toolPaths } from '../helperSession';
import { exitStatusLine } from './exitStatusLine';
import type { HelperLease } from './helperLease';

export type RestoreJobState = 'idle' | 'preflight' | 'restoring' | 'running' | 'detached' | 'exited' | 'failed';

/** What `ociRestore.restoreFromCheckpoint` returns (tests and tasks use it). */
export interface RestoreJobHandle {
	id: string;
	terminalName: string;
	/** The restored container's init pid (host pid namespace). */
	pid: number;
	/** The container's exit status (128+signal when killed); 0 for a detached restore; 1 when it failed. */
	exitCode: Promise<number>;
	/** Everything written to the terminal so far, ANSI included. */
	output(): string;
}

const red = (s: string): string => `\x1b[31m${s}\x1b[0m`;
const dim = (s: string): string => `\x1b[2m${s}\x1b[0m`;

export class RestoreJob implements vscode.Disposable {
	readonly terminalName: string;
	state: RestoreJobState = 'idle';
	pid = 0;
	/** The container has a terminal (`process.terminal`): input is raw bytes for its pty. */
	tty = false;
	/** Work directory of this restore (holds restore.log). */
	workPath: string | undefined;
	/** Set when this window checkpointed the container (its end is then expected, not a crash). */
	checkpointedTo: string | undefined;
	/** CRIU errors of a failed restore, the cause first. */
	criuErrors: CriuError[] = [];
	readonly exitCode: Promise<number>;

	private helper: HelperClient | undefined;
	/** The terminal's latest size: a TTY container starts with it and follows its changes. */
	private size: { cols: number; rows: number } | undefined;
	private buffer = '';
	private line = '';
	private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
	private readonly written = new vscode.EventEmitter<string>();
	private readonly ended = new vscode.EventEmitter<number>();
	/** Text for the terminal(s). */
	readonly onDidWrite = this.written.event;
	/** The job ended (container exited, restore failed, or detached). */
	readonly onDidEnd = this.ended.event;
	private resolveExit!: (code: number) => void;
	private finished = false;

	/**
	 * @param lease a helper started ahead (by the command, while the user picked): preflight takes it
	 *   instead of starting one, unless the helper settings changed meanwhile or it has exited
	 */
	constructor(private readonly ctx: Ctx, readonly params: RestoreParams, private readonly settings: ExtensionSettings, private readonly lease?: HelperLease) {
		this.terminalName = `restore: ${params.id}`;
		this.exitCode = new Promise((resolve) => {
			this.resolveExit = resolve;
		});
	}

	get id(): string {
		return this.params.id;
	}

	/** The job is still attached to a live container or restore. */
	get active(): boolean {
		return this.state === 'preflight' || this.state === 'restoring' || this.state === 'running';
	}

	handle(): RestoreJobHandle {
		return { id: this.id, terminalName: this.terminalName, pid: this.pid, exitCode: this.exitCode, output: () => this.buffer };
	}

	output(): string {
		return this.buffer;
	}

	/** Appends text for the terminal (and to the kept output). */
	write(text: string): void {
		this.buffer += text;
		this.written.fire(text);
	}

	/** Starts the helper (or takes the one started ahead) and runs its pre-flight checks; nothing has run yet when this rejects. */
	async preflight(): Promise<PreflightResult> {
		this.state = 'preflight';
		try {
			this.helper = await this.acquireHelper();
			this.listen(this.helper);
			const { id, bundle, imagePath, detach } = this.params;
			// `detach`: a terminal container restored detached also needs python3, checked here too.
			return await this.helper.request('preflight', { id, bundle, imagePath, ...(detach ? { detach } : {}), ...toolPaths(this.settings) });
		} catch (err) {
			this.fail(err);
			throw err;
		}
	}

	private async acquireHelper(): Promise<HelperClient> {
		const lease = this.lease;
		if (!lease?.held || !lease.matches(helperStartKey(this.settings))) {
			lease?.dispose();
			return startHelper(this.ctx, this.settings);
		}
		const helper = await lease.take();
		if (!helper.hasExited) return helper;
		this.ctx.log.debug(`the helper started ahead for ${this.id} has exited; starting another`);
		return startHelper(this.ctx, this.settings);
	}

	/** Runs the restore on the helper started by preflight(); resolves once the container runs. */
	async restore(token?: vscode.CancellationToken): Promise<RestoreJobHandle> {
		if (!this.helper) throw new Error('restore() before preflight()');
		const helper = this.helper;
		this.state = 'restoring';
		const cancel = token?.onCancellationRequested(() => void this.kill());
		try {
			const size = this.size && this.params.cols === undefined && this.params.rows === undefined ? this.size : {};
			const result = await helper.request('restore', { ...this.params, ...size, ...toolPaths(this.settings) });
			this.pid = this.pid || result.pid;
			this.workPath = result.workPath;
			if (this.params.detach) {
				this.state = 'detached';
				const where = `${this.tty ? 'its console' : `its stdin, stdout and stderr (output also in ${result.workPath}/container.log)`}: Open Terminal on it in the Containers view`;
				this.write(dim(`[detached: ${this.id} is running as pid ${this.pid}; ${where}; restore log in ${result.workPath}]`) + '\r\n');
				this.finish(0);
			} else if (this.state === 'restoring') {
				this.state = 'running';
			}
			return this.handle();
		} catch (err) {
			this.fail(err);
			throw err;
		} finally {
			cancel?.dispose();
		}
	}

	/** Ends the job before it ran (e.g. failed pre-flight checks), saying why in the terminal. */
	abort(message: string): void {
		this.fail(new Error(message));
	}

	/** Keys typed in a terminal. Pipe mode has no pty, so the job does line editing and echo itself. */
	input(data: string): void {
		const helper = this.helper;
		if (!helper || !(this.state === 'running' || this.state === 'restoring')) return;
		if (this.tty) {
			helper.writeStdin(Buffer.from(data, 'utf8'));
			return;
		}
		for (let i = 0; i < data.length; i++) {
			const ch = data[i];
			if (ch === '\x03') {
				this.line = '';
				this.write('^C\r\n');
				void helper.request('signal', { signal: 'SIGINT' }).catch((err: unknown) => this.ctx.log.warn(`SIGINT to ${this.id}: ${String(err)}`));
			} else if (ch === '\x04') {
				if (this.line) {
					helper.writeStdin(Buffer.from(this.line, 'utf8'));
					this.line = '';
				} else {
					helper.writeStdin(new Uint8Array(0));
				}
			} else if (ch === '\r' || ch === '\n') {
				if (ch === '\n' && i > 0 && data[i - 1] === '\r') continue;
				this.write('\r\n');
				helper.writeStdin(Buffer.from(this.line + '\n', 'utf8'));
				this.line = '';
			} else if (ch === '\x7f' || ch === '\b') {
				if (this.line) {
					this.line = [...this.line].slice(0, -1).join('');
					this.write('\b \b');
				}
			} else if (ch === '\x1b') {
				// Cursor keys and other escape sequences have no meaning for a pipe: skip the sequence.
				const m = /^\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/.exec(data.slice(i));
				i += (m?.[0].length ?? 1) - 1;
			} else if (ch >= ' ' || ch === '\t') {
				this.line += ch;
				this.write(ch);
			}
		}
	}

	/** The terminal's size changed: a TTY container's pty follows it. */
	resize(cols: number, rows: number): void {
		this.size = { cols, rows };
		if (!this.tty || !this.helper || this.state !== 'running') return;
		void this.helper.request('resize', { cols, rows }).catch((err: unknown) => this.ctx.log.debug(`resize ${this.id}: ${String(err)}`));
	}

	/** Ends the job: an attached container is killed and deleted, a restore in progress is cancelled. */
	async kill(): Promise<void> {
		const helper = this.helper;
		if (!helper || this.finished) return;
		this.write(dim(`[killing ${this.id}]`) + '\r\n');
		try {
			await helper.request('cancel', {});
		} catch (err) {
			this.ctx.log.warn(`cancel ${this.id}: ${String(err)}`);
		}
		// dispose() also kills and deletes an attached container when cancel could not.
		helper.dispose();
	}

	private listen(helper: HelperClient): void {
		helper.onEvent('started', (e) => {
			this.pid = e.pid;
			this.tty = e.terminal;
			this.state = 'running';
			this.ctx.log.info(`restored ${e.id} as pid ${e.pid} (${e.terminal ? 'tty' : 'pipes'})`);
			// The terminal may have been sized after the restore request left.
			if (e.terminal && this.size) this.resize(this.size.cols, this.size.rows);
		});
		helper.onEvent('stdout', (_e, data) => this.output_('stdout', data));
		helper.onEvent('stderr', (_e, data) => this.output_('stderr', data));
		helper.onEvent('criuError', (e) => {
			this.criuErrors.push(e);
		});
		helper.onEvent('log', (e) => {
			const line = `[helper ${this.id}] ${e.message}`;
			if (e.level === 'error') this.ctx.log.error(line);
			else if (e.level === 'warn') this.ctx.log.warn(line);
			else if (e.level === 'info') this.ctx.log.info(line);
			else if (e.level === 'debug') this.ctx.log.debug(line);
			else this.ctx.log.trace(line);
		});
		helper.onEvent('exited', (e) => {
			this.state = 'exited';
			const note = this.checkpointedTo ? dim(` checkpointed into ${this.checkpointedTo}`) : '';
			this.write(`\r\n${exitStatusLine(e.code, e.signal)}${note}\r\n`);
			this.finish(e.code);
		});
		helper.onExit((code, signal) => {
			if (this.finished) return;
			if (this.state === 'running' || this.state === 'restoring') {
				this.state = 'failed';
				this.write(`\r\n${red(`[helper ended unexpectedly: ${signal ?? `exit ${code}`}]`)}\r\n`);
			}
			this.finish(code ?? 1);
		});
	}

	private output_(stream: 'stdout' | 'stderr', data: Uint8Array | undefined): void {
		if (!data || data.length === 0) return;
		const text = this.decoders[stream].decode(data, { stream: true });
		// Without a pty nobody turns "\n" into "\r\n"; the terminal needs both.
		this.write(this.tty ? text : text.replace(/\r?\n/g, '\r\n'));
	}

	private fail(err: unknown): void {
		if (this.finished) return;
		this.state = 'failed';
		if (err instanceof HelperError && err.code === 'criu-failed' && Array.isArray(err.details) && this.criuErrors.length === 0) {
			this.criuErrors = err.details as CriuError[];
		}
		const message = err instanceof Error ? err.message : String(err);
		this.write(red(`restore failed: ${message}`) + '\r\n');
		for (const e of this.criuErrors) {
			// The format `$criu` matches: LOG:LINE: Error (FILE:LINE): MESSAGE
			this.write(`${e.log}:${e.logLine}: Error (${e.file}:${e.line}): ${e.message}\r\n`);
		}
		this.finish(1);
	}

	private finish(code: number): void {
		if (this.finished) return;
		this.finished = true;
		this.resolveExit(code);
		this.ended.fire(code);
		this.helper?.dispose();
		this.helper = undefined;
	}

	dispose(): void {
		// Dropping the helper ends an attached container: it must not outlive the window that owns it.
		if (!this.finished) {
			this.helper?.dispose();
			this.finish(1);
		}
		this.written.dispose();
		this.ended.dispose();
	}
}
