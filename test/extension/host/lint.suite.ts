import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from './mochaGlobals';
import type { OciRestoreApi } from '../../../extension/src/api';
import { activateExtension, codeOf, ociDiagnostics, openAndWaitForDiagnostics, waitFor, wsUri } from './hostUtil';

// test/fixtures/workspace/bad-bundle/config.json is a busybox bundle with known mistakes:
// process.cwd "tmp", oomScoreAdj 5000, mounts[0].destination "proc", a second pid namespace.
const BAD = ['bad-bundle', 'config.json'];
// An application's config.json (no ociVersion, no rootfs next to it): never ours to lint.
const UNRELATED = ['app', 'config.json'];

/** How many times the language server linted `uri` (it runs: the workspace holds a bundle). */
async function lintsOf(uri: vscode.Uri): Promise<{ lints: number; configurationRequests: number }> {
	const api = (await activateExtension()).exports as OciRestoreApi;
	const stats = await api.languageServerStats();
	assert.ok(stats, 'the language server runs');
	return { lints: stats.lints[uri.toString()] ?? 0, configurationRequests: stats.configurationRequests };
}

function rangeOf(doc: vscode.TextDocument, needle: string, from = 0): vscode.Range {
	const at = doc.getText().indexOf(needle, from);
	assert.ok(at >= 0, `fixture contains ${needle}`);
	return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

describe('lint in the editor', () => {
	it('shows diagnostics with exact ranges for a bad bundle config.json', async () => {
		await activateExtension();
		const want = ['process-cwd-absolute', 'process-oom-score-adj-range', 'mount-destination-relative', 'namespace-duplicate'];
		const { doc, diagnostics } = await openAndWaitForDiagnostics(wsUri(...BAD), (ds) => want.every((c) => ds.some((d) => codeOf(d) === c)));
		const cwd = diagnostics.find((d) => codeOf(d) === 'process-cwd-absolute')!;
		assert.equal(cwd.severity, vscode.DiagnosticSeverity.Error);
		assert.equal(doc.getText(cwd.range), '"tmp"', 'the range is exactly the offending value');
		assert.match(cwd.message, /absolute/);
		const mount = diagnostics.find((d) => codeOf(d) === 'mount-destination-relative')!;
		assert.equal(mount.severity, vscode.DiagnosticSeverity.Warning);
		assert.equal(doc.getText(mount.range), '"proc"');
		// The second pid entry is the duplicate, not the first.
		const dup = diagnostics.find((d) => codeOf(d) === 'namespace-duplicate')!;
		const pidRanges: vscode.Range[] = [];
		for (let from = 0; ; ) {
			const at = doc.getText().indexOf('"pid"', from);
			if (at < 0) break;
			pidRanges.push(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 5)));
			from = at + 5;
		}
		assert.equal(pidRanges.length, 2);
		assert.ok(dup.range.isEqual(pidRanges[1]), `duplicate reported at ${JSON.stringify(dup.range)}`);
		assert.deepEqual(await lintsOf(doc.uri), { lints: 1, configurationRequests: 0 }, 'one lint for the open, with the settings sent at initialize');
	});

	it('hover explains the key under the cursor', async () => {
		const doc = await vscode.workspace.openTextDocument(wsUri(...BAD));
		const key = rangeOf(doc, '"oomScoreAdj"');
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, key.start.translate(0, 3));
		const text = hovers
			.flatMap((h) => h.contents)
			.map((c) => (typeof c === 'string' ? c : c.value))
			.join('\n');
		assert.match(text, /oom/i, `hover text: ${JSON.stringify(text)}`);
	});

	it('completion offers the namespace types for linux.namespaces[].type', async () => {
		const doc = await vscode.workspace.openTextDocument(wsUri(...BAD));
		const value = rangeOf(doc, '"pid"');
		const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, value.start.translate(0, 1));
		const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/"/g, ''));
		for (const ns of ['network', 'mount', 'uts', 'ipc', 'user', 'cgroup']) {
			assert.ok(labels.includes(ns), `completion includes ${ns}: ${labels.slice(0, 40).join(', ')}`);
		}
		// No second lint came later (no settings round trip re-linting it); hover and completion used the first.
		assert.equal((await lintsOf(doc.uri)).lints, 1);
	});

	it('a quick fix applies and its diagnostic goes away; an unrelated config.json gets none', async () => {
		const unrelated = await vscode.workspace.openTextDocument(wsUri(...UNRELATED));
		await vscode.window.showTextDocument(unrelated, { preview: false });
		const { doc, diagnostics } = await openAndWaitForDiagnostics(wsUri(...BAD), (ds) => ds.some((d) => codeOf(d) === 'mount-destination-relative'));
		const mount = diagnostics.find((d) => codeOf(d) === 'mount-destination-relative')!;
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, mount.range, vscode.CodeActionKind.QuickFix.value);
		const fix = actions.find((a) => a.edit && /\/proc/.test(a.title));
		assert.ok(fix, `a quick fix writing "/proc": ${actions.map((a) => a.title).join(' | ')}`);
		assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
		assert.equal(doc.getText(mount.range.with({ end: mount.range.end.translate(0, 1) })), '"/proc"');
		const after = await waitFor(() => {
			const ds = ociDiagnostics(doc.uri);
			return ds.some((d) => codeOf(d) === 'mount-destination-relative') || !ds.some((d) => codeOf(d) === 'process-cwd-absolute') ? undefined : ds;
		}, 15_000, 'the fixed diagnostic to go away while the others stay');
		assert.ok(after.length > 0);
		// By now the server has answered for the bad config after the unrelated one was opened.
		assert.equal(unrelated.languageId, 'json');
		assert.deepEqual(ociDiagnostics(unrelated.uri).map((d) => d.message), [], 'no oci diagnostics for an application config.json');
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});
});
