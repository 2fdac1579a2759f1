import { test, describe, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runcKillDelete } from '../support/bundle';
import { HelperClient } from '../../server/src/helper/client';
import { installHelper } from '../../server/src/helper/install';
import { checkpointedCounter, repo, restorePrerequisites, tempDir, withDeadline, type Checkpointed } from './restoreSupport';

/** The code cache files beside an installed cli.js. */
function caches(cli: string): string[] {
	return readdirSync(dirname(cli)).filter((n) => n.startsWith('.cli.js-') && n.endsWith('.v8'));
}

/** A fresh root-owned install of the built CLI, removed after the test. */
function install(t: TestContext): string {
	const prefix = join('/run', `oci-restore-cache-test-${process.pid}-${randomBytes(4).toString('hex')}`);
	t.after(() => rmSync(prefix, { recursive: true, force: true }));
	return installHelper({ cliPath: join(repo, 'dist', 'cli.js'), prefix });
}

/** One helper: restores `c` until its first output, then cancels and exits. */
async function restoreOnce(cli: string, c: Checkpointed, allowUnsafeLocation = false): Promise<void> {
	const client = await HelperClient.start({ cliPath: cli, elevation: 'root', allowUnsafeLocation });
	try {
		const first = new Promise<void>((r) => client.onEvent('stdout', () => r()));
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the restore');
		await withDeadline(first, 30_000, 'the first output');
		await client.request('cancel', {});
	} finally {
		client.dispose();
		await withDeadline(client.whenExited(), 20_000, 'the helper to exit');
		await runcKillDelete(c.id);
	}
}

describe('the helper\'s code cache (real runc + CRIU)', () => {
	test('an installed helper writes its code cache beside itself after its first restore, root-only, and keeps using it', async (t) => {
		if (!restorePrerequisites(t)) return;
		const cli = install(t);
		const list = await HelperClient.start({ cliPath: cli, elevation: 'root' });
		await list.request('list', {});
		list.dispose();
		await list.whenExited();
		assert.deepEqual(caches(cli), [], 'a helper that restored nothing writes no cache');

		const c = await checkpointedCounter(t);
		await restoreOnce(cli, c);
		const written = caches(cli);
		assert.equal(written.length, 1, `one cache after a restore: ${readdirSync(dirname(cli)).join(', ')}`);
		const path = join(dirname(cli), written[0]);
		const st = statSync(path);
		assert.equal(st.uid, 0, 'owned by root');
		assert.equal(st.mode & 0o777, 0o600, 'readable and writable by root only');
		assert.ok(st.size > 10_000, `holds compiled code (${st.size} bytes)`);

		await restoreOnce(cli, c);
		assert.deepEqual(caches(cli), written, 'the same cache');
		assert.equal(statSync(path).mtimeMs, st.mtimeMs, 'a valid cache is used, not written again');
	});

	test('a helper run from a directory others can write (development) neither writes nor reads a cache there', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		chmodSync(dir, 0o777);
		const cli = join(dir, 'cli.js');
		copyFileSync(join(repo, 'dist', 'cli.js'), cli);
		const c = await checkpointedCounter(t);
		await restoreOnce(cli, c, true);
		assert.deepEqual(caches(cli), [], 'no cache where another user could have put one');
		assert.ok(existsSync(cli));
	});
});
