import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryTrackingProblem } from '../../../server/src/restore/memoryTracking';

test('memoryTrackingProblem asks criu check --feature mem_dirty_track and quotes what CRIU said', async () => {
	const calls: string[][] = [];
	const ok = await memoryTrackingProblem('/usr/sbin/criu', async (path, args) => {
		calls.push([path, ...args]);
		return { code: 0, stdout: '', stderr: '' };
	});
	assert.equal(ok, undefined);
	assert.deepEqual(calls, [['/usr/sbin/criu', 'check', '--feature', 'mem_dirty_track']]);

	const off = await memoryTrackingProblem('/usr/sbin/criu', async () => ({ code: 1, stdout: '', stderr: 'Warn  (criu/cr-check.c:824): Dirty tracking is OFF. Memory snapshot will not work.\n' }));
	assert.match(off!, /'criu check --feature mem_dirty_track' says "Dirty tracking is OFF\. Memory snapshot will not work\."/);
	assert.match(off!, /CONFIG_MEM_SOFT_DIRTY/);

	const silent = await memoryTrackingProblem('/usr/sbin/criu', async () => ({ code: null, stdout: '', stderr: '' }));
	assert.match(silent!, /says nothing \(exit null\)/);

	const broken = await memoryTrackingProblem('/nonexistent/criu', async () => {
		throw new Error('cannot run /nonexistent/criu: ENOENT');
	});
	assert.match(broken!, /^cannot ask CRIU whether it can track memory changes: cannot run \/nonexistent\/criu/);
});
