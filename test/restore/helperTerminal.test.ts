import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { containerExists } from '../support/bundle';
import { checkpointedCounter, Recorder, restorePrerequisites, startHelper, withDeadline } from './restoreSupport';

/** A counter that also prints the terminal size it sees (`stty size`: rows cols). */
const SIZED_COUNTER = 'i=0; while true; do echo tick $i size $(stty size); i=$((i+1)); sleep 0.2; done';

describe('restore through the helper, terminal mode (real runc + CRIU on a pty)', () => {
	test('the counter continues on the restored console; resize changes `stty size` inside', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { terminal: true, args: ['sh', '-c', SIZED_COUNTER] });
		const client = await startHelper(t);
		const rec = new Recorder(client);
		const r = await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath, cols: 90, rows: 20 }), 60_000, 'the restore');
		assert.deepEqual(rec.all('started').map((e) => e.terminal), [true]);
		const last = c.ticks[c.ticks.length - 1];
		await rec.until(() => rec.ticks().length >= 2, 10_000, 'ticks on the console');
		assert.equal(rec.ticks()[0], last + 1);
		assert.match(rec.text(), /tick \d+ size 20 90\r\n/, 'the pty was created with the requested size');
		await client.request('resize', { cols: 123, rows: 45 });
		await rec.until(() => /size 45 123\r\n/.test(rec.text()), 10_000, 'the new size inside the container');
		assert.ok(r.pid > 0);
		await client.request('cancel', {});
		assert.equal((await rec.exited()).code, 137);
		assert.equal(await containerExists(c.id), false);
	});
});
