/**
 * The extension's context: the output channel, the language client and two disposal scopes —
 * extension lifetime (until deactivate) and client lifetime (cleared on every restart).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export type ClientFactory = (ctx: Ctx) => LanguageClient;

export class Ctx implements vscode.Disposable {
	private channel: vscode.LogOutputChannel | undefined;
	private readonly extCleanup: vscode.Disposable[] = [];
	private clientCleanup: vscode.Disposable[] = [];
	private current: LanguageClient | undefined;
	private starting: Promise<void> | undefined;
	private readonly clientChanged = new vscode.EventEmitter<LanguageClient | undefined>();
	/** Fires after the language client (re)started or stopped. */
	readonly onDidChangeClient = this.clientChanged.event;

	constructor(readonly extension: vscode.ExtensionContext, private readonly createClient: ClientFactory) {
		this.extCleanup.push(this.clientChanged, { dispose: () => this.channel?.dispose() });
		extension.subscriptions.push(this);
	}

	/**
	 * The "OCI Restore" log channel, created on first use (not during activation). Never revealed by
	 * the extension itself: the user opens it through "Show Output" or a button.
	 */
	get log(): vscode.LogOutputChannel {
		this.channel ??= vscode.window.createOutputChannel('OCI Restore', { log: true });
		return this.channel;
	}

	/** The running language client, if any. */
	get client(): LanguageClient | undefined {
		return this.current;
	}

	/** Absolute path of a file shipped with the extension. */
	asAbsolutePath(relative: string): string {
		return this.extension.asAbsolutePath(relative);
	}

	pushExtCleanup(...disposables: vscode.Disposable[]): void {
		this.extCleanup.push(...disposables);
	}

	pushClientCleanup(...disposables: vscode.Disposable[]): void {
		this.clientCleanup.push(...disposables);
	}

	/** Starts the language client (once; concurrent callers share the start). */
	async start(): Promise<void> {
		this.starting ??= this.doStart().finally(() => {
			this.starting = undefined;
		});
		return this.starting;
	}

	private async doStart(): Promise<void> {
		if (this.current) return;
		const client = this.createClient(this);
		this.current = client;
		try {
			await client.start();
		} catch (err) {
			this.current = undefined;
			await this.disposeClient(client);
			throw err;
		}
		this.clientChanged.fire(client);
	}

	async stop(): Promise<void> {
		const client = this.current;
		this.current = undefined;
		if (client) await this.disposeClient(client);
		this.clientChanged.fire(undefined);
	}

	async restart(): Promise<void> {
		await this.starting?.catch(() => undefined);
		await this.stop();
		await this.start();
	}

	private async disposeClient(client: LanguageClient): Promise<void> {
		for (const d of this.clientCleanup.splice(0).reverse()) d.dispose();
		// A short grace period: a hung server must not block a restart or VS Code's shutdown.
		await client.dispose(2000).catch((err: unknown) => this.log.warn(`language server did not stop cleanly: ${String(err)}`));
	}

	dispose(): void {
		void this.stop();
		for (const d of this.extCleanup.splice(0).reverse()) d.dispose();
	}
}
