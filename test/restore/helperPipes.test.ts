import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerExists, makeBusyboxBundle, runc, runcKillDelete, uniqueId } from '../support/bundle';
import { HelperError } from '../../server/src/helper/client';
import { checkpointedCounter, hashTree, pollUntil, Recorder, restorePrerequisites, runcStateDir, startHelper, tempDir, withDeadline } from './restoreSupport';

describe('restore through the helper, pipe mode (real runc + CRIU)', () => {
	test('the counter continues with exactly the next tick; cancel kills and deletes it; the images are untouched', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		const before = hashTree(c.imagePath);
		const client = await startHelper(t);
		const rec = new Recorder(client);
		const r = await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the restore');
		assert.ok(r.pid > 0);
		assert.equal(r.imagePath, c.imagePath);
		assert.notEqual(r.workPath, c.imagePath);
		assert.ok(existsSync(join(r.workPath, 'restore.log')), 'CRIU logs into the job\'s own work directory');
		const last = c.ticks[c.ticks.length - 1];
		await rec.until(() => rec.ticks().length >= 2, 10_000, 'two ticks after the restore');
		assert.equal(rec.ticks()[0], last + 1, `first tick after restore (before: ${c.ticks.join(',')})`);
		assert.equal(rec.ticks()[1], last + 2);
		assert.deepEqual(rec.all('started').map((e) => [e.id, e.pid, e.terminal]), [[c.id, r.pid, false]]);
		const state = await client.request('state', { id: c.id });
		assert.equal(state.status, 'running');
		assert.equal(state.pid, r.pid);
		await withDeadline(client.request('cancel', {}), 20_000, 'cancel');
		const exited = await rec.exited();
		assert.equal(exited.code, 137);
		assert.equal(exited.signal, 'SIGKILL');
		assert.equal(await containerExists(c.id), false);
		assert.equal(existsSync(runcStateDir(c.id)), false);
		assert.deepEqual(hashTree(c.imagePath), before);
	});

	test('stdin round trip: a cat container echoes what is sent, EOF ends it with status 0', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { args: ['sh', '-c', 'echo tick 0; echo tick 1; exec cat'], waitTicks: 2 });
		const client = await startHelper(t);
		const rec = new Recorder(client);
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the restore');
		const payload = Buffer.from('hello \u00e9\u4e16 \x00\x01\xff binary\n');
		client.writeStdin(payload);
		await rec.until(() => rec.stdout.includes(payload), 10_000, 'the echo');
		assert.deepEqual(rec.stdout.subarray(rec.stdout.indexOf(payload)), payload, 'bytes come back unchanged (binary-safe)');
		client.writeStdin(new Uint8Array());
		const exited = await rec.exited();
		assert.equal(exited.code, 0);
		await pollUntil(async () => !(await containerExists(c.id)), 10_000, 'runc state to be gone');
	});

	test('SIGINT reaches the container; the exit is reported as runc gives it (130)', async (t) => {
		if (!restorePrerequisites(t)) return;
		// The plain counter, no trap: SIGINT kills it and runc reports 128 + 2.
		const c = await checkpointedCounter(t);
		const client = await startHelper(t);
		const rec = new Recorder(client);
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the restore');
		await rec.until(() => rec.ticks().length >= 1, 10_000, 'a tick');
		await client.request('signal', { signal: 'SIGINT' });
		const exited = await rec.exited();
		assert.equal(exited.code, 130);
		assert.equal(exited.signal, 'SIGINT');
		await pollUntil(async () => !(await containerExists(c.id)), 10_000, 'runc state to be gone');
	});

	test('detach: the container keeps running after the helper exits, is listed, the pid file holds its pid, its keeper logs the output to container.log', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		const dir = tempDir(t);
		const pidFile = join(dir, 'ct.pid');
		const client = await startHelper(t);
		const rec = new Recorder(client);
		const r = await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath, detach: true, pidFile }), 60_000, 'the restore');
		assert.equal(Number(readFileSync(pidFile, 'utf8')), r.pid);
		assert.ok(rec.all('log').some((l) => l.message.includes('container.log')));
		const listed = await client.request('list', {});
		assert.deepEqual(listed.filter((x) => x.id === c.id).map((x) => [x.status, x.pid]), [['running', r.pid]]);
		client.dispose();
		await withDeadline(client.whenExited(), 10_000, 'the helper to exit');
		const log = join(r.workPath, 'container.log');
		const last = c.ticks[c.ticks.length - 1];
		// Still counting after the helper is gone: no SIGPIPE, no kill.
		await pollUntil(() => existsSync(log) && readFileSync(log, 'utf8').includes(`tick ${last + 8}`), 15_000, 'ticks in container.log after the helper exited');
		const st = JSON.parse((await runc(['state', c.id])).stdout) as { status: string; pid: number };
		assert.equal(st.status, 'running');
		assert.equal(st.pid, r.pid);
		assert.match(readFileSync(log, 'utf8'), new RegExp(`^tick ${last + 1}\\n`));
		// A later helper sees where it came from, and its kill/delete verbs end it.
		const later = await startHelper(t);
		assert.equal((await later.request('state', { id: c.id })).restoredFrom, c.imagePath);
		await later.request('kill', { id: c.id, signal: 'SIGKILL' });
		// Its pipe keeper runs runc in the foreground, which removes the container once it stopped.
		const stoppedOrGone = () => later.request('state', { id: c.id }).then((s) => s.status === 'stopped', (e: HelperError) => e.code === 'not-found');
		await pollUntil(stoppedOrGone, 10_000, 'the container to stop');
		await later.request('delete', { id: c.id }).catch((e: HelperError) => assert.equal(e.code, 'not-found', e.message));
		await assert.rejects(later.request('state', { id: c.id }), (e: HelperError) => e.code === 'not-found');
	});

	test('an id in use is refused (conflict) and that container is left alone', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		const client = await startHelper(t);
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath, detach: true }), 60_000, 'the first restore');
		const other = await startHelper(t);
		await assert.rejects(other.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), (err: HelperError) => {
			assert.equal(err.code, 'conflict');
			assert.match(err.message, /in use/);
			return true;
		});
		const st = JSON.parse((await runc(['state', c.id])).stdout) as { status: string };
		assert.equal(st.status, 'running');
		await runcKillDelete(c.id);
	});

	test('a missing image directory is refused before runc runs', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const id = uniqueId('c2');
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		const client = await startHelper(t);
		await assert.rejects(client.request('restore', { id, bundle: b.bundle, imagePath: join(dir, 'nope') }), (err: HelperError) => {
			assert.equal(err.code, 'not-found');
			assert.match(err.message, /nope/);
			return true;
		});
		assert.equal(await containerExists(id), false);
	});
});
