import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OciRestoreApi } from '../../../extension/src/api';
import { describe, it } from './mochaGlobals';
import { EXTENSION_ID, activateExtension, waitFor } from './hostUtil';

const JSON_FEATURES = 'vscode.json-language-features';

const COMMANDS = [
	'ociRestore.restoreFromCheckpoint',
	'ociRestore.checkpointContainer',
	'ociRestore.restartServer',
	'ociRestore.showOutput',
	'ociRestore.openRestoreLog',
];

describe('activation', () => {
	it('is activated by a workspace holding a config.json', async () => {
		const ext = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(ext, `${EXTENSION_ID} is loaded from the development path`);
		// workspaceContains:**/config.json activates it without anyone calling activate().
		await waitFor(() => (ext.isActive ? true : undefined), 20_000, 'the extension to activate by itself');
	});

	it('registers its commands and declares them in package.json', async () => {
		const ext = await activateExtension();
		const all = await vscode.commands.getCommands(true);
		const declared = ((ext.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? []).map((c) => c.command);
		for (const id of COMMANDS) {
			assert.ok(all.includes(id), `command ${id} is registered`);
			assert.ok(declared.includes(id), `command ${id} is declared in contributes.commands`);
		}
	});

	it('starts the language server right after activation, before any document opens, because the workspace holds a bundle', async () => {
		const api = (await activateExtension()).exports as OciRestoreApi;
		assert.equal(await api.languageServerPrestarted(), true, 'started ahead: the workspace holds bad-bundle/');
		const stats = await waitFor(() => api.languageServerStats(), 30_000, 'the language server to run and answer');
		const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => d.uri.fsPath);
		assert.ok(!open.some((p) => p.endsWith('config.json')), `no config.json was opened: ${open.join(', ')}`);
		assert.deepEqual(stats.lints, {}, 'nothing linted yet');
		assert.ok(stats.events.some((e) => e.what === 'initialized'), stats.events.map((e) => e.what).join('\n'));
		// VS Code's JSON support is activated ahead (ociRestore.lint.prepareJsonSupport), before any JSON document opens.
		await waitFor(() => (vscode.extensions.getExtension(JSON_FEATURES)?.isActive ? true : undefined), 30_000, "VS Code's JSON support to be activated ahead");
		const json = vscode.workspace.textDocuments.filter((d) => d.languageId === 'json' && d.uri.scheme === 'file').map((d) => d.uri.fsPath);
		assert.deepEqual(json, [], 'no JSON document activated it');
	});

	it('declares the containers view', async () => {
		const ext = await activateExtension();
		const views = (ext.packageJSON as { contributes?: { views?: Record<string, { id: string }[]> } }).contributes?.views ?? {};
		const ids = Object.values(views).flat().map((v) => v.id);
		assert.ok(ids.includes('ociRestore.containers'), `views: ${ids.join(', ')}`);
	});
});
