import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickContainer } from './pickContainer';

/** `ociRestore.container.copyPid`: the container's init pid (host pid namespace) to the clipboard. */
export async function copyPid(s: Services, arg?: unknown): Promise<string> {
	const info = await pickContainer(s, arg, 'Copy the pid of', (c) => c.pid > 0);
	if (!info.pid) throw new Error(`${info.id} has no process (status ${info.status})`);
	await vscode.env.clipboard.writeText(String(info.pid));
	void vscode.window.setStatusBarMessage(`Copied pid ${info.pid} of ${info.id}`, 3000);
	return String(info.pid);
}
