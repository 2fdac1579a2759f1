import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { containerExists, runc, runcKillDelete } from '../support/bundle';
import { isAlive } from '../../server/src/helper/processTree';
import { attachSocketPath } from '../../server/src/helper/consolePaths';
import { DETACHED_LOG } from '../../server/src/helper/workDirFiles';
import { checkpointedCounter, failDetachedRestore, hashTree, logTicks, pollUntil, processesOf, Recorder, removeWorkDir, restoreDetachedThroughHelper, restorePrerequisites, startHelper, tempDir, withDeadline, type Checkpointed } from './restoreSupport';

/**
 * A counter in the background and, in the foreground, a loop answering every line read from stdin on
 * stdout and stderr; at the end of input it says so and keeps counting.
 */
const ANSWERING_COUNTER = '(i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done) & while read l; do echo "got:$l"; echo "err:$l" >&2; done; echo stdin-eof; wait';

interface DetachedPipes {
	pid: number;
	workPath: string;
	keeperPid: number;
	attachSocket: string;
}

/** Restores `c` detached (pipes) through a helper that then exits; the container must outlive it. */
async function restoreDetached(t: TestContext, c: Checkpointed, imagePath: string, pidFile?: string): Promise<DetachedPipes> {
	const r = await restoreDetachedThroughHelper(t, c, false, { imagePath, pidFile });
	const runcLine = r.logs.find((m) => m.includes(' restore '));
	assert.ok(runcLine && !/ (--detach|-d) /.test(runcLine), `runc restores in the foreground inside the keeper: ${runcLine}`);
	const keeperPid = Number(/held by keeper pid (\d+)/.exec(r.logs.join('\n'))?.[1]);
	assert.ok(keeperPid > 0, `the helper says which process holds the pipes: ${r.logs.join(' | ')}`);
	return { pid: r.pid, workPath: r.workPath, keeperPid, attachSocket: attachSocketPath(c.id, undefined) };
}

describe('restore through the helper, pipes + detach (pipe keeper, real runc + CRIU)', () => {
	test('detached: attach gets the output and reaches stdin; the container checkpoints again and restores attached, continuing; nothing is left behind', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { args: ['sh', '-c', ANSWERING_COUNTER] });
		t.after(() => runcKillDelete(c.id));
		const imagesBefore = hashTree(c.imagePath);
		const pidFile = join(tempDir(t), 'ct.pid');
		const d = await restoreDetached(t, c, c.imagePath, pidFile);
		const last = c.ticks[c.ticks.length - 1];

		const state = JSON.parse((await runc(['state', c.id])).stdout) as { status: string; pid: number };
		assert.equal(state.status, 'running', 'still running after the helper exited');
		assert.equal(state.pid, d.pid);
		assert.equal(readFileSync(pidFile, 'utf8').trim(), String(d.pid));
		assert.ok(isAlive(d.keeperPid), 'the keeper holds the pipes');
		assert.ok(existsSync(d.attachSocket));
		const logPath = join(d.workPath, DETACHED_LOG);
		await pollUntil(() => logTicks(logPath).length >= 3, 20_000, 'ticks in the keeper\'s log after the helper exited');
		assert.deepEqual(logTicks(logPath).slice(0, 3), [last + 1, last + 2, last + 3], 'the counter continues where the checkpoint stopped it');

		// Attach: the replay, then live output; stdin reaches the container, its answers come on stdout and stderr.
		const first = await startHelper(t);
		const rec = new Recorder(first);
		assert.equal((await first.request('state', { id: c.id })).console, true, 'state says a keeper holds its stdio');
		const a = await withDeadline(first.request('attach', { id: c.id, cols: 80, rows: 24 }), 20_000, 'attach');
		assert.deepEqual(a, { id: c.id, pid: d.pid, keeperPid: d.keeperPid, terminal: false });
		await rec.until(() => rec.ticks().length >= 2, 20_000, 'ticks through attach');
		assert.equal(rec.ticks()[0], last + 1, 'the replay starts with the first tick after the restore');
		const seen = rec.ticks().length;
		await rec.until(() => rec.ticks().length > seen + 1, 20_000, 'live ticks after the replay');
		await assert.rejects(first.request('resize', { cols: 100, rows: 30 }), (e: { code: string }) => e.code === 'unsupported');
		first.writeStdin(Buffer.from('hello-pipe\n'));
		await rec.until(() => rec.text().includes('got:hello-pipe') && rec.stderr.toString().includes('err:hello-pipe'), 20_000, 'the container to answer on stdout and stderr');
		first.dispose();
		await withDeadline(first.whenExited(), 20_000, 'the attached helper to exit');
		assert.ok(isAlive(d.keeperPid), 'detaching leaves the keeper');
		assert.equal(JSON.parse((await runc(['state', c.id])).stdout).status, 'running', 'and the container running');

		// Checkpoint again: the container's stdio are runc's pipes, which CRIU dumps (a log file could not be).
		const again = join(tempDir(t), 'images-2');
		const ckClient = await startHelper(t);
		const ck = await withDeadline(ckClient.request('checkpoint', { id: c.id, imagePath: again }), 60_000, 'the second checkpoint');
		removeWorkDir(t, ck.workPath);
		await pollUntil(() => !isAlive(d.keeperPid), 20_000, 'the keeper to end with the checkpointed container');
		assert.equal(existsSync(d.attachSocket), false, 'the keeper removed its attach socket');
		const before = logTicks(logPath);
		assert.ok(readFileSync(logPath, 'utf8').includes('got:hello-pipe'), 'the keeper logged the answer too');

		// Restore the new image attached: the counter continues after the last tick the keeper saw, stdin and EOF work.
		const attached = await startHelper(t);
		const rec2 = new Recorder(attached);
		await withDeadline(attached.request('restore', { id: c.id, bundle: c.bundle, imagePath: again }), 60_000, 'the attached restore');
		await rec2.until(() => rec2.ticks().length >= 2, 20_000, 'ticks after the second restore');
		assert.equal(rec2.ticks()[0], before[before.length - 1] + 1, `continues after tick ${before[before.length - 1]}`);
		attached.writeStdin(Buffer.from('again\n'));
		await rec2.until(() => rec2.text().includes('got:again'), 20_000, 'stdin after the second restore');
		attached.writeStdin(new Uint8Array(0));
		await rec2.until(() => rec2.text().includes('stdin-eof'), 20_000, 'EOF after the second restore');
		await attached.request('cancel', {});
		await rec2.exited();
		assert.equal(await containerExists(c.id), false, 'cancel killed and deleted it');
		assert.deepEqual(hashTree(c.imagePath), imagesBefore, 'the first image directory is unchanged');
		assert.deepEqual(processesOf(c.id), [], 'no keeper of this container is left');
		assert.equal(existsSync(d.attachSocket), false);
	});

	test('attach: EOF closes a detached container\'s stdin; killing the container ends the keeper, which removes its socket and says so', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { args: ['sh', '-c', ANSWERING_COUNTER] });
		t.after(() => runcKillDelete(c.id));
		const d = await restoreDetached(t, c, c.imagePath);
		const client = await startHelper(t);
		const rec = new Recorder(client);
		await withDeadline(client.request('attach', { id: c.id }), 20_000, 'attach');
		client.writeStdin(Buffer.from('one\n'));
		client.writeStdin(new Uint8Array(0));
		await rec.until(() => /got:one\n[^]*stdin-eof/.test(rec.text()), 20_000, 'the answer, then the end of input');
		const n = rec.ticks().length;
		await rec.until(() => rec.ticks().length > n + 1, 20_000, 'ticks after the end of input');
		await client.request('signal', { signal: 'SIGKILL' });
		await rec.until(() => rec.all('consoleClosed').length === 1, 20_000, 'consoleClosed');
		assert.match(rec.all('consoleClosed')[0].reason, /status 137/);
		await pollUntil(() => !isAlive(d.keeperPid), 20_000, 'the keeper to end');
		assert.equal(existsSync(d.attachSocket), false, 'the attach socket is removed');
		assert.deepEqual(processesOf(c.id), []);
		// runc, in the foreground, removes the container it ran once it exits.
		await pollUntil(async () => !(await containerExists(c.id)), 20_000, 'runc to remove the container');
		assert.match(readFileSync(join(d.workPath, 'keeper.log'), 'utf8'), /the container exited with status 137/);
	});

	test('a failed detached restore (emptied core-1.img) leaves no keeper, socket or runc state behind', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		const rec = await failDetachedRestore(t, c);
		const log = rec.all('criuError')[0]?.log;
		if (log) removeWorkDir(t, join(log, '..'));
		await pollUntil(() => processesOf(c.id).length === 0, 10_000, 'the keeper to be gone');
		assert.equal(existsSync(attachSocketPath(c.id, undefined)), false);
		assert.equal(await containerExists(c.id), false);
	});
});
