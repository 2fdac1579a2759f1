import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { containerExists, runc, startCounter, uniqueId, makeBusyboxBundle, runcKillDelete } from '../support/bundle';
import { checkpointedCounter, cliPath, hashTree, pollUntil, restorePrerequisites, tempDir, withDeadline } from './restoreSupport';

const TRAPPING_COUNTER = "trap 'exit 130' INT; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done";

describe('oci-restore restore / checkpoint CLI end to end (real runc + CRIU)', () => {
	test('restore streams the counter; SIGINT reaches the container; the CLI exits 130', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { args: ['sh', '-c', TRAPPING_COUNTER] });
		const cli = spawn(process.execPath, [cliPath, 'restore', '-b', c.bundle, '--image-path', c.imagePath, c.id], { stdio: ['pipe', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
		cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
		const exit = new Promise<number | null>((res) => cli.on('close', (code) => res(code)));
		const last = c.ticks[c.ticks.length - 1];
		await pollUntil(() => out.includes(`tick ${last + 2}\n`), 30_000, 'ticks on the CLI\'s stdout');
		assert.ok(out.startsWith(`tick ${last + 1}\n`), out.slice(0, 100));
		cli.kill('SIGINT');
		assert.equal(await withDeadline(exit, 20_000, 'the CLI to exit'), 130, err);
		assert.equal(await containerExists(c.id), false);
	});

	test('on a terminal: raw mode, the restored console continues, Ctrl-C (a ^C byte) reaches it, exit 130', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { terminal: true, args: ['sh', '-c', TRAPPING_COUNTER] });
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const pty = require('@lydell/node-pty') as typeof import('@lydell/node-pty');
		const term = pty.spawn(process.execPath, [cliPath, 'restore', '--bundle', c.bundle, '--image-path', c.imagePath, c.id], { cols: 100, rows: 30, cwd: c.bundle, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm' } });
		let out = '';
		term.onData((d) => (out += d));
		const exit = new Promise<number>((r) => term.onExit((e) => r(e.exitCode)));
		const last = c.ticks[c.ticks.length - 1];
		await pollUntil(() => out.includes(`tick ${last + 2}`), 30_000, 'ticks on the terminal');
		assert.match(out, new RegExp(`tick ${last + 1}\\r\\n`));
		term.write('\x03');
		assert.equal(await withDeadline(exit, 20_000, 'the CLI to exit'), 130, out.slice(-500));
		assert.equal(await containerExists(c.id), false);
	});

	test('checkpoint then restore by the CLI alone; the image directory stays byte-identical', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const id = uniqueId('c2');
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		t.after(() => runcKillDelete(id));
		const h = await startCounter({ id, bundle: b.bundle, waitTicks: 3 });
		const imagePath = join(dir, 'images');
		const ck = spawnSync(process.execPath, [cliPath, 'checkpoint', '--image-path', imagePath, id], { encoding: 'utf8', timeout: 120_000 });
		assert.equal(ck.status, 0, ck.stderr);
		assert.match(ck.stdout, /checkpointed/);
		assert.ok(existsSync(join(imagePath, 'inventory.img')));
		await h.exited;
		const last = h.ticks()[h.ticks().length - 1];
		const before = hashTree(imagePath);
		const cli = spawn(process.execPath, [cliPath, 'restore', '--bundle', b.bundle, '--image-path', imagePath, '--detach', '--pid-file', join(dir, 'pid'), id], { stdio: ['ignore', 'pipe', 'pipe'] });
		let err = '';
		cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
		const code = await withDeadline(new Promise<number | null>((res) => cli.on('close', (c) => res(c))), 60_000, 'the detached restore');
		assert.equal(code, 0, err);
		// Its pipe keeper logs the output there (and `oci-restore attach` reaches it).
		const logPath = /output is also in (\S+container\.log)/.exec(err)?.[1];
		assert.ok(logPath, err);
		await pollUntil(() => existsSync(logPath) && spawnSync('/bin/cat', [logPath], { encoding: 'utf8' }).stdout.includes(`tick ${last + 2}\n`), 15_000, 'the detached container to keep counting');
		const st = JSON.parse((await runc(['state', id])).stdout) as { status: string };
		assert.equal(st.status, 'running');
		assert.deepEqual(hashTree(imagePath), before);
	});

	test('errors are one clear line on stderr with a non-zero exit', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		const missing = spawnSync(process.execPath, [cliPath, 'restore', '--bundle', b.bundle, '--image-path', join(dir, 'none'), uniqueId('c2')], { encoding: 'utf8', timeout: 60_000 });
		assert.equal(missing.status, 1);
		assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
		assert.match(missing.stderr, /^oci-restore restore: .*none/);
		const badFlag = spawnSync(process.execPath, [cliPath, 'restore', '--bogus', 'x'], { encoding: 'utf8' });
		assert.equal(badFlag.status, 2);
		assert.match(badFlag.stderr, /unknown flag '--bogus'/);
		const help = spawnSync(process.execPath, [cliPath, 'restore', '--help'], { encoding: 'utf8' });
		assert.equal(help.status, 0);
		assert.match(help.stdout, /--manage-cgroups-mode MODE/);
		const ckMissing = spawnSync(process.execPath, [cliPath, 'checkpoint', '--image-path', join(dir, 'img'), uniqueId('c2')], { encoding: 'utf8', timeout: 60_000 });
		assert.equal(ckMissing.status, 1);
		assert.match(ckMissing.stderr, /^oci-restore checkpoint: /);
	});

	test('preflight prints each check and exits 1 when one fails', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		const r = spawnSync(process.execPath, [cliPath, 'preflight', '--bundle', b.bundle, '--image-path', join(dir, 'none'), uniqueId('c2')], { encoding: 'utf8', timeout: 120_000 });
		assert.equal(r.status, 1, r.stdout + r.stderr);
		assert.match(r.stdout, /^✓ root: /m);
		assert.match(r.stdout, /^✓ runc: /m);
		assert.match(r.stdout, /^✓ criu-check: /m);
		assert.match(r.stdout, /^✗ image: .*\n {4}fix: /m);
	});
});
