import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import type { OciRestoreApi } from '../../../extension/src/api';
import { describe, it } from './mochaGlobals';
import { EXTENSION_ID, activateExtension, waitFor, wsUri } from './hostUtil';

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

	it('starts the language server only once a possible bundle config is open', async () => {
		const api = (await activateExtension()).exports as OciRestoreApi;
		const unrelated = wsUri('unrelated-settings.json');
		writeFileSync(unrelated.fsPath, '{ "editor": { "tabSize": 4 } }\n');
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(unrelated));
		// The extension looks at a document in onDidOpenTextDocument, which fires before openTextDocument resolves.
		assert.equal(api.languageServerStarted(), false, 'an unrelated JSON file starts no language server');
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(wsUri('bad-bundle', 'config.json')));
		await waitFor(() => (api.languageServerStarted() ? true : undefined), 20_000, 'the language server to start for a bundle config');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('declares the containers view', async () => {
		const ext = await activateExtension();
		const views = (ext.packageJSON as { contributes?: { views?: Record<string, { id: string }[]> } }).contributes?.views ?? {};
		const ids = Object.values(views).flat().map((v) => v.id);
		assert.ok(ids.includes('ociRestore.containers'), `views: ${ids.join(', ')}`);
	});
});
