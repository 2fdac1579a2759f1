import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBusyboxBundle, runc, runcKillDelete, runcPath, startCounter, uniqueId } from '../support/bundle';
import type { HelperError } from '../../server/src/helper/client';
import { findCriu, memoryTrackingProblem } from '../../server/src/restore';
import { pollUntil, Recorder, restorePrerequisites, startHelper, tempDir, withDeadline } from './restoreSupport';

describe('checkpoint through the helper (real runc + CRIU)', () => {
	test('checkpoint, then restore the images it wrote: the counter continues', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const id = uniqueId('c2');
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		t.after(() => runcKillDelete(id));
		const h = await startCounter({ id, bundle: b.bundle, waitTicks: 3 });
		const client = await startHelper(t);
		const imagePath = join(dir, 'images');
		const r = await withDeadline(client.request('checkpoint', { id, imagePath }), 60_000, 'the checkpoint');
		assert.equal(r.imagePath, imagePath);
		assert.ok(existsSync(join(imagePath, 'inventory.img')));
		assert.ok(existsSync(join(r.workPath, 'dump.log')), 'dump.log is in the job\'s work directory');
		assert.ok(!existsSync(join(imagePath, 'dump.log')));
		await h.exited;
		const last = h.ticks()[h.ticks().length - 1];
		const second = await startHelper(t);
		const rec = new Recorder(second);
		await withDeadline(second.request('restore', { id, bundle: b.bundle, imagePath }), 60_000, 'the restore');
		await rec.until(() => rec.ticks().length >= 1, 10_000, 'a tick');
		assert.equal(rec.ticks()[0], last + 1);
	});

	test('a failing dump is reported with dump.log\'s Error lines, the first being the cause; the container keeps running', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const id = uniqueId('c2');
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		t.after(() => runcKillDelete(id));
		// Detached with stdout on a host file: CRIU cannot find that file's mount inside the container.
		const fd = openSync(join(dir, 'out.log'), 'w');
		const run = spawn(runcPath(), ['run', '-d', id], { cwd: b.bundle, stdio: ['ignore', fd, fd] });
		closeSync(fd);
		await new Promise((r) => run.once('close', r));
		await pollUntil(() => readFileSync(join(dir, 'out.log'), 'utf8').includes('tick 2'), 15_000, 'the counter');
		const client = await startHelper(t);
		const rec = new Recorder(client);
		let err: HelperError | undefined;
		await withDeadline(client.request('checkpoint', { id, imagePath: join(dir, 'images') }), 60_000, 'the checkpoint').catch((e: HelperError) => (err = e));
		assert.ok(err, 'the checkpoint failed');
		assert.equal(err.code, 'criu-failed', err.message);
		const errors = rec.all('criuError');
		assert.ok(errors.length >= 1);
		assert.match(errors[0].log, /dump\.log$/);
		assert.ok(err.message.includes(errors[0].message));
		assert.match(errors[0].message, /lookup|mount|fd=1|out\.log/i);
		const st = JSON.parse((await runc(['state', id])).stdout) as { status: string };
		assert.equal(st.status, 'running');
	});
});

describe('incremental checkpoints through the helper (real runc + CRIU)', () => {
	test('pre-dump and parent-path: refused before anything runs when the kernel cannot track memory; otherwise pre-dump, dump on top, restore', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const id = uniqueId('c2');
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		t.after(() => runcKillDelete(id));
		const h = await startCounter({ id, bundle: b.bundle, waitTicks: 3 });
		const client = await startHelper(t);
		const criu = await findCriu();
		const problem = await memoryTrackingProblem(criu.path);
		const feature = spawnSync(criu.path, ['check', '--feature', 'mem_dirty_track'], { encoding: 'utf8' });
		// The answer must be CRIU's own: this is what tells us which half of the test applies.
		assert.equal(problem === undefined, feature.status === 0, `${feature.stdout}${feature.stderr}`);
		if (problem !== undefined) {
			// A full checkpoint that leaves the container running works, and is what a parent-path dump would build on.
			await withDeadline(client.request('checkpoint', { id, leaveRunning: true, imagePath: join(dir, 'full') }), 60_000, 'the full checkpoint');
			for (const req of [{ preDump: true, imagePath: join(dir, 'pre') }, { parentPath: '../full', imagePath: join(dir, 'images') }]) {
				let err: HelperError | undefined;
				await withDeadline(client.request('checkpoint', { id, ...req }), 60_000, 'the refused checkpoint').catch((e: HelperError) => (err = e));
				assert.ok(err, `${JSON.stringify(req)} was refused`);
				assert.equal(err.code, 'unsupported', err.message);
				assert.match(err.message, /need CRIU to track memory changes.*mem_dirty_track.*CONFIG_MEM_SOFT_DIRTY.*full checkpoint instead/s);
				assert.equal(existsSync(req.imagePath), false, 'nothing was written');
			}
			// Refused before runc ran: the container was never frozen and still ticks.
			const before = h.ticks().length;
			await pollUntil(() => h.ticks().length >= before + 2, 10_000, 'the counter to go on');
			assert.equal(JSON.parse((await runc(['state', id])).stdout).status, 'running');
			return;
		}
		const pre = await withDeadline(client.request('checkpoint', { id, preDump: true, imagePath: join(dir, 'pre') }), 60_000, 'the pre-dump');
		assert.ok(existsSync(join(pre.imagePath, 'inventory.img')));
		assert.equal(JSON.parse((await runc(['state', id])).stdout).status, 'running', 'a pre-dump leaves the container running');
		const imagePath = join(dir, 'images');
		await withDeadline(client.request('checkpoint', { id, parentPath: '../pre', imagePath }), 60_000, 'the dump on top of the pre-dump');
		await h.exited;
		const last = h.ticks()[h.ticks().length - 1];
		const second = await startHelper(t);
		const rec = new Recorder(second);
		await withDeadline(second.request('restore', { id, bundle: b.bundle, imagePath }), 60_000, 'the restore');
		await rec.until(() => rec.ticks().length >= 1, 10_000, 'a tick');
		assert.equal(rec.ticks()[0], last + 1);
	});
});
