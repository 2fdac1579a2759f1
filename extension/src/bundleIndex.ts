/**
 * The workspace's OCI bundles (a config.json next to a rootfs directory, or one with a top-level
 * ociVersion), kept in two context keys so menus show "Restore from Checkpoint…" only on bundles:
 * `ociRestore.bundleDirs` and `ociRestore.bundleConfigs` (objects keyed by path, for `in`).
 */
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';

const MAX_DEPTH = 5;
const MAX_DIRS = 5000;
// Never descend into a root filesystem, an image directory or tool caches: they can be huge.
const SKIP = new Set(['node_modules', '.git', 'rootfs', 'checkpoint', 'proc', 'sys', 'dev']);

/** Directories (breadth first, bounded) of `root` that hold a config.json; `onFound` sees each as it is found. */
async function findConfigDirs(root: string, onFound: (dir: string) => void = () => undefined): Promise<string[]> {
	const found: string[] = [];
	let level = [root];
	let seen = 0;
	for (let depth = 0; depth <= MAX_DEPTH && level.length && seen < MAX_DIRS; depth++) {
		const next: string[] = [];
		await Promise.all(
			level.map(async (dir) => {
				const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
				for (const e of entries) {
					if (e.isFile() && e.name === 'config.json') {
						found.push(dir);
						onFound(dir);
					}
					else if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')) next.push(join(dir, e.name));
				}
			}),
		);
		seen += level.length;
		level = next.slice(0, Math.max(0, MAX_DIRS - seen));
	}
	return found;
}

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
	/** Callers of hasBundles() waiting for the first bundle of a scan (or its end). */
	private waiting: ((found: boolean) => void)[] = [];

	constructor(private readonly log: (message: string) => void = () => undefined) {
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

	/**
	 * Whether the workspace holds a bundle: true as soon as the scan finds one (not at its end), false
	 * when it ends without any.
	 */
	hasBundles(): Promise<boolean> {
		if (this.bundles.size) return Promise.resolve(true);
		return new Promise((resolve) => {
			this.waiting.push(resolve);
			this.ready().then(
				() => this.settle(this.bundles.size > 0),
				() => this.settle(false),
			);
		});
	}

	/** Bundle directories found in the workspace, sorted. */
	async list(): Promise<string[]> {
		await this.ready();
		return [...this.bundles].sort();
	}

	private async doScan(): Promise<void> {
		// A bounded walk of our own: workspace.findFiles was seen not to answer for a long time while
		// VS Code was still starting (the moment this scan runs).
		const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
		// Each config.json is checked as soon as the walk finds it, so hasBundles() answers early.
		const checks: Promise<void>[] = [];
		const found = new Set<string>();
		const onFound = (dir: string): void => {
			checks.push(
				isBundleConfig(join(dir, 'config.json')).then((yes) => {
					if (!yes) return;
					found.add(dir);
					this.settle(true);
				}),
			);
		};
		await Promise.all(roots.map((root) => findConfigDirs(root, onFound)));
		await Promise.all(checks);
		this.bundles.clear();
		for (const dir of found) this.bundles.add(dir);
		this.publish();
	}

	private async check(configPath: string): Promise<void> {
		const dir = dirname(configPath);
		if (await isBundleConfig(configPath)) this.bundles.add(dir);
		else this.bundles.delete(dir);
		this.publish();
	}

	private settle(found: boolean): void {
		for (const resolve of this.waiting.splice(0)) resolve(found);
	}

	private publish(): void {
		this.log(`bundles in the workspace: ${this.bundles.size}`);
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
