import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HelperClient, type HelperError } from '../../server/src/helper/client';
import { checkpointedCounter, cliPath, Recorder, restorePrerequisites, startHelper, tempDir, withDeadline } from './restoreSupport';

describe('helper safety as root (real runc + CRIU)', () => {
	test('a runc the user could replace is refused before it ever runs', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const marker = join(dir, 'ran');
		const fake = join(dir, 'bin', 'runc');
		mkdirSync(join(dir, 'bin'));
		writeFileSync(fake, `#!/bin/sh\ntouch ${marker}\necho "runc version 1.1.5"\n`);
		chmodSync(fake, 0o777);
		const c = await checkpointedCounter(t);
		const client = await startHelper(t);
		for (const method of ['restore', 'list', 'preflight'] as const) {
			const params = method === 'restore' ? { id: c.id, bundle: c.bundle, imagePath: c.imagePath, runc: fake } : { runc: fake };
			await assert.rejects(client.request(method, params as never), (err: HelperError) => {
				assert.equal(err.code, 'not-permitted', `${method}: ${err.message}`);
				assert.match(err.message, /refusing to run runc as root/);
				return true;
			});
		}
		assert.equal(existsSync(marker), false, 'the unsafe binary never ran');
	});

	test('runc runs with an environment rebuilt from scratch (nothing of the caller leaks)', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t);
		const client = await HelperClient.start({ cliPath, elevation: 'root', env: { ...process.env, LD_PRELOAD: '/nonexistent/evil.so', NODE_OPTIONS: '--require /nonexistent/evil.js', OCI_SECRET: 'x' } });
		t.after(async () => {
			client.dispose();
			await client.whenExited();
		});
		const rec = new Recorder(client);
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the restore');
		const runcPid = Number(/\(pid (\d+),/.exec(rec.all('log').map((l) => l.message).join('\n'))![1]);
		const env = readFileSync(`/proc/${runcPid}/environ`, 'utf8').split('\0').filter(Boolean).sort();
		assert.deepEqual(env.map((e) => e.split('=')[0]), ['LANG', 'LC_ALL', 'PATH']);
		// The fixed PATH, with CRIU's directory first when runc finds CRIU through PATH.
		assert.ok(env.some((e) => /^PATH=(\/[^:]+:)?\/usr\/local\/sbin:\/usr\/local\/bin:\/usr\/sbin:\/usr\/bin:\/sbin:\/bin$/.test(e)), env.join(' '));
		const helperEnv = readFileSync(`/proc/${client.pid}/environ`, 'utf8');
		assert.doesNotMatch(helperEnv, /NODE_OPTIONS|LD_PRELOAD|OCI_SECRET/, 'the helper itself never sees them either');
		await client.request('cancel', {});
	});

	test('as root the helper refuses to run from a user-writable location', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		chmodSync(dir, 0o777);
		const copy = join(dir, 'cli.js');
		copyFileSync(cliPath, copy);
		await assert.rejects(HelperClient.start({ cliPath: copy, elevation: 'root' }), (err: HelperError) => {
			assert.equal(err.code, 'not-permitted');
			assert.match(err.message, /refusing to run as root from an unsafe location: .* writable by everyone/);
			return true;
		});
		const dev = await HelperClient.start({ cliPath: copy, elevation: 'root', allowUnsafeLocation: true });
		dev.dispose();
		assert.equal((await dev.whenExited()).code, 0, '--allow-unsafe-location lets a development build run');
	});
});
