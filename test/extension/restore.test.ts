/**
 * The restore command in the real VS Code against real runc + CRIU: a counter container is
 * started and checkpointed here, then restored from inside the extension host
 * (test/extension/host/restore.suite.ts): the counter continues, Ctrl-C ends it, and a CRIU failure
 * leads to restore.log.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpoint, haveRuntime, makeBusyboxBundle, runcKillDelete, startCounter, uniqueId } from '../support/bundle';
import { requirePrerequisite } from '../support/requirements';
import { installedCliPath } from '../support/installedHelper';
import { vscodeInstalled } from '../support/vscodePaths';
import { describeRun, mochaSummary, startHostSession, type HostSession } from '../support/vscodeHost';
import type { HostParams } from '../support/hostParams';

const runtime = haveRuntime();

describe('restore command (real VS Code, real runc + CRIU)', () => {
	let session: HostSession | undefined;
	let scratch: string | undefined;
	const ids: string[] = [];
	let restore: HostParams['restore'];

	before(async () => {
		if (!vscodeInstalled() || !runtime) return;
		scratch = mkdtempSync(join(tmpdir(), 'oci-ext-restore-'));
		const { bundle } = makeBusyboxBundle(join(scratch, 'counter'));
		const source = uniqueId('d2src');
		ids.push(source);
		const running = await startCounter({ id: source, bundle, waitTicks: 4 });
		try {
			const { imagePath } = await checkpoint({ id: source, imagePath: join(bundle, 'checkpoint'), workPath: join(scratch, 'dump-work') });
			await running.exited;
			const ticks = running.ticks();
			const brokenImagePath = join(scratch, 'broken-checkpoint');
			cpSync(imagePath, brokenImagePath, { recursive: true });
			truncateSync(join(brokenImagePath, 'core-1.img'), 0);
			restore = { bundle, imagePath, lastTick: Math.max(...ticks), id: uniqueId('d2rst'), brokenImagePath, brokenId: uniqueId('d2bad') };
			ids.push(restore.id, restore.brokenId!);
		} finally {
			await running.cleanup();
		}
		// The helper runs as root only from a root-owned install (a clone may live under /tmp).
		session = await startHostSession({ settings: { 'ociRestore.helper.path': installedCliPath() } });
	});

	after(async () => {
		await session?.dispose();
		for (const id of ids) await runcKillDelete(id).catch(() => undefined);
		if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
	});

	test('restore with arguments: counter continues, Ctrl-C exits 130, CRIU failure opens restore.log', async (t) => {
		if (!requirePrerequisite(t, vscodeInstalled(), 'code-server and Chromium (scripts/setup-vscode.sh)')) return;
		if (!requirePrerequisite(t, runtime, 'root with runc and CRIU (scripts/setup-runtime.sh)')) return;
		assert.ok(restore && restore.lastTick >= 3, 'the counter ticked before the checkpoint');
		const run = await session!.run(['restore'], { restore, timeoutMs: 60_000 });
		for (const line of mochaSummary(run)) t.diagnostic(line);
		assert.equal(run.exitCode, 0, describeRun(run));
		assert.match(run.logs.join('\n'), /3 passing/);
	});
});
