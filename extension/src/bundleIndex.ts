/**
 * The workspace's OCI bundles (a config.json next to a rootfs directory, or one with a top-level
 * ociVersion), kept in two context keys so menus show "Restore from Checkpoint…" only on bundles:
 * `ociRestore.bundleDirs` and `ociRestore.bundleConfigs` (objects keyed by path, for `in`).
 */
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';

const MAX_FILES = 2000;

/** Whether `configPath` is a bundle's config.json (a rootfs sibling, or ociVersion at the top). */
export async function isBundleConfig(configPath: string): Promise<boolean> {
	try {
		const rootfs = await fs.stat(join(dirname(configPath), 'rootfs')).catch(() => undefined);
		if (rootfs?.isDirectory()) return true;
		const handle = await fs.open(configPath, 'r');
		try {
			const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
			return /"ociVersion"\s*:/.test(buffer.subarray(0, bytesRead).toString('utf8'));
		} finally {
			await handle.close();
		}
	} catch {
		return false;
	}
}

export class BundleIndex implements vscode.Disposable {
	private readonly bundles = new Set<string>();
	private readonly subscriptions: vscode.Disposable[] = [];
	private scan: Promise<void> | undefined;

	constructor() {
		const watcher = vscode.workspace.createFileSystemWatcher('**/config.json');
		this.subscriptions.push(
			watcher,
			watcher.onDidCreate((uri) => void this.check(uri.fsPath)),
			watcher.onDidChange((uri) => void this.check(uri.fsPath)),
			watcher.onDidDelete((uri) => {
				this.bundles.delete(dirname(uri.fsPath));
				this.publish();
			}),
			vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
		);
	}

	/** Scans the workspace (once; later calls share it until refresh()). */
	ready(): Promise<void> {
		this.scan ??= this.doScan();
		return this.scan;
	}

	refresh(): Promise<void> {
		this.scan = undefined;
		return this.ready();
	}

	/** Bundle directories found in the workspace, sorted. */
	async list(): Promise<string[]> {
		await this.ready();
		return [...this.bundles].sort();
	}

	private async doScan(): Promise<void> {
		const files = await vscode.workspace.findFiles('**/config.json', '**/{node_modules,.git}/**', MAX_FILES);
		this.bundles.clear();
		await Promise.all(files.filter((f) => f.scheme === 'file').map((f) => this.check(f.fsPath, false)));
		this.publish();
	}

	private async check(configPath: string, publish = true): Promise<void> {
		const dir = dirname(configPath);
		if (await isBundleConfig(configPath)) this.bundles.add(dir);
		else this.bundles.delete(dir);
		if (publish) this.publish();
	}

	private publish(): void {
		const dirs: Record<string, true> = {};
		const configs: Record<string, true> = {};
		for (const dir of this.bundles) {
			dirs[dir] = true;
			configs[join(dir, 'config.json')] = true;
		}
		void vscode.commands.executeCommand('setContext', 'ociRestore.bundleDirs', dirs);
		void vscode.commands.executeCommand('setContext', 'ociRestore.bundleConfigs', configs);
	}

	dispose(): void {
		for (const d of this.subscriptions.splice(0)) d.dispose();
	}
}
