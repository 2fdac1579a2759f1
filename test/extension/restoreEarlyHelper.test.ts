/**
 * The restore command's helper lifetime in the real VS Code (test/extension/host/restoreEarlyHelper.suite.ts):
 * the helper starts when the command begins (while the quick picks wait), a cancelled wizard and a
 * failed preflight end it, invalid arguments start none. No container is restored: root and the
 * installed helper are needed, runc and CRIU are not.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBusyboxBundle } from '../support/bundle';
import { requirePrerequisite } from '../support/requirements';
import { installedCliPath } from '../support/installedHelper';
import { vscodeInstalled } from '../support/vscodePaths';
import { describeRun, mochaSummary, startHostSession, type HostSession } from '../support/vscodeHost';

const isRoot = process.getuid?.() === 0;

describe('restore command: the helper started ahead (real VS Code)', () => {
	let session: HostSession | undefined;
	let scratch: string | undefined;
	let bundle: string | undefined;

	before(async () => {
		if (!vscodeInstalled() || !isRoot) return;
		scratch = mkdtempSync(join(tmpdir(), 'oci-ext-early-'));
		bundle = makeBusyboxBundle(join(scratch, 'counter')).bundle;
		// The helper runs as root only from a root-owned install (a clone may live under /tmp).
		session = await startHostSession({ settings: { 'ociRestore.helper.path': installedCliPath() } });
	});

	after(async () => {
		await session?.dispose();
		if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
	});

	test('started with the command, ended by a cancelled wizard or a failed preflight, none for invalid arguments', async (t) => {
		if (!requirePrerequisite(t, vscodeInstalled(), 'code-server and Chromium (scripts/setup-vscode.sh)')) return;
		if (!requirePrerequisite(t, isRoot, 'root (the helper runs as root)')) return;
		const run = await session!.run(['restoreEarlyHelper'], { restore: { bundle: bundle!, imagePath: '', lastTick: 0, id: '' }, timeoutMs: 60_000 });
		for (const line of mochaSummary(run)) t.diagnostic(line);
		assert.equal(run.exitCode, 0, describeRun(run));
		assert.match(run.logs.join('\n'), /3 passing/);
	});
});
