import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, truncateSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkRestorePaths, parseCriuLog, restoreArgv, RuncPlanError, SYSTEM_PATH, validateRestoreParams } from '../../server/src/restore/index';
import { containerExists, parseTicks, runcKillDelete } from '../support/bundle';
import { checkpointedCounter, realTools, runPlanned, tempDir } from './planSupport';

function hashDir(dir: string): string {
	const h = createHash('sha256');
	for (const name of readdirSync(dir).sort()) h.update(name).update(readFileSync(join(dir, name)));
	return h.digest('hex');
}

/**
 * The planning core end to end against real runc + CRIU: what validateRestoreParams,
 * checkRestorePaths and restoreArgv produce is what runc accepts and acts on.
 */
describe('restore planned by the core, run by real runc', () => {
	test('validate → check paths → argv → runc restore: the counter continues with the next tick', async (t) => {
		const tools = await realTools(t);
		if (!tools) return;
		const c = await checkpointedCounter(t, tools);
		const work = join(tempDir(t), 'work');
		const v = validateRestoreParams({ id: c.id, imagePath: c.imagePath, workPath: work }, c.bundle);
		assert.equal(v.ok, true, JSON.stringify(v));
		if (!v.ok) return;
		assert.deepEqual(checkRestorePaths(v.value), []);
		const before = hashDir(c.imagePath);
		const planned = restoreArgv(v.value, tools.runc, { criuPath: tools.criu.path, criuVersion: tools.criu.version });
		const child = spawn(tools.runc.path, planned.argv, {
			cwd: '/',
			env: { PATH: planned.pathPrepend ? `${planned.pathPrepend}:${SYSTEM_PATH}` : SYSTEM_PATH },
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		t.after(() => runcKillDelete(c.id));
		let out = '';
		const twoTicks = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no ticks within 20 s; output: ${out}`)), 20_000);
			const onData = (d: Buffer) => {
				out += d.toString();
				if (parseTicks(out).length >= 2) {
					clearTimeout(timer);
					resolve();
				}
			};
			child.stdout.on('data', onData);
			child.stderr.on('data', onData);
			child.on('close', (code) => reject(new Error(`runc restore exited ${code} before two ticks: ${out}`)));
		});
		await twoTicks;
		const last = Math.max(...c.ticks);
		assert.equal(parseTicks(out)[0], last + 1, `first restored tick follows the last checkpointed one (${last}); got: ${out}`);
		assert.equal(await containerExists(c.id), true);
		const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
		await runcKillDelete(c.id);
		assert.equal(await exit, 137, 'runc exits with the container\'s status: 128 + SIGKILL');
		assert.equal(hashDir(c.imagePath), before, 'with its own work path the image directory stays byte-identical');
		assert.ok(readdirSync(work).includes('restore.log'), 'the restore log went to the work path');
	});

	test('an emptied core-1.img: runc fails, restore.log\'s first real Error is the cause, no state left', async (t) => {
		const tools = await realTools(t);
		if (!tools) return;
		const c = await checkpointedCounter(t, tools);
		truncateSync(join(c.imagePath, 'core-1.img'), 0);
		const work = join(tempDir(t), 'work');
		mkdirSync(work);
		const v = validateRestoreParams({ id: c.id, bundle: c.bundle, imagePath: c.imagePath, workPath: work }, '/');
		if (!v.ok) return assert.fail(JSON.stringify(v.errors));
		const r = await runPlanned(tools, restoreArgv(v.value, tools.runc, { criuPath: tools.criu.path }));
		assert.notEqual(r.code, 0);
		assert.match(r.stderr, /criu failed/);
		const log = join(work, 'restore.log');
		const errors = parseCriuLog(readFileSync(log, 'utf8'), log);
		assert.deepEqual([errors[0].file, errors[0].message], ['criu/image.c', 'Unexpected EOF']);
		assert.equal(await containerExists(c.id), false, 'runc cleaned up the failed restore');
	});

	test('what this runc cannot do is refused before runc runs', async (t) => {
		const tools = await realTools(t);
		if (!tools) return;
		const v = validateRestoreParams({ id: 'c1-never-run', manageCgroupsMode: 'ignore' }, '/srv');
		if (!v.ok) return assert.fail(JSON.stringify(v.errors));
		const major = Number(tools.runc.version.split('.')[0]);
		const minor = Number(tools.runc.version.split('.')[1]);
		if (major > 1 || minor >= 2) {
			assert.ok(restoreArgv(v.value, tools.runc).argv.includes('ignore'));
		} else {
			assert.throws(() => restoreArgv(v.value, tools.runc), (e: unknown) => e instanceof RuncPlanError && /needs runc ≥ 1\.2\.0/.test(e.message));
			// And the real runc indeed does not know the value on checkpoint.
			const r = await runPlanned(tools, { argv: ['checkpoint', '--manage-cgroups-mode', 'ignore', 'c1-no-such-container'] });
			assert.notEqual(r.code, 0);
		}
	});
});
