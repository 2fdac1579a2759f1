import * as vscode from 'vscode';
import { readExtensionSettings } from '../config';
import { openElevatedTerminal } from '../elevatedTerminal';
import { findExecutable } from '../findExecutable';
import type { Services } from '../services';
import { pickContainer } from './pickContainer';

/**
 * `ociRestore.container.attachDebugger`: gdb attached from the host to the container's process, as
 * root. The container's root filesystem is gdb's sysroot, so its binaries and libraries resolve.
 */
export async function attachDebugger(s: Services, arg?: unknown): Promise<void> {
	const info = await pickContainer(s, arg, 'Attach gdb to', (c) => c.status === 'running' && c.pid > 0);
	const gdb = findExecutable('gdb');
	if (!gdb) {
		const pick = await vscode.window.showErrorMessage(
			'gdb is not installed. Install it with "sudo apt-get install gdb" (Debian/Ubuntu) or "sudo dnf install gdb" (Fedora).',
			'Copy Install Command',
		);
		if (pick) await vscode.env.clipboard.writeText('sudo apt-get install gdb');
		return;
	}
	const settings = readExtensionSettings();
	const root = `/proc/${info.pid}/root`;
	openElevatedTerminal(`gdb: ${info.id} (pid ${info.pid})`, [gdb, '-q', '-p', String(info.pid), '-iex', `set sysroot ${root}`], settings.elevation);
}
