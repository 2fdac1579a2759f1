/**
 * Setup shared by the planning-core tests that run real runc + CRIU (root): prerequisites and a
 * checkpointed counter, made with the planning core's own checkpoint argv.
 */
import type { TestContext } from 'node:test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { requirePrerequisite } from '../support/requirements';
import { tempDir as restoreTempDir } from './restoreSupport';
import { makeBusyboxBundle, runcKillDelete, startCounter, uniqueId, which, type BundleOptions } from '../support/bundle';
import { checkpointArgv, findCriu, findRunc, SYSTEM_PATH, validateCheckpointParams, type FoundTool, type RuncArgv } from '../../server/src/restore/index';

export interface Tools {
	runc: FoundTool;
	criu: FoundTool;
}

/** Root, runc and CRIU, found by the core's own discovery; undefined (test skipped) when missing outside CI. */
export async function realTools(t: TestContext): Promise<Tools | undefined> {
	if (!requirePrerequisite(t, process.geteuid?.() === 0, 'root (real runc + CRIU)')) return undefined;
	if (!requirePrerequisite(t, which('runc') !== undefined, 'runc')) return undefined;
	if (!requirePrerequisite(t, which('criu') !== undefined, 'criu')) return undefined;
	return { runc: await findRunc(), criu: await findCriu() };
}

/** The restore tests' temporary directory (never removed across a mount a failed test left). */
export function tempDir(t: TestContext): string {
	return restoreTempDir(t, 'c1-plan-');
}

/** Runs runc as the helper would: planned argv, no shell, PATH with the planned CRIU directory first. */
export function runPlanned(tools: Tools, planned: RuncArgv, cwd = '/'): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(tools.runc.path, planned.argv, {
			cwd,
			env: { PATH: planned.pathPrepend ? `${planned.pathPrepend}:${SYSTEM_PATH}` : SYSTEM_PATH },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

export interface Checkpointed {
	id: string;
	bundle: string;
	rootfs: string;
	imagePath: string;
	ticks: number[];
}

/** A counter container run until it printed a few ticks, then checkpointed through checkpointArgv. */
export async function checkpointedCounter(t: TestContext, tools: Tools, opts: BundleOptions = {}): Promise<Checkpointed> {
	const dir = tempDir(t);
	const id = uniqueId('c1plan');
	const b = makeBusyboxBundle(join(dir, 'bundle'), opts);
	t.after(() => runcKillDelete(id));
	const counter = await startCounter({ id, bundle: b.bundle, waitTicks: 3 });
	t.after(() => counter.cleanup());
	const imagePath = join(dir, 'image');
	const v = validateCheckpointParams({ id, imagePath, workPath: join(dir, 'dump-work') }, dir);
	if (!v.ok) throw new Error(JSON.stringify(v.errors));
	const r = await runPlanned(tools, checkpointArgv(v.value, tools.runc, { criuPath: tools.criu.path, criuVersion: tools.criu.version }));
	if (r.code !== 0) throw new Error(`checkpoint failed (${r.code}): ${r.stderr}`);
	await counter.exited;
	return { id, bundle: b.bundle, rootfs: b.rootfs, imagePath, ticks: counter.ticks() };
}
