/**
 * A terminal on the console of a terminal container restored detached: a helper of its own sends
 * `attach`, the keeper's recent output and then the live console arrive as `stdout`, typing goes to
 * the container's terminal, size changes follow. Closing the terminal only detaches; the terminal
 * closes by itself when the container's console closes.
 */
import * as vscode from 'vscode';
import type { ToolPaths } from '../../../server/src/common/helperProtocol';
import { HelperError, type HelperClient } from '../../../server/src/helper/client';
import type { ExtensionSettings } from '../../../server/src/common/settings';
import type { Ctx } from '../ctx';
import { startHelper, toolPaths } from '../helperSession';

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
	private readonly decoder = new TextDecoder();
	private text = '';

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
		this.helper?.writeStdin(Buffer.from(data, 'utf8'));
	}

	setDimensions(d: vscode.TerminalDimensions): void {
		this.helper?.request('resize', { cols: d.columns, rows: d.rows }).catch(() => undefined);
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
		helper.onEvent('stdout', (_e, data) => {
			if (data) this.writeEmitter.fire(this.decoder.decode(data, { stream: true }));
		});
		helper.onEvent('consoleClosed', (e) => {
			this.writeEmitter.fire(`\r\n\x1b[2m[the console of ${e.id} closed: ${e.reason}]\x1b[0m\r\n`);
			this.end();
		});
		helper.onExit(() => this.end());
		const size = dimensions ? { cols: dimensions.columns, rows: dimensions.rows } : {};
		const r = await helper.request('attach', { ...this.tools, id: this.id, ...size });
		this.ctx.log.info(`attached to the console of ${r.id} (pid ${r.pid}, keeper pid ${r.keeperPid})`);
	}

	private end(): void {
		if (this.closed) return;
		this.closed = true;
		this.helper?.dispose();
		this.helper = undefined;
		this.closeEmitter.fire();
	}
}
