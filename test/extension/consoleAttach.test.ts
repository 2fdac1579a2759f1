/**
 * The Containers view's "Open Terminal" on a terminal container restored detached, in the real VS
 * Code against real runc + CRIU: the container is checkpointed and restored detached (`restore -d`,
 * its console held by the keeper) here; the mocha suite (test/extension/host/consoleAttach.suite.ts)
 * attaches from the extension host. Closing that terminal must leave the container running.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveRuntime, runc, runcKillDelete, uniqueId } from '../support/bundle';
import { removeDetachedWorkPath, restoreDetachedCounter } from '../support/detachedCounter';
import { requirePrerequisite } from '../support/requirements';
import { installedCliPath } from '../support/installedHelper';
import { vscodeInstalled } from '../support/vscodePaths';
import { describeRun, mochaSummary, startHostSession, type HostSession } from '../support/vscodeHost';
import type { HostParams } from '../support/hostParams';
import { attachSocketPath } from '../../server/src/helper/consolePaths';

const runtime = haveRuntime();
const ECHOING_COUNTER = 'i=0; while true; do echo tick $i; i=$((i+1)); if read -t 0.2 l; then echo "got:$l"; fi; done';

describe('console attach from the Containers view (real VS Code, real runc + CRIU)', () => {
	let session: HostSession | undefined;
	let scratch: string | undefined;
	const ids: string[] = [];
	let restore: HostParams['restore'];
	let restoreError = '';
	/** The detached restore's work directory (the keeper's log), removed at the end. */
	let workPath: string | undefined;

	before(async () => {
		if (!vscodeInstalled() || !runtime) return;
		scratch = mkdtempSync(join(tmpdir(), 'oci-ext-console-'));
		const id = uniqueId('d2tty');
		ids.push(id);
		({ restore, restoreError, workPath } = await restoreDetachedCounter(scratch, id, { terminal: true, args: ['sh', '-c', ECHOING_COUNTER] }, 'console.log'));
		session = await startHostSession({ settings: { 'ociRestore.helper.path': installedCliPath() } });
	});

	after(async () => {
		await session?.dispose();
		for (const id of ids) await runcKillDelete(id).catch(() => undefined);
		removeDetachedWorkPath(workPath);
		if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
	});

	test('Open Terminal on a detached terminal container attaches to its console; closing it leaves the container running', async (t) => {
		if (!requirePrerequisite(t, vscodeInstalled(), 'code-server and Chromium (scripts/setup-vscode.sh)')) return;
		if (!requirePrerequisite(t, runtime, 'root with runc and CRIU (scripts/setup-runtime.sh)')) return;
		assert.ok(restore, `restore -d of the terminal container: ${restoreError}`);
		const run = await session!.run(['consoleAttach'], { restore, timeoutMs: 60_000 });
		for (const line of mochaSummary(run)) t.diagnostic(line);
		assert.equal(run.exitCode, 0, describeRun(run));
		assert.match(run.logs.join('\n'), /1 passing/);
		const state = JSON.parse((await runc(['state', restore.id])).stdout) as { status: string };
		assert.equal(state.status, 'running', 'closing the console terminal only detached');
		assert.ok(existsSync(attachSocketPath(restore.id, undefined)), 'the keeper still holds the console');
	});
});
