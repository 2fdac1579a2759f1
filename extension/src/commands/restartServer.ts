import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

/** `ociRestore.restartServer`: a fresh language server (settings and caches reloaded). */
export async function restartServer(ctx: Ctx): Promise<void> {
	await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Window, title: 'Restarting the OCI language server' },
		() => ctx.restart(),
	);
	ctx.log.info('language server restarted');
}
