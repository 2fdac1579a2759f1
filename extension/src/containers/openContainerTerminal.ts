import * as vscode from 'vscode';
import { RestorePty } from '../restore/restorePty';
import type { Services } from '../services';
import { pickContainer } from './pickContainer';

/** `ociRestore.container.openTerminal`: the terminal of a container restored (attached) from this window. */
export async function openContainerTerminal(s: Services, arg?: unknown): Promise<void> {
	const info = await pickContainer(s, arg, 'Open the terminal of', (c) => s.jobs.attached(c.id) !== undefined);
	const job = s.jobs.attached(info.id);
	if (!job) throw new Error(`${info.id} was not restored attached from this window, so it has no terminal here; use "Exec Shell" instead`);
	const existing = vscode.window.terminals.find((t) => t.name === job.terminalName && t.exitStatus === undefined);
	if (existing) {
		existing.show();
		return;
	}
	vscode.window.createTerminal({ name: job.terminalName, pty: new RestorePty(s.ctx, job), iconPath: new vscode.ThemeIcon('history') }).show();
}
