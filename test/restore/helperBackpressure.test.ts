import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkpointedCounter, pollUntil, Recorder, restorePrerequisites, startHelper, withDeadline } from './restoreSupport';

const MIB = 1024 * 1024;

function rssMb(pid: number): number {
	return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

describe('backpressure through the helper (real runc + CRIU)', () => {
	test('a client that stops reading stalls the container instead of growing the helper; nothing is lost', async (t) => {
		if (!restorePrerequisites(t)) return;
		// Checkpointed while waiting for a line; then writes 96 MiB of zeros and exits.
		const c = await checkpointedCounter(t, { args: ['sh', '-c', 'echo tick 0; echo tick 1; echo tick 2; read go; dd if=/dev/zero bs=65536 count=1536 2>/dev/null'] });
		const client = await startHelper(t);
		const rec = new Recorder(client);
		let bytes = 0;
		client.onEvent('stdout', (_e, d) => (bytes += d?.length ?? 0));
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the restore');
		const rssBefore = rssMb(client.pid!);
		client.pauseOutput();
		client.writeStdin(Buffer.from('go\n'));
		// Let the container run into the full pipes; it must stall far short of 96 MiB.
		await new Promise((r) => setTimeout(r, 2000));
		const helperGrowth = rssMb(client.pid!) - rssBefore;
		assert.equal(rec.all('exited').length, 0, 'the container is stalled, not finished');
		assert.ok(helperGrowth < 24, `helper RSS grew ${helperGrowth.toFixed(1)} MB while the client was not reading`);
		client.resumeOutput();
		const exited = await rec.exited(60_000);
		assert.equal(exited.code, 0);
		await pollUntil(() => bytes >= 96 * MIB, 10_000, 'all bytes');
		assert.equal(bytes, 96 * MIB, 'every byte arrives exactly once');
	});
});
