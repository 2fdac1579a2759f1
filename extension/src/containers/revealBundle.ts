import * as vscode from 'vscode';
import { join } from 'node:path';
import type { Services } from '../services';
import { pickContainer } from './pickContainer';

/** `ociRestore.container.revealBundle`: the bundle in the explorer, or its config.json when outside the workspace. */
export async function revealBundle(s: Services, arg?: unknown): Promise<void> {
	const info = await pickContainer(s, arg, 'Reveal the bundle of');
	const uri = vscode.Uri.file(info.bundle);
	if (vscode.workspace.getWorkspaceFolder(uri)) {
		await vscode.commands.executeCommand('revealInExplorer', uri);
		return;
	}
	await vscode.window.showTextDocument(vscode.Uri.file(join(info.bundle, 'config.json')));
}
