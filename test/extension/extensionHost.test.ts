/**
 * Extension-host tests in the real VS Code (code-server): activation, diagnostics, hover,
 * completion and quick fixes, run by mocha inside the extension host (test/extension/host/).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requirePrerequisite } from '../support/requirements';
import { vscodeInstalled } from '../support/vscodePaths';
import { describeRun, startHostSession, type HostSession } from '../support/vscodeHost';

describe('extension host (real VS Code)', () => {
	let session: HostSession | undefined;

	before(async () => {
		if (vscodeInstalled()) session = await startHostSession();
	});
	after(async () => {
		await session?.dispose();
	});

	test('activation: activated by the workspace, commands and view declared', async (t) => {
		if (!requirePrerequisite(t, vscodeInstalled(), 'code-server and Chromium (scripts/setup-vscode.sh)')) return;
		const run = await session!.run(['activation']);
		assert.equal(run.exitCode, 0, describeRun(run));
		assert.match(run.logs.join('\n'), /passing/, 'mocha reported passing tests');
	});

	test('lint: diagnostics, none for an unrelated config.json, hover, completion, quick fix', async (t) => {
		if (!requirePrerequisite(t, vscodeInstalled(), 'code-server and Chromium (scripts/setup-vscode.sh)')) return;
		const run = await session!.run(['lint']);
		assert.equal(run.exitCode, 0, describeRun(run));
	});
});
