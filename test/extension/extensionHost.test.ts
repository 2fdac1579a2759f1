/**
 * Extension-host tests in the real VS Code (code-server): activation, diagnostics, hover,
 * completion and quick fixes, run by mocha inside the extension host (test/extension/host/).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePrerequisite } from '../support/requirements';
import { vscodeInstalled } from '../support/vscodePaths';
import { describeRun, mochaSummary, startHostSession, type HostSession } from '../support/vscodeHost';

describe('extension host (real VS Code)', () => {
	let session: HostSession | undefined;
	// A workspace without bundles: an application's config.json only.
	const noBundles = mkdtempSync(join(tmpdir(), 'oci-ext-nobundles-'));
	mkdirSync(join(noBundles, 'app'));
	writeFileSync(join(noBundles, 'app', 'config.json'), '{ "port": 8080, "logLevel": "info" }\n');

	before(async () => {
		if (vscodeInstalled()) session = await startHostSession();
	});
	after(async () => {
		await session?.dispose();
		rmSync(noBundles, { recursive: true, force: true });
	});

	// One window for both suites: each window costs a cold extension host (~10-40 s on 2 busy cores).
	test('activation and lint: activated by the workspace, commands and view declared, language server started right after activation (the workspace holds a bundle), diagnostics from one lint without a settings round trip, no diagnostics for an unrelated config.json, hover, completion, quick fix', async (t) => {
		if (!requirePrerequisite(t, vscodeInstalled(), 'code-server and Chromium (scripts/setup-vscode.sh)')) return;
		const run = await session!.run(['activation', 'lint']);
		for (const line of mochaSummary(run)) t.diagnostic(line);
		assert.equal(run.exitCode, 0, describeRun(run));
		assert.match(run.logs.join('\n'), /8 passing/, 'every mocha test ran and passed');
	});

	test('a workspace without bundles: activated, but no language server until a bundle config opens; then one lint without a settings round trip', async (t) => {
		if (!requirePrerequisite(t, vscodeInstalled(), 'code-server and Chromium (scripts/setup-vscode.sh)')) return;
		const run = await session!.run(['noBundles'], {}, 'noBundles', noBundles);
		for (const line of mochaSummary(run)) t.diagnostic(line);
		assert.equal(run.exitCode, 0, describeRun(run));
		assert.match(run.logs.join('\n'), /2 passing/, 'every mocha test ran and passed');
	});
});
