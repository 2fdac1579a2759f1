/**
 * A window on a workspace without bundles (only an application's config.json): the extension is
 * activated by it (workspaceContains:**\/config.json) but starts no language server until a possible
 * bundle config opens; a bundle created later and opened then is linted by a server started for it,
 * with one lint and no configuration round trip.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { OciRestoreApi } from '../../../extension/src/api';
import { describe, it } from './mochaGlobals';
import { EXTENSION_ID, codeOf, openAndWaitForDiagnostics, waitFor, wsUri } from './hostUtil';

describe('a workspace without bundles', () => {
	it('activates the extension but starts no language server, not even for an unrelated JSON file', async () => {
		const ext = vscode.extensions.getExtension<OciRestoreApi>(EXTENSION_ID);
		assert.ok(ext);
		await waitFor(() => (ext.isActive ? true : undefined), 20_000, 'the extension to activate by itself');
		const api = ext.exports;
		assert.equal(await api.languageServerPrestarted(), false, 'no bundle in the workspace: nothing started ahead');
		assert.deepEqual(await api.bundles(), []);
		assert.equal(vscode.extensions.getExtension('vscode.json-language-features')?.isActive, false, "VS Code's JSON support is not activated ahead without bundles");
		const unrelated = wsUri('settings.json');
		writeFileSync(unrelated.fsPath, '{ "editor": { "tabSize": 4 } }\n');
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(unrelated));
		// The extension looks at a document in onDidOpenTextDocument, which fires before openTextDocument resolves.
		assert.equal(api.languageServerStarted(), false, 'an unrelated JSON file starts no language server');
		assert.equal(await api.languageServerStats(), undefined);
	});

	it('a bundle created later starts the server when its config opens: one lint, no configuration round trip', async () => {
		const api = vscode.extensions.getExtension<OciRestoreApi>(EXTENSION_ID)!.exports;
		const config = wsUri('new-bundle', 'config.json');
		mkdirSync(wsUri('new-bundle', 'rootfs').fsPath, { recursive: true });
		writeFileSync(config.fsPath, JSON.stringify({ ociVersion: '1.0.2', process: { cwd: 'tmp', args: ['/bin/sh'], user: { uid: 0, gid: 0 } }, root: { path: 'rootfs' } }, null, '\t') + '\n');
		await openAndWaitForDiagnostics(config, (ds) => ds.some((d) => codeOf(d) === 'process-cwd-absolute'));
		assert.equal(api.languageServerStarted(), true);
		const stats = await waitFor(() => api.languageServerStats(), 10_000, 'the server stats');
		assert.equal(stats.lints[config.toString()], 1, `one lint for one open: ${JSON.stringify(stats.lints)}`);
		assert.equal(stats.configurationRequests, 0, 'the settings came with initialize');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
