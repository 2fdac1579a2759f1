import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, TextEdit } from 'vscode-languageserver/node';
import { TestConnection, pullCapabilities } from './TestConnection';
import { applyEdits, cleanSpec } from './tmpBundle';

describe('fix all: the preferred quick fixes of every diagnostic applied together', () => {
	let lsp: TestConnection;
	before(async () => {
		lsp = new TestConnection();
		await lsp.initialize(pullCapabilities);
	});
	after(() => lsp.dispose());

	test('hostname and domainname both without a uts namespace: one preferred action, one uts entry', async () => {
		const c = cleanSpec();
		c.domainname = 'example.org';
		c.linux.namespaces = c.linux.namespaces.filter((n: { type: string }) => n.type !== 'uts');
		const text = JSON.stringify(c, null, '\t');
		const uri = 'untitled:fix-all-uts';
		await lsp.open(uri, text);
		const diagnostics = (await lsp.pull(uri)).filter((d) => d.code === 'namespace-uts-required');
		assert.equal(diagnostics.length, 2);
		const actions: CodeAction[] = [];
		for (const d of diagnostics) actions.push(...(await lsp.codeActions(uri, d.range, [d])));
		// Both diagnostics offer the fix; only one is preferred (the other would insert a second entry).
		assert.equal(actions.length, 2);
		assert.deepEqual(actions.map((a) => a.isPreferred === true), [true, false]);
		const edits: TextEdit[] = actions.filter((a) => a.isPreferred).flatMap((a) => a.edit?.changes?.[uri] ?? []);
		const fixed = JSON.parse(applyEdits(text, edits)) as { linux: { namespaces: { type: string }[] } };
		assert.equal(fixed.linux.namespaces.filter((n) => n.type === 'uts').length, 1);
	});
});
