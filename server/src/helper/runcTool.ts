import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerInfo } from '../common/helperProtocol';
import { hasConsoleKeeper } from './consolePaths';
import { HelperError } from './helperError';
import { mountsUnder } from '../common/mountsUnder.mjs';

export { mountsUnder };
import type { ProcessHost, RunResult } from './processHost';

/** A resolved, checked runc binary and how to call it. */
export interface RuncTool {
	/** Absolute, root-owned path. */
	path: string;
	version: string;
	/** runc's state directory (`--root`), when not runc's default. */
	root?: string;
	env: Record<string, string>;
}

/** runc's default state directory when running as root. */
export const DEFAULT_RUNC_ROOT = '/run/runc';

const UMOUNT = ['/usr/bin/umount', '/bin/umount'];

/** Short runc commands (state, list, kill, delete) and the cleanup of a half-restored container. */
export class RuncCommands {
	constructor(
		private readonly host: ProcessHost,
		readonly tool: RuncTool,
	) {}

	/** Arguments that come before runc's subcommand. */
	get globalArgs(): string[] {
		return this.tool.root ? ['--root', this.tool.root] : [];
	}

	run(args: string[], timeoutMs = 30_000): Promise<RunResult> {
		return this.host.run(this.tool.path, [...this.globalArgs, ...args], { env: this.tool.env, timeoutMs });
	}

	async list(): Promise<ContainerInfo[]> {
		const r = await this.run(['list', '--format', 'json']);
		if (r.code !== 0) throw new HelperError('runc-failed', `runc list failed: ${firstLine(r.stderr)}`);
		const parsed = JSON.parse(r.stdout.trim() || 'null') as unknown;
		return Array.isArray(parsed) ? parsed.map((raw) => this.withConsole(toInfo(raw))) : [];
	}

	/** The container's state, or undefined when runc does not know the id. */
	async stateOrUndefined(id: string): Promise<ContainerInfo | undefined> {
		const r = await this.run(['state', id]);
		if (r.code === 0) return this.withConsole(toInfo(JSON.parse(r.stdout)));
		if (/does not exist|not exist|no such/i.test(r.stderr)) return undefined;
		throw new HelperError('runc-failed', `runc state ${id} failed: ${firstLine(r.stderr)}`);
	}

	async state(id: string): Promise<ContainerInfo> {
		const s = await this.stateOrUndefined(id);
		if (!s) throw new HelperError('not-found', `container '${id}' does not exist`);
		return s;
	}

	async kill(id: string, signal = 'SIGTERM', all = false): Promise<void> {
		const r = await this.run(['kill', ...(all ? ['--all'] : []), id, signal]);
		if (r.code !== 0) throw runcError(`runc kill ${id} ${signal}`, r);
	}

	async delete(id: string, force = false): Promise<void> {
		const r = await this.run(['delete', ...(force ? ['--force'] : []), id]);
		if (r.code !== 0) throw runcError(`runc delete ${id}`, r);
	}

	/** Marks a running container whose console a keeper holds (restored detached with a terminal). */
	private withConsole(info: ContainerInfo): ContainerInfo {
		if (info.status === 'running' && hasConsoleKeeper(info.id, this.tool.root)) info.console = true;
		return info;
	}

	/** The directory where runc keeps the id's state. */
	stateDir(id: string): string {
		return join(this.tool.root ?? DEFAULT_RUNC_ROOT, id);
	}

	/**
	 * Removes every trace runc keeps of `id`: `runc delete --force` when runc still knows it; otherwise
	 * (a restore killed half-way leaves a state directory runc cannot load, with the rootfs bind-mounted
	 * on `criu-root` inside it) the mounts under the state directory are detached and the directory
	 * removed. Returns what was done, for the report to the user.
	 */
	/**
	 * Detaches every mount at or below `dir`, deepest first, until none is left (stacked mounts need
	 * several rounds). Returns how many were detached and which could not be.
	 */
	async unmountAll(dir: string): Promise<{ unmounted: number; left: string[] }> {
		const umount = UMOUNT.find((p) => existsSync(p));
		let unmounted = 0;
		for (let round = 0; round < 16; round++) {
			const mounts = mountsUnder(dir);
			if (mounts.length === 0 || !umount) break;
			for (const m of mounts) {
				const r = await this.host.run(umount, ['-l', m], { env: this.tool.env, timeoutMs: 10_000 }).catch(() => undefined);
				if (r?.code === 0) unmounted++;
			}
		}
		return { unmounted, left: mountsUnder(dir) };
	}

	async cleanup(id: string): Promise<string> {
		const dir = this.stateDir(id);
		// Unmount FIRST. criu-root is the container's rootfs bind-mounted (possibly stacked), and for a state
		// directory without state.json `runc delete` runs os.RemoveAll on it: with the mount still there that
		// deletes the bundle's rootfs (seen with runc 1.1.5).
		const { unmounted, left } = await this.unmountAll(dir);
		if (left.length > 0) return `runc's state for '${id}' is still mounted (${left.join(', ')}); left in place, not deleted`;
		const del = await this.run(['delete', '--force', id]).catch(() => undefined);
		const mounts = unmounted ? `, unmounted ${unmounted} mount${unmounted > 1 ? 's' : ''}` : '';
		if (!existsSync(dir)) {
			if (del?.code === 0 && !unmounted) return `runc state for '${id}' deleted`;
			return unmounted ? `removed runc's half-written state for '${id}' (${dir}${mounts})` : `no runc state left for '${id}'`;
		}
		const kept = removeShallow(dir);
		const what = `${dir}${mounts}`;
		return kept.length ? `removed what could be removed of runc's half-written state for '${id}' (${what}; kept non-empty ${kept.join(', ')})` : `removed runc's half-written state for '${id}' (${what})`;
	}
}

/**
 * Removes a state directory without ever descending into a subdirectory's contents: files are
 * unlinked, subdirectories removed only when empty. Returns the subdirectories it had to keep.
 */
function removeShallow(dir: string): string[] {
	const kept: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, entry.name);
		try {
			if (entry.isDirectory()) rmdirSync(p);
			else unlinkSync(p);
		} catch {
			kept.push(p);
		}
	}
	if (kept.length === 0) {
		try {
			rmdirSync(dir);
		} catch {
			kept.push(dir);
		}
	}
	return kept;
}

/** Where the helper notes which image directory each container it restored came from (root-only tmpfs). */
const RESTORED_DIR = '/run/oci-restore/restored';

/** Notes that `id` (now pid `pid`) was restored from `imagePath`, for list/state's `restoredFrom`. */
export function writeRestoredRecord(id: string, pid: number, imagePath: string): void {
	if ((process.geteuid?.() ?? -1) !== 0) return;
	try {
		mkdirSync(RESTORED_DIR, { recursive: true, mode: 0o700 });
		writeFileSync(join(RESTORED_DIR, `${id}.json`), JSON.stringify({ id, pid, imagePath }) + '\n', { mode: 0o600 });
		pruneRestoredRecords(RESTORED_DIR);
	} catch {
		// only a convenience for list/state
	}
}

/**
 * Removes the records whose process is gone: a record only ever describes a container whose pid
 * matches, so once that pid has exited the record can never be shown again. Returns the ids removed.
 */
export function pruneRestoredRecords(dir: string): string[] {
	const removed: string[] = [];
	for (const name of readdirSync(dir)) {
		if (!name.endsWith('.json')) continue;
		try {
			const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { pid?: unknown };
			if (typeof r.pid === 'number' && Number.isInteger(r.pid) && r.pid > 0 && processAlive(r.pid)) continue;
			unlinkSync(join(dir, name));
			removed.push(name.slice(0, -'.json'.length));
		} catch {
			// removed by another helper meanwhile
		}
	}
	return removed;
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		// EPERM: it exists, it is just not ours to signal.
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function restoredFrom(id: string, pid: number): string | undefined {
	try {
		const r = JSON.parse(readFileSync(join(RESTORED_DIR, `${id}.json`), 'utf8')) as { pid?: number; imagePath?: string };
		// A record of an earlier container that reused the id has another pid.
		return r.pid === pid && typeof r.imagePath === 'string' ? r.imagePath : undefined;
	} catch {
		return undefined;
	}
}

function toInfo(raw: unknown): ContainerInfo {
	const r = raw as Record<string, unknown>;
	const info: ContainerInfo = { id: String(r.id), pid: Number(r.pid ?? 0), status: String(r.status ?? ''), bundle: String(r.bundle ?? '') };
	if (typeof r.created === 'string') info.created = r.created;
	const from = restoredFrom(info.id, info.pid);
	if (from) info.restoredFrom = from;
	return info;
}

function runcError(what: string, r: RunResult): HelperError {
	const msg = firstLine(r.stderr);
	return new HelperError(/does not exist/i.test(msg) ? 'not-found' : 'runc-failed', `${what} failed: ${msg}`);
}

/** The first non-empty line, without runc's logrus decoration (`time=… level=error msg="…"`). */
export function firstLine(text: string): string {
	const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '(no output)';
	const m = /msg="((?:[^"\\]|\\.)*)"/.exec(line);
	return m ? m[1].replace(/\\"/g, '"') : line;
}
