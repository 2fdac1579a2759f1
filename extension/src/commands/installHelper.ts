/**
 * `ociRestore.installHelper`: runs `oci-restore helper install` as root in a terminal (it copies the
 * helper to a root-owned location and prints the sudoers rule), then offers to use the installed copy.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { readExtensionSettings, updateUserSetting } from '../config';
import type { Ctx } from '../ctx';
import { openElevatedTerminal } from '../elevatedTerminal';
import { findExecutable } from '../findExecutable';

/** Where `oci-restore helper install` puts the helper by default. */
export const INSTALLED_HELPER = '/usr/local/lib/oci-restore/cli.js';

/** The helper's command line under the Node that runs this extension host. */
export function helperArgv(ctx: Ctx, ...args: string[]): string[] {
	const cli = ctx.asAbsolutePath('dist/cli.js');
	// In desktop VS Code the host is Electron: it acts as Node only with ELECTRON_RUN_AS_NODE, which
	// sudo would strip from the environment, so it goes on the command line through env(1).
	if (process.versions.electron) {
		const env = findExecutable('env') ?? '/usr/bin/env';
		return [env, 'ELECTRON_RUN_AS_NODE=1', process.execPath, cli, ...args];
	}
	return [process.execPath, cli, ...args];
}

export async function installHelper(ctx: Ctx): Promise<void> {
	const settings = readExtensionSettings();
	const terminal = openElevatedTerminal('OCI Restore: install helper', helperArgv(ctx, 'helper', 'install'), settings.elevation);
	const code = await new Promise<number | undefined>((resolve) => {
		const sub = vscode.window.onDidCloseTerminal((t) => {
			if (t !== terminal) return;
			sub.dispose();
			resolve(t.exitStatus?.code);
		});
	});
	if (code !== 0) {
		void vscode.window.showErrorMessage(`Installing the helper failed (exit ${code ?? 'unknown'}); its terminal showed why.`);
		return;
	}
	if (existsSync(INSTALLED_HELPER) && settings.helperPath !== INSTALLED_HELPER) {
		const pick = await vscode.window.showInformationMessage(`The helper is installed at ${INSTALLED_HELPER}. Use it for restores?`, 'Use Installed Helper');
		if (pick) await updateUserSetting('helper.path', INSTALLED_HELPER);
	}
}
