import * as vscode from 'vscode';
import { CancelledByUser } from '../registerCommand';
import type { Services } from '../services';
import { pickContainer } from './pickContainer';

/** `ociRestore.container.delete`: `runc delete` (forced for a running container, after confirmation). */
export async function deleteContainer(s: Services, arg?: unknown): Promise<void> {
	const info = await pickContainer(s, arg, 'Delete');
	const running = info.status === 'running' || info.status === 'paused';
	const fromCode = arg !== undefined && !(arg instanceof vscode.TreeItem);
	if (running && !fromCode) {
		const ok = await vscode.window.showWarningMessage(`${info.id} is ${info.status}. Kill and delete it?`, { modal: true }, 'Delete');
		if (ok !== 'Delete') throw new CancelledByUser();
	}
	await s.containers.request('delete', { id: info.id, force: running });
	s.refreshContainers();
}
