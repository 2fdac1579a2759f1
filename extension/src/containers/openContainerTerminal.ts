import * as vscode from 'vscode';
import { readExtensionSettings } from '../config';
import { RestorePty } from '../restore/restorePty';
import { AttachPty, type ConsoleTerminalHandle } from './attachPty';

/** Console terminals opened by this window, by name (one per container). */
const consoleTerminals = new Map<string, { terminal: vscode.Terminal; handle: ConsoleTerminalHandle }>();
import type { Services } from '../services';
import { pickContainer } from './pickContainer';

/**
 * `ociRestore.container.openTerminal`: the terminal of a container restored (attached) from this
 * window, or the console of a terminal container restored detached (its keeper's, through `attach`).
 */
export async function openContainerTerminal(s: Services, arg?: unknown): Promise<ConsoleTerminalHandle | undefined> {
	const info = await pickContainer(s, arg, 'Open the terminal of', (c) => s.jobs.attached(c.id) !== undefined || c.console === true);
	const job = s.jobs.attached(info.id);
	if (!job && info.console) {
		const name = `${info.id} (console)`;
		const open = consoleTerminals.get(name);
		if (open && vscode.window.terminals.includes(open.terminal) && open.terminal.exitStatus === undefined) {
			open.terminal.show();
			return open.handle;
		}
		const pty = new AttachPty(s.ctx, info.id, readExtensionSettings());
		const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('plug') });
		const handle = pty.handle(name);
		consoleTerminals.set(name, { terminal, handle });
		terminal.show();
		return handle;
	}
	if (!job) throw new Error(`${info.id} was not restored attached from this window and has no console to attach to; use "Exec Shell" instead`);
	const existing = vscode.window.terminals.find((t) => t.name === job.terminalName && t.exitStatus === undefined);
	if (existing) {
		existing.show();
		return undefined;
	}
	vscode.window.createTerminal({ name: job.terminalName, pty: new RestorePty(s.ctx, job), iconPath: new vscode.ThemeIcon('history') }).show();
	return undefined;
}
