/**
 * A terminal on a container restored detached: a helper of its own sends `attach`; the keeper's
 * recent output and then the live output arrive as `stdout` (and `stderr` for a pipe container).
 * On a terminal container's console typing goes to its terminal and size changes follow; on a pipe
 * container's stdio this terminal does the line editing itself (PipeLineEditor). Closing the
 * terminal only detaches; it closes by itself when the keeper hangs up (the container is gone).
 */
import * as vscode from 'vscode';
import type { ToolPaths } from '../../../server/src/common/helperProtocol';
import { HelperError, type HelperClient } from '../../../server/src/helper/client';
import type { ExtensionSettings } from '../../../server/src/common/settings';
import type { Ctx } from '../ctx';
import { startHelper, toolPaths } from '../helperSession';
import { PipeLineEditor } from './pipeLineEditor';

/** What the open-terminal command returns for a console terminal (tests read what it showed). */
export interface ConsoleTerminalHandle {
	id: string;
	terminalName: string;
	/** The text written to the terminal so far (the last {@link KEEP_CHARS} characters). */
	output(): string;
}

/** How much of the console's text a terminal keeps for {@link ConsoleTerminalHandle.output}. */
const KEEP_CHARS = 256 * 1024;

export class AttachPty implements vscode.Pseudoterminal {
	private readonly writeEmitter = new vscode.EventEmitter<string>();
	private readonly closeEmitter = new vscode.EventEmitter<number | void>();
	readonly onDidWrite = this.writeEmitter.event;
	readonly onDidClose = this.closeEmitter.event;
	private helper: HelperClient | undefined;
	private closed = false;
	private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
	private text = '';
	/** Set once attached to a pipe container (no pty: line editing and "\n" → "\r\n" happen here). */
	private pipes: PipeLineEditor | undefined;

	constructor(
		private readonly ctx: Ctx,
		private readonly id: string,
		private readonly settings: ExtensionSettings,
		private readonly tools: ToolPaths = toolPaths(settings),
	) {
		this.onDidWrite((t) => (this.text = (this.text + t).slice(-KEEP_CHARS)));
	}

	/** A handle on this terminal for callers of the command. */
	handle(terminalName: string): ConsoleTerminalHandle {
		return { id: this.id, terminalName, output: () => this.text };
	}

	open(dimensions: vscode.TerminalDimensions | undefined): void {
		void this.attach(dimensions).catch((err: unknown) => {
			const e = HelperError.from(err);
			this.writeEmitter.fire(`\x1b[31mcannot attach to ${this.id}: ${e.message}\x1b[0m\r\n`);
			this.ctx.log.error(`attach ${this.id}: ${e.message}`);
			this.end();
		});
	}

	handleInput(data: string): void {
		if (this.pipes) this.pipes.input(data);
		else this.helper?.writeStdin(Buffer.from(data, 'utf8'));
	}

	setDimensions(d: vscode.TerminalDimensions): void {
		if (!this.pipes) this.helper?.request('resize', { cols: d.columns, rows: d.rows }).catch(() => undefined);
	}

	/** The user closed the terminal: detach, the container keeps running. */
	close(): void {
		this.closed = true;
		this.helper?.dispose();
		this.helper = undefined;
	}

	private async attach(dimensions: vscode.TerminalDimensions | undefined): Promise<void> {
		const helper = await startHelper(this.ctx, this.settings);
		if (this.closed) return helper.dispose();
		this.helper = helper;
		// The keeper's replay can arrive before the attach response says whether this is a console or pipes.
		let early: { stream: 'stdout' | 'stderr'; data: Uint8Array }[] | undefined = [];
		const show = (stream: 'stdout' | 'stderr', data: Uint8Array) => {
			const text = this.decoders[stream].decode(data, { stream: true });
			// Without a pty nobody turns "\n" into "\r\n"; the terminal needs both.
			this.writeEmitter.fire(this.pipes ? text.replace(/\r?\n/g, '\r\n') : text);
		};
		for (const stream of ['stdout', 'stderr'] as const) {
			helper.onEvent(stream, (_e, data) => {
				if (!data) return;
				if (early) early.push({ stream, data: Uint8Array.from(data) });
				else show(stream, data);
			});
		}
		helper.onEvent('consoleClosed', (e) => {
			this.writeEmitter.fire(`\r\n\x1b[2m[the ${this.pipes ? 'stdio' : 'console'} of ${e.id} closed: ${e.reason}]\x1b[0m\r\n`);
			this.end();
		});
		helper.onExit(() => this.end());
		const size = dimensions ? { cols: dimensions.columns, rows: dimensions.rows } : {};
		const r = await helper.request('attach', { ...this.tools, id: this.id, ...size });
		if (r.terminal === false) this.attachPipes(helper);
		for (const e of early) show(e.stream, e.data);
		early = undefined;
		this.ctx.log.info(`attached to the ${r.terminal === false ? 'stdio' : 'console'} of ${r.id} (pid ${r.pid}, keeper pid ${r.keeperPid})`);
	}

	private attachPipes(helper: HelperClient): void {
		this.pipes = new PipeLineEditor({
			echo: (text) => this.writeEmitter.fire(text),
			send: (data) => helper.writeStdin(data),
			interrupt: () => void helper.request('signal', { signal: 'SIGINT' }).catch((err: unknown) => this.ctx.log.warn(`SIGINT to ${this.id}: ${String(err)}`)),
		});
	}

	private end(): void {
		if (this.closed) return;
		this.closed = true;
		this.helper?.dispose();
		this.helper = undefined;
		this.closeEmitter.fire();
	}
}
