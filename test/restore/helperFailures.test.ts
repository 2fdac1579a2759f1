import { test, describe, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerExists } from '../support/bundle';
import type { HelperClient, HelperError } from '../../server/src/helper/client';
import { commOf, descendants, isAlive } from '../../server/src/helper/processTree';
import { mountsUnder } from '../../server/src/helper/runcTool';
import { checkpointedCounter, cliPath, hashTree, pollUntil, Recorder, restorePrerequisites, runcStateDir, startHelper, withDeadline, type Checkpointed } from './restoreSupport';

/** The lowest-numbered image of a kind (core-1.img, pages-1.img…). */
function image(c: Checkpointed, kind: string): string {
	const names = readdirSync(c.imagePath).filter((n) => new RegExp(`^${kind}-\\d+\\.img$`).test(n));
	names.sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
	assert.ok(names.length > 0, `no ${kind}-*.img in ${c.imagePath}`);
	return join(c.imagePath, names[0]);
}

/** Restores a damaged checkpoint and checks the failure: a criu-failed error quoting restore.log's first Error line. */
async function expectCriuFailure(t: TestContext, c: Checkpointed, expected: RegExp): Promise<void> {
	const before = hashTree(c.imagePath);
	const client = await startHelper(t);
	const rec = new Recorder(client);
	let err: HelperError | undefined;
	await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the failed restore').catch((e: HelperError) => (err = e));
	assert.ok(err, 'the restore failed');
	assert.equal(err.code, 'criu-failed', err.message);
	const errors = rec.all('criuError');
	assert.ok(errors.length >= 1);
	assert.deepEqual(err.details, errors);
	const first = errors[0];
	assert.match(first.message, expected);
	assert.doesNotMatch(first.message, /RLIMIT_NOFILE/, 'the harmless rlimit line is never the cause');
	const logLines = readFileSync(first.log, 'utf8').split('\n');
	assert.ok(logLines[first.logLine - 1].includes(first.message), 'logLine points at the quoted line');
	assert.ok(err.message.includes(first.message), 'the error quotes the first Error line');
	assert.ok(!first.log.startsWith(c.imagePath), 'the log is in the job\'s work directory');
	assert.equal(await containerExists(c.id), false, 'no runc state left');
	assert.equal(existsSync(runcStateDir(c.id)), false);
	assert.deepEqual(hashTree(c.imagePath), before, 'image bytes unchanged');
}

/** Starts a restore of a checkpoint whose pages-1.img is truncated (CRIU 4.1 spins on it) and waits until CRIU runs. */
async function hangingRestore(c: Checkpointed, client: HelperClient, rec: Recorder) {
	truncateSync(image(c, 'pages'), 4096);
	const restore = client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath });
	restore.catch(() => undefined);
	await rec.until(() => rec.all('log').some((l) => /\(pid \d+,/.test(l.message)), 20_000, 'runc to start');
	const startLog = rec.all('log').find((l) => /\(pid \d+,/.test(l.message))!.message;
	const runcPid = Number(/\(pid (\d+),/.exec(startLog)![1]);
	const workPath = /work dir (\S+)\)/.exec(startLog)![1];
	// CRIU is running under runc once it has a descendant called criu.
	let tree: number[] = [];
	await pollUntil(() => {
		tree = descendants(runcPid);
		return tree.some((p) => commOf(p) === 'criu');
	}, 20_000, 'criu to run');
	// Give CRIU time to reach the pages and spin (the restore must still be pending).
	await pollUntil(() => existsSync(join(runcStateDir(c.id), 'criu-root')) || rec.all('started').length > 0, 20_000, 'criu-root mount');
	assert.equal(rec.all('started').length, 0, 'the damaged restore does not finish');
	return { restore, runcPid, workPath, tree: [runcPid, ...descendants(runcPid)] };
}

/** Gone, or a zombie waiting to be reaped (it runs nothing any more). */
function isGone(pid: number): boolean {
	if (!isAlive(pid)) return true;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
	} catch {
		return true;
	}
}

async function assertCleanedUp(c: Checkpointed, tree: number[], workPath?: string): Promise<void> {
	if (workPath) {
		// CRIU's cgroup yard (.criu.cgyard.*) in the work directory must not outlive it.
		await pollUntil(() => mountsUnder(workPath).length === 0, 15_000, `no mounts left under ${workPath}`);
	}
	await pollUntil(() => tree.every(isGone), 15_000, `runc, CRIU and their children (${tree.join(', ')}) to be gone`);
	assert.equal(await containerExists(c.id), false);
	assert.equal(existsSync(runcStateDir(c.id)), false, 'runc state directory removed');
	const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
	assert.ok(!mounts.includes(runcStateDir(c.id)), 'criu-root unmounted');
	// criu-root was the bundle's rootfs bind-mounted: cleaning up must not have deleted anything through it.
	assert.deepEqual(hashTree(c.rootfs), c.rootfsHashes, 'the bundle rootfs is untouched');
}

describe('restore failures through the helper (real runc + CRIU)', () => {
	test('an emptied core-1.img: criu-failed quoting restore.log, no state left, images unchanged', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		writeFileSync(image(c, 'core'), '');
		await expectCriuFailure(t, c, /Unexpected EOF/);
	});

	test('a rootfs file changed after the checkpoint: criu-failed naming it', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		appendFileSync(join(c.rootfs, 'bin', 'busybox'), Buffer.from('changed'));
		await expectCriuFailure(t, c, /busybox|size/i);
	});

	test('a hung restore (truncated pages-1.img) is ended by cancel: runc and CRIU killed, state and mount removed', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		const before = hashTree(c.imagePath);
		const client = await startHelper(t);
		const rec = new Recorder(client);
		const h = await hangingRestore(c, client, rec);
		const started = Date.now();
		await withDeadline(client.request('cancel', {}), 20_000, 'cancel');
		const err = (await h.restore.then(() => undefined, (e: HelperError) => e))!;
		assert.ok(Date.now() - started < 20_000);
		assert.equal(err.code, 'cancelled');
		assert.match(err.message, /killed \d+ process/);
		assert.match(err.message, /criu/);
		await assertCleanedUp(c, h.tree, h.workPath);
		// The image directory is still byte-identical to the damaged one we made (nothing rewritten).
		const after = hashTree(c.imagePath);
		for (const k of Object.keys(before)) if (!k.startsWith('pages-')) assert.equal(after[k], before[k], k);
	});

	test('a hung restore is ended when the helper is killed (SIGTERM)', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		const client = await startHelper(t);
		const rec = new Recorder(client);
		const h = await hangingRestore(c, client, rec);
		process.kill(client.pid!, 'SIGTERM');
		await withDeadline(client.whenExited(), 20_000, 'the helper to exit');
		await assertCleanedUp(c, h.tree, h.workPath);
	});

	test('a hung restore is ended when the client closes the helper', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		const client = await startHelper(t);
		const rec = new Recorder(client);
		const h = await hangingRestore(c, client, rec);
		client.dispose();
		await withDeadline(client.whenExited(), 20_000, 'the helper to exit');
		await assertCleanedUp(c, h.tree, h.workPath);
	});

	test('CLI: Ctrl-C during a hung restore ends CRIU and runc, cleans up, says so and exits 130', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		truncateSync(image(c, 'pages'), 4096);
		const cli = spawn(process.execPath, [cliPath, 'restore', '--bundle', c.bundle, '--image-path', c.imagePath, c.id], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OCI_RESTORE_DEBUG: '1' } });
		let stderr = '';
		cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		const exit = new Promise<number | null>((res) => cli.on('close', (code) => res(code)));
		let runcPid = 0;
		await pollUntil(() => {
			const m = /\(pid (\d+), work dir/.exec(stderr);
			if (m) runcPid = Number(m[1]);
			return runcPid > 0 && descendants(runcPid).some((p) => commOf(p) === 'criu');
		}, 30_000, 'criu to run under the CLI');
		await pollUntil(() => existsSync(join(runcStateDir(c.id), 'criu-root')), 20_000, 'criu-root mount');
		const tree = [runcPid, ...descendants(runcPid)];
		const workPath = /work dir (\S+)\)/.exec(stderr)![1];
		cli.kill('SIGINT');
		const code = await withDeadline(exit, 30_000, 'the CLI to exit');
		assert.equal(code, 130, stderr);
		assert.match(stderr, /cancelled \(SIGINT during the restore\).*killed \d+ process/);
		await assertCleanedUp(c, tree, workPath);
	});
});
