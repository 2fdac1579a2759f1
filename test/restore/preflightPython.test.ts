import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeBusyboxBundle } from '../support/bundle';
import { cliPath, restorePrerequisites, startHelper, tempDir } from './restoreSupport';

describe('preflight through the helper: python3 only for a terminal container restored detached (real helper)', () => {
	test('the helper checks the system python3 for terminal + detach, and not for an attached or pipe-mode restore', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const tty = makeBusyboxBundle(join(dir, 'tty'), { terminal: true }).bundle;
		const pipes = makeBusyboxBundle(join(dir, 'pipes')).bundle;
		const client = await startHelper(t);
		const python = (await client.request('preflight', { bundle: tty, detach: true })).checks.find((c) => c.name === 'python3');
		assert.equal(python?.ok, true, JSON.stringify(python));
		assert.match(python!.message, /^python3 at \/\S+ \(receives runc's console/);
		for (const p of [{ bundle: tty }, { bundle: tty, detach: false }, { bundle: pipes, detach: true }]) {
			const names = (await client.request('preflight', p)).checks.map((c) => c.name);
			assert.ok(!names.includes('python3'), `${JSON.stringify(p)}: ${names.join(' ')}`);
		}
	});

	test('oci-restore preflight -d prints the python3 check for a terminal bundle', (t) => {
		if (!restorePrerequisites(t)) return;
		const tty = makeBusyboxBundle(join(tempDir(t), 'tty'), { terminal: true }).bundle;
		const r = spawnSync(process.execPath, [cliPath, 'preflight', '-d', '-b', tty], { encoding: 'utf8', timeout: 120_000 });
		assert.match(r.stdout, /^✓ python3: python3 at \/\S+/m, r.stdout + r.stderr);
		const attached = spawnSync(process.execPath, [cliPath, 'preflight', '-b', tty], { encoding: 'utf8', timeout: 120_000 });
		assert.doesNotMatch(attached.stdout, /python3/, attached.stdout);
	});
});
