/**
 * The Containers view's "Open Terminal" on containers restored detached, in the real VS Code against
 * real runc + CRIU: a terminal container (its console held by the console keeper) and a pipe-mode
 * container (its stdio held by the pipe keeper) are checkpointed and restored detached (`restore -d`)
 * here; the mocha suites (test/extension/host/consoleAttach.suite.ts, pipeAttach.suite.ts) attach
 * from the extension host. Closing that terminal must leave the container running.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveRuntime, runc, runcKillDelete, uniqueId, type BundleOptions } from '../support/bundle';
import { removeDetachedWorkPath, restoreDetachedCounter, type DetachedCounter } from '../support/detachedCounter';
import { requirePrerequisite } from '../support/requirements';
import { installedCliPath } from '../support/installedHelper';
import { vscodeInstalled } from '../support/vscodePaths';
import { describeRun, mochaSummary, startHostSession, type HostSession } from '../support/vscodeHost';
import { attachSocketPath } from '../../server/src/helper/consolePaths';

const runtime = haveRuntime();

interface AttachCase {
	/** The host suite that attaches. */
	suite: 'consoleAttach' | 'pipeAttach';
	title: string;
	idPrefix: string;
	bundle: BundleOptions;
	/** The keeper's log, which names the restore's work directory. */
	logName: string;
	/** What the keeper holds, for the failure message. */
	holds: string;
}

const cases: AttachCase[] = [
	{
		suite: 'consoleAttach',
		title: 'Open Terminal on a detached terminal container attaches to its console; closing it leaves the container running',
		idPrefix: 'd2tty',
		bundle: { terminal: true, args: ['sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); if read -t 0.2 l; then echo "got:$l"; fi; done'] },
		logName: 'console.log',
		holds: 'the console',
	},
	{
		suite: 'pipeAttach',
		title: 'Open Terminal on a detached pipe-mode container attaches to its stdio; closing it leaves the container running',
		idPrefix: 'd2pipe',
		// A background counter; the foreground answers each line of stdin on stdout and stderr, then says when input ended.
		bundle: { args: ['sh', '-c', '(i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done) & while read l; do echo "got:$l"; echo "err:$l" >&2; done; echo stdin-eof; wait'] },
		logName: 'container.log',
		holds: 'its stdio',
	},
];

describe('attach from the Containers view to detached containers (real VS Code, real runc + CRIU)', () => {
	let session: HostSession | undefined;
	let scratch: string | undefined;
	const restored = new Map<AttachCase['suite'], DetachedCounter>();

	before(async () => {
		if (!vscodeInstalled() || !runtime) return;
		scratch = mkdtempSync(join(tmpdir(), 'oci-ext-attach-'));
		for (const c of cases) {
			const dir = join(scratch, c.suite);
			mkdirSync(dir);
			restored.set(c.suite, await restoreDetachedCounter(dir, uniqueId(c.idPrefix), c.bundle, c.logName));
		}
		session = await startHostSession({ settings: { 'ociRestore.helper.path': installedCliPath() } });
	});

	after(async () => {
		await session?.dispose();
		for (const r of restored.values()) {
			if (r.restore) await runcKillDelete(r.restore.id).catch(() => undefined);
			removeDetachedWorkPath(r.workPath);
		}
		if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
	});

	for (const c of cases) {
		test(c.title, async (t) => {
			if (!requirePrerequisite(t, vscodeInstalled(), 'code-server and Chromium (scripts/setup-vscode.sh)')) return;
			if (!requirePrerequisite(t, runtime, 'root with runc and CRIU (scripts/setup-runtime.sh)')) return;
			const r = restored.get(c.suite);
			const restore = r?.restore;
			assert.ok(restore, `restore -d of the ${c.suite} container: ${r?.restoreError}`);
			const run = await session!.run([c.suite], { restore, timeoutMs: 60_000 });
			for (const line of mochaSummary(run)) t.diagnostic(line);
			assert.equal(run.exitCode, 0, describeRun(run));
			assert.match(run.logs.join('\n'), /1 passing/);
			const state = JSON.parse((await runc(['state', restore.id])).stdout) as { status: string };
			assert.equal(state.status, 'running', 'closing the terminal only detached');
			assert.ok(existsSync(attachSocketPath(restore.id, undefined)), `the keeper still holds ${c.holds}`);
		});
	}
});
