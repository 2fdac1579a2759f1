/**
 * Shared setup of the real restore tests: prerequisites, a counter container checkpointed with raw
 * runc, a helper started from the built CLI, and helpers to wait on its events with deadlines.
 */
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requirePrerequisite } from '../support/requirements';
import { installedCliPath } from '../support/installedHelper';
import { checkpoint, makeBusyboxBundle, runc, runcKillDelete, startCounter, uniqueId, which, type BundleOptions } from '../support/bundle';
import { attachSocketPath } from '../../server/src/helper/consolePaths';
import { HelperClient } from '../../server/src/helper/client';
import { mountsUnder } from '../../server/src/helper/runcTool';
import type { EventName, Events } from '../../server/src/common/helperProtocol';

/** The repository root (tests run from out/test/restore/). */
export const repo = resolve(__dirname, '..', '..', '..');
const builtCliPath = join(repo, 'dist', 'cli.js');
/**
 * The CLI the tests run: as root, a root-owned installed copy of the fresh build (the helper rightly
 * refuses to run as root from a clone in a world-writable place such as /tmp).
 */
export const cliPath = process.geteuid?.() === 0 && existsSync(builtCliPath) ? installedCliPath() : builtCliPath;

/** Root, runc, CRIU and a built CLI; false (test skipped) when one is missing outside CI. */
export function restorePrerequisites(t: TestContext): boolean {
	return (
		requirePrerequisite(t, process.geteuid?.() === 0, 'root (real runc + CRIU restores)') &&
		requirePrerequisite(t, which('runc') !== undefined, 'runc') &&
		requirePrerequisite(t, which('criu') !== undefined, 'criu') &&
		requirePrerequisite(t, existsSync(cliPath), 'dist/cli.js (node esbuild.mjs)')
	);
}

/** A temporary directory removed at the end of the test. */
export function tempDir(t: TestContext, prefix = 'ocir-'): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	t.after(() => {
		// Never remove recursively across a mount a failed test may have left (criu-root, a CRIU cgroup yard).
		for (let i = 0; i < 8 && mountsUnder(dir).length > 0; i++) for (const m of mountsUnder(dir)) spawnSync('/usr/bin/umount', ['-l', m]);
		if (mountsUnder(dir).length === 0) rmSync(dir, { recursive: true, force: true });
	});
	return dir;
}

export interface Checkpointed {
	id: string;
	bundle: string;
	rootfs: string;
	imagePath: string;
	/** Ticks the container printed before it was checkpointed. */
	ticks: number[];
	/** hashTree of the rootfs right after the checkpoint. */
	rootfsHashes: Record<string, string>;
}

/** Builds a busybox bundle, runs it until it printed `waitTicks` ticks and checkpoints it with raw runc. */
export async function checkpointedCounter(t: TestContext, opts: BundleOptions & { waitTicks?: number } = {}): Promise<Checkpointed> {
	const dir = tempDir(t);
	const id = uniqueId('c2');
	const b = makeBusyboxBundle(join(dir, 'bundle'), opts);
	t.after(() => runcKillDelete(id));
	const h = await startCounter({ id, bundle: b.bundle, terminal: opts.terminal, waitTicks: opts.waitTicks ?? 3 });
	const imagePath = join(dir, 'images');
	try {
		await checkpoint({ id, imagePath, workPath: join(dir, 'dump-work') });
	} finally {
		await h.exited.catch(() => undefined);
	}
	// The checkpoint stopped the container: every tick it printed is in the output now.
	const ticks = h.ticks();
	h.closeStdin();
	return { id, bundle: b.bundle, rootfs: b.rootfs, imagePath, ticks, rootfsHashes: hashTree(b.rootfs) };
}

/** Starts a helper as root from the built CLI; disposed (and its exit awaited) after the test. */
export async function startHelper(t: TestContext, log?: string[]): Promise<HelperClient> {
	const client = await HelperClient.start({ cliPath, elevation: 'root', log: log ? (l) => log.push(l) : undefined });
	t.after(async () => {
		client.dispose();
		await withDeadline(client.whenExited(), 20_000, 'the helper to exit');
	});
	return client;
}

/** Collects a helper's output and events. */
export class Recorder {
	private outChunks: Buffer[] = [];
	private errChunks: Buffer[] = [];
	readonly events: { name: EventName; e: unknown }[] = [];
	private waiters = new Set<() => void>();

	constructor(client: HelperClient) {
		for (const name of ['started', 'stdout', 'stderr', 'exited', 'criuError', 'log', 'consoleClosed', 'outputSocket'] as EventName[]) {
			client.onEvent(name, (e, data) => {
				// Chunks are joined on demand: concatenating on every event is quadratic for large outputs.
				if (name === 'stdout' && data) this.outChunks.push(Buffer.from(data));
				if (name === 'stderr' && data) this.errChunks.push(Buffer.from(data));
				const { event: _name, ...body } = e as unknown as Record<string, unknown>;
				this.events.push({ name, e: body });
				for (const w of [...this.waiters]) w();
			});
		}
	}

	get stdout(): Buffer {
		if (this.outChunks.length > 1) this.outChunks = [Buffer.concat(this.outChunks)];
		return this.outChunks[0] ?? Buffer.alloc(0);
	}

	get stderr(): Buffer {
		if (this.errChunks.length > 1) this.errChunks = [Buffer.concat(this.errChunks)];
		return this.errChunks[0] ?? Buffer.alloc(0);
	}

	text(): string {
		return this.stdout.toString('utf8');
	}

	ticks(): number[] {
		return [...this.text().matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
	}

	all<E extends EventName>(name: E): Events[E][] {
		return this.events.filter((x) => x.name === name).map((x) => x.e as Events[E]);
	}

	/** Resolves once `pred` holds; rejects at the deadline, showing what was seen. */
	until(pred: () => boolean, ms: number, what: string): Promise<void> {
		return new Promise((res, rej) => {
			const check = () => {
				if (!pred()) return;
				clearTimeout(timer);
				this.waiters.delete(check);
				res();
			};
			const timer = setTimeout(() => {
				this.waiters.delete(check);
				rej(new Error(`timed out after ${ms} ms waiting for ${what}; stdout so far: ${JSON.stringify(this.text().slice(-500))}; events: ${this.events.filter((x) => x.name !== 'stdout').map((x) => JSON.stringify(x.e)).join(' ')}`));
			}, ms);
			this.waiters.add(check);
			check();
		});
	}

	exited(ms = 20_000): Promise<Events['exited']> {
		return this.until(() => this.all('exited').length > 0, ms, 'the exited event').then(() => this.all('exited')[0]);
	}
}

/** Rejects when `p` does not settle within `ms`. */
export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		p.finally(() => clearTimeout(timer)),
		new Promise<never>((_, rej) => {
			timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
		}),
	]);
}

/** Polls `pred` every 50 ms until it holds; rejects at the deadline. */
export async function pollUntil(pred: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	for (;;) {
		if (await pred()) return;
		if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

/** sha256 of every file under `dir` (relative path → hash), to prove a directory was not modified. */
export function hashTree(dir: string): Record<string, string> {
	const out: Record<string, string> = {};
	const walk = (d: string, rel: string) => {
		for (const name of readdirSync(d).sort()) {
			const p = join(d, name);
			const r = rel ? `${rel}/${name}` : name;
			const st = lstatSync(p);
			if (st.isSymbolicLink()) out[r] = `-> ${readlinkSync(p)}`;
			else if (st.isDirectory()) walk(p, r);
			else out[r] = createHash('sha256').update(readFileSync(p)).digest('hex');
		}
	};
	walk(dir, '');
	return out;
}

/** runc's state directory for an id (runc's default root). */
export function runcStateDir(id: string): string {
	return join('/run/runc', id);
}

/** Removes a detached restore's work directory (its keeper's logs) after the test, never across a mount. */
export function removeWorkDir(t: TestContext, dir: string): void {
	t.after(() => {
		if (mountsUnder(dir).length === 0) rmSync(dir, { recursive: true, force: true });
	});
}

/** Processes (trampoline or keeper) started for container `id`: their command line names it after --id. */
export function processesOf(id: string): number[] {
	const needle = `\0--id\0${id}\0`;
	return readdirSync('/proc')
		.filter((n) => /^\d+$/.test(n))
		.filter((n) => {
			try {
				return readFileSync(`/proc/${n}/cmdline`, 'latin1').includes(needle);
			} catch {
				return false;
			}
		})
		.map(Number);
}

/** What a helper said while restoring a container detached. */
export interface HelperDetachedRestore {
	pid: number;
	workPath: string;
	/** The helper's `log` events. */
	logs: string[];
}

/**
 * Restores `c` detached through a helper that then exits (the container must outlive it); its work
 * directory is removed after the test. Asserts the one `started` event, with `terminal` as given.
 */
export async function restoreDetachedThroughHelper(t: TestContext, c: Checkpointed, terminal: boolean, opts: { imagePath?: string; pidFile?: string } = {}): Promise<HelperDetachedRestore> {
	const client = await startHelper(t);
	const rec = new Recorder(client);
	const r = await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: opts.imagePath ?? c.imagePath, detach: true, ...(opts.pidFile ? { pidFile: opts.pidFile } : {}) }), 60_000, 'the detached restore');
	removeWorkDir(t, r.workPath);
	assert.deepEqual(rec.all('started').map((e) => [e.id, e.pid, e.terminal]), [[c.id, r.pid, terminal]]);
	const logs = rec.all('log').map((e) => e.message);
	client.dispose();
	await withDeadline(client.whenExited(), 20_000, 'the helper to exit');
	return { pid: r.pid, workPath: r.workPath, logs };
}

/**
 * `oci-restore restore -d` (plus `args`) of `c`, which must succeed and name the work directory that
 * holds `logName`; that directory is removed after the test. Returns the CLI's stderr and the directory.
 */
export function cliRestoreDetached(t: TestContext, c: Checkpointed, logName: string, args: string[] = []): { stderr: string; workPath: string } {
	const r = spawnSync(process.execPath, [cliPath, 'restore', '-d', ...args, '-b', c.bundle, '--image-path', c.imagePath, c.id], { encoding: 'utf8', timeout: 120_000 });
	assert.equal(r.status, 0, r.stderr);
	const workPath = new RegExp(`also in (\\S+)/${logName.replace(/\./g, '\\.')}`).exec(r.stderr)?.[1];
	assert.ok(workPath && existsSync(join(workPath, logName)), r.stderr);
	removeWorkDir(t, workPath);
	return { stderr: r.stderr, workPath };
}

/** Kills detached container `id` with runc: its keeper must then end and remove its attach socket. */
export async function killAndAwaitKeeper(id: string): Promise<void> {
	const attachSocket = attachSocketPath(id, undefined);
	assert.ok(existsSync(attachSocket));
	await runc(['kill', id, 'KILL']);
	await pollUntil(() => !existsSync(attachSocket), 20_000, 'the keeper to remove its socket');
}

/** The counter's tick numbers in the log at `path`, in order (none while it does not exist). */
export function logTicks(path: string): number[] {
	return existsSync(path) ? [...readFileSync(path, 'utf8').matchAll(/tick (\d+)/g)].map((m) => Number(m[1])) : [];
}

/**
 * Empties `c`'s core image, then restores it detached through a helper: the restore must fail with
 * `criu-failed`. Returns what that helper said.
 */
export async function failDetachedRestore(t: TestContext, c: Checkpointed): Promise<Recorder> {
	const core = readdirSync(c.imagePath).filter((n) => /^core-\d+\.img$/.test(n)).sort()[0];
	truncateSync(join(c.imagePath, core), 0);
	const client = await startHelper(t);
	const rec = new Recorder(client);
	const err = await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath, detach: true }), 60_000, 'the failed restore').then(
		() => assert.fail('the restore should fail'),
		(e: { code: string; message: string }) => e,
	);
	assert.equal(err.code, 'criu-failed', err.message);
	return rec;
}
