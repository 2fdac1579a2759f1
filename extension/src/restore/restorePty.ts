/**
 * A terminal view of a restore job: replays what the job wrote so far, then streams; typing goes to
 * the job (stdin, Ctrl-C → SIGINT), size changes to its pty. Closing the terminal while the container
 * runs follows `ociRestore.terminal.killOnClose` (asking, and remembering "Always"/"Never").
 */
import * as vscode from 'vscode';
import { readExtensionSettings, updateUserSetting } from '../config';
import type { Ctx } from '../ctx';
import type { RestoreJob } from './restoreJob';

export interface RestorePtyOptions {
	/** Runs when the terminal opens (a task starts its restore then). */
	onOpen?: (dimensions: vscode.TerminalDimensions | undefined) => void;
	/** Close the terminal with the exit status when the job ends (tasks). */
	closeOnEnd?: boolean;
}

export class RestorePty implements vscode.Pseudoterminal {
	private readonly writeEmitter = new vscode.EventEmitter<string>();
	private readonly closeEmitter = new vscode.EventEmitter<number | void>();
	readonly onDidWrite = this.writeEmitter.event;
	readonly onDidClose = this.closeEmitter.event;
	private readonly subscriptions: vscode.Disposable[] = [];
	private closedByJob = false;

	constructor(private readonly ctx: Ctx, private readonly job: RestoreJob, private readonly options: RestorePtyOptions = {}) {}

	open(dimensions: vscode.TerminalDimensions | undefined): void {
		// Anything written before the terminal opened would be lost: replay the job's output first.
		const earlier = this.job.output();
		if (earlier) this.writeEmitter.fire(earlier);
		this.subscriptions.push(this.job.onDidWrite((text) => this.writeEmitter.fire(text)));
		if (this.options.closeOnEnd) {
			this.subscriptions.push(
				this.job.onDidEnd((code) => {
					this.closedByJob = true;
					this.closeEmitter.fire(code);
				}),
			);
		}
		if (dimensions) this.job.resize(dimensions.columns, dimensions.rows);
		this.options.onOpen?.(dimensions);
	}

	handleInput(data: string): void {
		this.job.input(data);
	}

	setDimensions(dimensions: vscode.TerminalDimensions): void {
		this.job.resize(dimensions.columns, dimensions.rows);
	}

	close(): void {
		this.dispose();
		if (this.closedByJob || !this.job.active) return;
		void this.onUserClose().catch((err: unknown) => this.ctx.log.error(`closing ${this.job.terminalName}: ${String(err)}`));
	}

	private async onUserClose(): Promise<void> {
		const id = this.job.id;
		const setting = readExtensionSettings().killOnClose;
		if (setting === 'always') return this.job.kill();
		if (setting === 'never') {
			this.ctx.log.info(`terminal of ${id} closed; the container keeps running (ociRestore.terminal.killOnClose = never)`);
			return;
		}
		const pick = await vscode.window.showWarningMessage(
			`Container ${id} is still running. Kill it?`,
			{ detail: 'Leave it running to reopen its terminal from the Containers view.' },
			'Kill',
			'Leave Running',
			'Always Kill',
			'Never Kill',
		);
		if (pick === 'Always Kill') await updateUserSetting('terminal.killOnClose', 'always');
		if (pick === 'Never Kill') await updateUserSetting('terminal.killOnClose', 'never');
		if (pick === 'Kill' || pick === 'Always Kill') await this.job.kill();
	}

	private dispose(): void {
		for (const d of this.subscriptions.splice(0)) d.dispose();
	}
}
