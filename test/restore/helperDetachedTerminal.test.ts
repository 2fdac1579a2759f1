import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { containerExists, runc, runcKillDelete } from '../support/bundle';
import type { HelperClient } from '../../server/src/helper/client';
import { isAlive } from '../../server/src/helper/processTree';
import { attachSocketPath } from '../../server/src/helper/consolePaths';
import { CONSOLE_LOG } from '../../server/src/helper/workDirFiles';
import { checkpointedCounter, failDetachedRestore, logTicks, pollUntil, processesOf, Recorder, removeWorkDir, restoreDetachedThroughHelper, restorePrerequisites, startHelper, tempDir, withDeadline, type Checkpointed } from './restoreSupport';

/** Ticks, then a loop that answers every line it reads (so stdin through the console can be seen). */
const ECHOING_COUNTER = 'i=0; while true; do echo tick $i size $(stty size); i=$((i+1)); if read -t 0.2 l; then echo "got:$l"; fi; done';

interface Detached {
	pid: number;
	workPath: string;
	keeperPid: number;
	/** The socket runc handed the console to (gone once the keeper took over). */
	receiveSocket: string;
	attachSocket: string;
}

/** Restores `c` with terminal + detach through a helper that then exits; the container must outlive it. */
async function restoreDetached(t: TestContext, c: Checkpointed, pidFile: string): Promise<Detached> {
	const r = await restoreDetachedThroughHelper(t, c, true, { pidFile });
	const runcLine = r.logs.find((m) => m.includes(' restore '));
	const receiveSocket = /--console-socket (\S+)/.exec(runcLine ?? '')?.[1];
	assert.ok(receiveSocket, `runc got a console socket: ${runcLine}`);
	const keeperPid = Number(/keeper pid (\d+)/.exec(r.logs.join('\n'))?.[1]);
	assert.ok(keeperPid > 0, `the helper says which process holds the console: ${r.logs.join(' | ')}`);
	return { pid: r.pid, workPath: r.workPath, keeperPid, receiveSocket, attachSocket: attachSocketPath(c.id, undefined) };
}

/** Kills the container with runc and proves the keeper, its sockets and the container are all gone. */
async function killAndCheckNothingLeft(c: Checkpointed, d: Detached): Promise<void> {
	await runc(['kill', c.id, 'KILL']);
	await pollUntil(() => !isAlive(d.keeperPid), 20_000, 'the keeper to end after the container was killed');
	assert.deepEqual(processesOf(c.id), [], 'no trampoline or keeper of this container is left');
	await runc(['delete', '--force', c.id]);
	assert.equal(await containerExists(c.id), false);
	assert.equal(existsSync(d.attachSocket), false, 'the attach socket is removed');
	assert.equal(existsSync(d.receiveSocket), false, 'the console socket is removed');
}

describe('restore through the helper, terminal + detach (runc --console-socket, real runc + CRIU)', () => {
	test('the helper exits, the container keeps running with its pid in the pid file, the keeper logs its ticks; kill ends the keeper', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { terminal: true });
		const pidFile = join(tempDir(t), 'container.pid');
		const d = await restoreDetached(t, c, pidFile);
		t.after(() => runcKillDelete(c.id));
		const state = JSON.parse((await runc(['state', c.id])).stdout) as { status: string; pid: number };
		assert.equal(state.status, 'running', 'still running after the helper exited');
		assert.equal(state.pid, d.pid);
		assert.equal(readFileSync(pidFile, 'utf8').trim(), String(d.pid));
		const listed = JSON.parse((await runc(['list', '--format', 'json'])).stdout) as { id: string }[];
		assert.ok(listed.some((x) => x.id === c.id), 'runc list shows it');
		assert.ok(isAlive(d.keeperPid), 'the keeper holds the console');
		assert.equal(existsSync(d.receiveSocket), false, 'the one-shot console socket is gone once the console was received');
		assert.ok(existsSync(d.attachSocket));
		// The counter goes on after the helper is gone: its ticks reach the keeper's log.
		const last = c.ticks[c.ticks.length - 1];
		const logPath = join(d.workPath, CONSOLE_LOG);
		const ticks = () => logTicks(logPath);
		await pollUntil(() => ticks().length >= 3, 20_000, 'three ticks in the keeper\'s log');
		assert.deepEqual(ticks().slice(0, 3), [last + 1, last + 2, last + 3], 'the counter continues where the checkpoint stopped it');
		await killAndCheckNothingLeft(c, d);
	});

	test('attach: the recent output then live ticks, resize and stdin reach the container, detaching leaves it running, kill closes the console', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { terminal: true, args: ['sh', '-c', ECHOING_COUNTER] });
		const d = await restoreDetached(t, c, join(tempDir(t), 'pid'));
		t.after(() => runcKillDelete(c.id));
		const last = c.ticks[c.ticks.length - 1];

		const first: HelperClient = await startHelper(t);
		const rec = new Recorder(first);
		assert.equal((await first.request('state', { id: c.id })).console, true, 'state says a keeper holds its console');
		assert.equal((await first.request('list', {})).find((x) => x.id === c.id)?.console, true, 'and so does list');
		const a = await withDeadline(first.request('attach', { id: c.id, cols: 100, rows: 30 }), 20_000, 'attach');
		assert.deepEqual(a, { id: c.id, pid: d.pid, keeperPid: d.keeperPid, terminal: true });
		await rec.until(() => rec.ticks().length >= 2, 20_000, 'ticks through attach');
		assert.equal(rec.ticks()[0], last + 1, 'the replay starts with the first tick after the restore');
		const seen = rec.ticks().length;
		await rec.until(() => rec.ticks().length > seen + 1, 20_000, 'live ticks after the replay');
		await rec.until(() => /size 30 100\r?\n/.test(rec.text()), 20_000, 'the size given to attach inside the container');
		await first.request('resize', { cols: 123, rows: 45 });
		await rec.until(() => /size 45 123\r?\n/.test(rec.text()), 20_000, 'the new size inside the container');
		first.writeStdin(Buffer.from('hello-console\r'));
		await rec.until(() => rec.text().includes('got:hello-console'), 20_000, 'the container to answer the input');
		// Detaching (the client goes away) leaves the container and its keeper alone.
		first.dispose();
		await withDeadline(first.whenExited(), 20_000, 'the attached helper to exit');
		assert.ok(isAlive(d.keeperPid));
		assert.equal(JSON.parse((await runc(['state', c.id])).stdout).status, 'running');

		// A second attach sees the earlier answer in the replay; killing the container closes its console.
		const second = await startHelper(t);
		const rec2 = new Recorder(second);
		await withDeadline(second.request('attach', { id: c.id }), 20_000, 'the second attach');
		await rec2.until(() => rec2.text().includes('got:hello-console'), 20_000, 'the replay');
		await second.request('signal', { signal: 'SIGKILL' });
		await rec2.until(() => rec2.all('consoleClosed').length === 1, 20_000, 'consoleClosed');
		assert.equal(rec2.all('consoleClosed')[0].id, c.id);
		await pollUntil(() => !isAlive(d.keeperPid), 20_000, 'the keeper to end');
		assert.equal(existsSync(d.attachSocket), false, 'the attach socket is removed');
		assert.equal(existsSync(d.receiveSocket), false);
		await runc(['delete', '--force', c.id]);
		assert.equal(await containerExists(c.id), false);
	});

	test('a detached terminal container checkpoints again (its keeper then ends) and restores detached again, continuing', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { terminal: true });
		const d = await restoreDetached(t, c, join(tempDir(t), 'pid'));
		t.after(() => runcKillDelete(c.id));
		const logPath = join(d.workPath, CONSOLE_LOG);
		await pollUntil(() => logTicks(logPath).length >= 2, 20_000, 'ticks in the keeper\'s log');
		const again = join(tempDir(t), 'images-2');
		const client = await startHelper(t);
		const ck = await withDeadline(client.request('checkpoint', { id: c.id, imagePath: again }), 60_000, 'the second checkpoint');
		removeWorkDir(t, ck.workPath);
		await pollUntil(() => !isAlive(d.keeperPid), 20_000, 'the keeper to end with the checkpointed container');
		assert.equal(existsSync(d.attachSocket), false);
		const before = logTicks(logPath);
		const d2 = await restoreDetached(t, { ...c, imagePath: again }, join(tempDir(t), 'pid2'));
		const log2 = join(d2.workPath, CONSOLE_LOG);
		await pollUntil(() => logTicks(log2).length >= 2, 20_000, 'ticks after the second restore');
		assert.equal(logTicks(log2)[0], before[before.length - 1] + 1, `continues after tick ${before[before.length - 1]}`);
		await killAndCheckNothingLeft(c, d2);
	});

	test('a failed restore (emptied core-1.img) leaves no trampoline, keeper, socket or runc state behind', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { terminal: true });
		const rec = await failDetachedRestore(t, c);
		removeWorkDir(t, dirname(rec.all('criuError')[0].log));
		const runcLine = rec.all('log').map((e) => e.message).find((m) => m.includes(' restore '));
		const receiveSocket = /--console-socket (\S+)/.exec(runcLine ?? '')?.[1];
		assert.ok(receiveSocket, `runc got a console socket: ${runcLine}`);
		await pollUntil(() => processesOf(c.id).length === 0, 10_000, 'the trampoline to be ended');
		assert.equal(existsSync(receiveSocket), false);
		assert.equal(existsSync(attachSocketPath(c.id, undefined)), false);
		assert.equal(await containerExists(c.id), false);
	});

	test('attach to a container without a console keeper is refused (not-found) and starts nothing', async (t) => {
		if (!restorePrerequisites(t)) return;
		const client = await startHelper(t);
		await assert.rejects(client.request('attach', { id: 'ocir-no-such-container-here' }), (err: { code: string; message: string }) => {
			assert.equal(err.code, 'not-found');
			assert.match(err.message, /no console or pipe keeper/);
			return true;
		});
	});
});
