import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerExists, runc, runcKillDelete } from '../support/bundle';
import { checkpointedCounter, cliPath, cliRestoreDetached, killAndAwaitKeeper, pollUntil, restorePrerequisites, tempDir, withDeadline } from './restoreSupport';

const ECHOING_COUNTER = 'i=0; while true; do echo tick $i; i=$((i+1)); if read -t 0.2 l; then echo "got:$l"; fi; done';

describe('oci-restore restore -d / attach on a terminal container (real runc + CRIU)', () => {
	test('restore -d returns at once and names the attach command; attach shows the console, passes keys, Ctrl-P Ctrl-Q detaches', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { terminal: true, args: ['sh', '-c', ECHOING_COUNTER] });
		t.after(() => runcKillDelete(c.id));
		const pidFile = join(tempDir(t), 'pid');
		const { stderr } = cliRestoreDetached(t, c, 'console.log', ['--pid-file', pidFile]);
		assert.match(stderr, new RegExp(`'oci-restore attach ${c.id}'`));
		const pid = Number(readFileSync(pidFile, 'utf8'));
		assert.equal(JSON.parse((await runc(['state', c.id])).stdout).pid, pid);

		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const pty = require('@lydell/node-pty') as typeof import('@lydell/node-pty');
		const term = pty.spawn(process.execPath, [cliPath, 'attach', c.id], { cols: 100, rows: 30, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm' } });
		let out = '';
		term.onData((d) => (out += d));
		const exit = new Promise<number>((res) => term.onExit((e) => res(e.exitCode)));
		const last = c.ticks[c.ticks.length - 1];
		await pollUntil(() => out.includes(`tick ${last + 3}`), 30_000, 'ticks through attach');
		assert.match(out, /Ctrl-P Ctrl-Q detaches/);
		term.write('typed-in\r');
		await pollUntil(() => out.includes('got:typed-in'), 20_000, 'the container to answer the keys');
		term.write('\x10\x11');
		assert.equal(await withDeadline(exit, 20_000, 'attach to exit on Ctrl-P Ctrl-Q'), 0, out.slice(-500));
		assert.match(out, /detached from/);
		assert.equal(JSON.parse((await runc(['state', c.id])).stdout).status, 'running', 'detaching leaves the container running');

		// Killing the container ends its keeper and removes the attach socket.
		await killAndAwaitKeeper(c.id);
		await runc(['delete', '--force', c.id]);
		assert.equal(await containerExists(c.id), false);
	});

	test('attach to a container that has no keeper fails with one clear line', async (t) => {
		if (!restorePrerequisites(t)) return;
		const r = spawnSync(process.execPath, [cliPath, 'attach', 'ocir-nothing-to-attach'], { encoding: 'utf8', timeout: 60_000 });
		assert.equal(r.status, 1);
		assert.match(r.stderr, /^oci-restore attach: container 'ocir-nothing-to-attach' has no console or pipe keeper/m);
	});
});
