import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, type Connection, type DidChangeWatchedFilesParams } from 'vscode-languageserver';

/** What the client announced about `workspace/didChangeWatchedFiles`. */
export interface WatchSupport {
	dynamicRegistration: boolean;
	relativePatternSupport: boolean;
}

/**
 * Watches the directories of linted bundles through the client (`workspace/didChangeWatchedFiles`,
 * registered dynamically, one registration per directory), because bundle-aware diagnostics depend
 * on files the editor does not show: rootfs/bin/sh appearing must change the diagnostics of an
 * unchanged config.json. Changes are coalesced so a copied rootfs (thousands of events) refreshes once.
 */
export class BundleWatcher {
	private readonly watched = new Set<string>();
	private readonly affected = new Set<string>();
	private timer: NodeJS.Timeout | undefined;

	/**
	 * @param onChange called with the watched directories something changed under
	 * @param coalesceMs how long events are gathered before `onChange` runs
	 */
	constructor(
		private readonly connection: Connection,
		private readonly support: () => WatchSupport,
		private readonly onChange: (dirs: string[]) => void,
		private readonly coalesceMs = 50,
	) {}

	/** Starts watching `dir` (a bundle directory or an out-of-bundle rootfs), once. */
	watch(dir: string): void {
		const { dynamicRegistration, relativePatternSupport } = this.support();
		if (!dynamicRegistration || this.watched.has(dir)) return;
		this.watched.add(dir);
		const globPattern = relativePatternSupport
			? { baseUri: pathToFileURL(dir).href, pattern: '**/*' }
			: `${dir.split(sep).join('/')}/**/*`;
		this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] }).catch((err: unknown) => {
			this.watched.delete(dir);
			this.connection.console.warn(`watching ${dir} failed: ${err instanceof Error ? err.message : String(err)}`);
		});
	}

	/** Whether `dir` is watched (for tests and logs). */
	isWatched(dir: string): boolean {
		return this.watched.has(dir);
	}

	/** Handles a `workspace/didChangeWatchedFiles` notification. */
	changed(params: DidChangeWatchedFilesParams): void {
		for (const change of params.changes) {
			let path: string;
			try {
				path = fileURLToPath(change.uri);
			} catch {
				continue;
			}
			for (const dir of this.watched) {
				const rel = relative(dir, path);
				if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) this.affected.add(dir);
			}
		}
		if (!this.affected.size || this.timer) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			const dirs = [...this.affected];
			this.affected.clear();
			this.onChange(dirs);
		}, this.coalesceMs);
	}

	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}
}
