/**
 * The Containers view: runc's containers (status, pid, bundle, restored-from) through the helper's
 * `list`, refreshed every few seconds only while the view is visible, and after every action.
 * extension.ts creates the tree view itself (with a provider that forwards here once this module is
 * loaded), so activation does not load this code.
 */
import * as vscode from 'vscode';
import type { ContainerInfo, Method, Requests } from '../../../server/src/common/helperProtocol';
import type { HelperClient } from '../../../server/src/helper/client';
import { readExtensionSettings } from '../config';
import type { Ctx } from '../ctx';
import { startHelper, toolPaths } from '../helperSession';
import type { RestoreJobs } from '../restore/restoreJobs';

const REFRESH_MS = 3000;

export class ContainerItem extends vscode.TreeItem {
	constructor(readonly info: ContainerInfo, attached: boolean) {
		super(info.id, vscode.TreeItemCollapsibleState.None);
		const parts = [info.status, info.pid ? `pid ${info.pid}` : undefined, info.restoredFrom ? 'restored' : undefined, attached ? 'attached' : info.console ? 'console' : undefined];
		this.description = parts.filter(Boolean).join(' · ');
		// Space-separated flags so menus can match with `viewItem =~ /\brunning\b/`.
		this.contextValue = ['ociContainer', info.status, attached ? 'attached' : 'notAttached', info.pid ? 'hasPid' : 'noPid', info.console ? 'console' : 'noConsole'].join(' ');
		this.iconPath = icon(info.status);
		const md = new vscode.MarkdownString(undefined, true);
		md.appendMarkdown(`**${info.id}** — ${info.status}\n\n`);
		md.appendMarkdown(`- pid: ${info.pid || '—'}\n- bundle: \`${info.bundle}\`\n`);
		if (info.created) md.appendMarkdown(`- created: ${info.created}\n`);
		if (info.restoredFrom) md.appendMarkdown(`- restored from: \`${info.restoredFrom}\`\n`);
		if (attached) md.appendMarkdown('- attached to a terminal in this window\n');
		else if (info.console) md.appendMarkdown('- restored detached; its console (or its stdin, stdout and stderr) is held by oci-restore: open it to attach\n');
		this.tooltip = md;
		if (attached || info.console) this.command = { title: 'Open Terminal', command: 'ociRestore.container.openTerminal', arguments: [this] };
	}
}

class MessageItem extends vscode.TreeItem {
	constructor(message: string, command?: vscode.Command) {
		super(message, vscode.TreeItemCollapsibleState.None);
		this.iconPath = new vscode.ThemeIcon('warning');
		this.command = command;
		this.tooltip = message;
	}
}

function icon(status: string): vscode.ThemeIcon {
	switch (status) {
		case 'running':
			return new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed'));
		case 'paused':
			return new vscode.ThemeIcon('debug-pause');
		case 'stopped':
			return new vscode.ThemeIcon('vm-outline');
		default:
			return new vscode.ThemeIcon('vm');
	}
}

type Node = ContainerItem | MessageItem;

export class ContainersView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
	private readonly subscriptions: vscode.Disposable[] = [];
	private timer: NodeJS.Timeout | undefined;
	private helper: Promise<HelperClient> | undefined;
	private containers: ContainerInfo[] = [];

	/**
	 * `view` shows this provider's nodes (its provider forwards to getChildren/getTreeItem) and
	 * `changed` fires its onDidChangeTreeData; both stay owned by their creator.
	 */
	constructor(
		private readonly ctx: Ctx,
		private readonly jobs: RestoreJobs,
		private readonly view: vscode.TreeView<vscode.TreeItem>,
		private readonly changed: vscode.EventEmitter<void>,
	) {
		this.subscriptions.push(
			this.view.onDidChangeVisibility((e) => (e.visible ? this.startTimer() : this.stopTimer())),
			jobs.onDidChange(() => this.refresh()),
		);
		if (this.view.visible) this.startTimer();
	}

	/** The latest list (tests and commands use it). */
	get list(): readonly ContainerInfo[] {
		return this.containers;
	}

	refresh(): void {
		this.changed.fire();
	}

	/** A request on the view's helper (list, state, kill, delete), started on first use. */
	async request<M extends Method>(method: M, params: Requests[M]['params']): Promise<Requests[M]['result']> {
		const settings = readExtensionSettings();
		this.helper ??= startHelper(this.ctx, settings).then((h) => {
			h.onExit(() => {
				this.helper = undefined;
			});
			return h;
		});
		const pending = this.helper;
		try {
			const helper = await pending;
			return await helper.request(method, { ...toolPaths(settings), ...params });
		} catch (err) {
			if (this.helper === pending) this.helper = undefined;
			throw err;
		}
	}

	getTreeItem(node: Node): vscode.TreeItem {
		return node;
	}

	async getChildren(node?: Node): Promise<Node[]> {
		if (node) return [];
		try {
			this.containers = await this.request('list', {});
		} catch (err) {
			this.containers = [];
			const message = err instanceof Error ? err.message : String(err);
			this.ctx.log.warn(`listing containers: ${message}`);
			this.stopTimer();
			return [new MessageItem(`Cannot list containers: ${message}`, { title: 'Install Helper', command: 'ociRestore.installHelper' })];
		}
		return this.containers.map((c) => new ContainerItem(c, this.jobs.attached(c.id) !== undefined));
	}

	private startTimer(): void {
		this.stopTimer();
		this.refresh();
		this.timer = setInterval(() => this.refresh(), REFRESH_MS);
	}

	private stopTimer(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		if (!this.view.visible) this.disposeHelper();
	}

	private disposeHelper(): void {
		const helper = this.helper;
		this.helper = undefined;
		void helper?.then((h) => h.dispose()).catch(() => undefined);
	}

	dispose(): void {
		this.stopTimer();
		this.disposeHelper();
		for (const d of this.subscriptions.splice(0)) d.dispose();
	}
}
