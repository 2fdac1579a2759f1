import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerExists, runc, runcKillDelete } from '../support/bundle';
import { checkpointedCounter, cliPath, cliRestoreDetached, killAndAwaitKeeper, pollUntil, restorePrerequisites, withDeadline } from './restoreSupport';

/** A background counter; the foreground answers each line of stdin on stdout and stderr, then says when input ended. */
const ANSWERING_COUNTER = '(i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done) & while read l; do echo "got:$l"; echo "err:$l" >&2; done; echo stdin-eof; wait';

describe('oci-restore restore -d / attach on a pipe-mode container (real runc + CRIU)', () => {
	test('restore -d names the attach command; attach streams stdout and stderr, passes stdin and its end, a signal detaches', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { args: ['sh', '-c', ANSWERING_COUNTER] });
		t.after(() => runcKillDelete(c.id));
		const { stderr, workPath } = cliRestoreDetached(t, c, 'container.log');
		assert.match(stderr, new RegExp(`pipe keeper: 'oci-restore attach ${c.id}'`));
		assert.equal(JSON.parse((await runc(['state', c.id])).stdout).status, 'running');

		// Not a terminal: stdin, stdout and stderr are plain pipes, as for `docker attach` with -i.
		const attach = spawn(process.execPath, [cliPath, 'attach', c.id], { stdio: ['pipe', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		attach.stdout.on('data', (d: Buffer) => (out += d.toString()));
		attach.stderr.on('data', (d: Buffer) => (err += d.toString()));
		const exit = new Promise<number | null>((res) => attach.on('close', (code) => res(code)));
		const last = c.ticks[c.ticks.length - 1];
		await pollUntil(() => out.includes(`tick ${last + 3}`), 30_000, 'ticks through attach');
		assert.match(out, new RegExp(`^tick ${last + 1}\\n`), 'the replay starts with the first tick after the restore');
		assert.match(err, /attached to .*its stdio; Ctrl-C detaches/);
		attach.stdin.write('typed-in\n');
		await pollUntil(() => out.includes('got:typed-in') && err.includes('err:typed-in'), 20_000, 'the answer on stdout and stderr');
		attach.stdin.end();
		await pollUntil(() => out.includes('stdin-eof'), 20_000, 'the end of our input to reach the container');
		const n = out.length;
		await pollUntil(() => out.length > n && /tick \d+\n$/.test(out), 20_000, 'the counter to go on after the end of input');
		attach.kill('SIGINT');
		assert.equal(await withDeadline(exit, 20_000, 'attach to exit on SIGINT'), 0, err);
		assert.match(err, /detached from/);
		assert.equal(JSON.parse((await runc(['state', c.id])).stdout).status, 'running', 'detaching leaves the container running');

		// Killing the container ends its keeper, which removes the attach socket; runc removed the container.
		await killAndAwaitKeeper(c.id);
		await pollUntil(async () => !(await containerExists(c.id)), 20_000, 'the container to be gone');
		assert.match(readFileSync(join(workPath, 'container.log'), 'utf8'), /got:typed-in/);
	});
});
