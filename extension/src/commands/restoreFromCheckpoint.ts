/**
 * `ociRestore.restoreFromCheckpoint`: from the palette, the explorer (a bundle folder or its
 * config.json), the editor title, a task, a keybinding or a test. With an argument object
 * `{bundle, imagePath?, id, ...RestoreParams flags, detach?}` it runs without prompts. Returns the
 * job handle `{id, terminalName, pid, exitCode, output()}`.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { validateRestoreParams } from '../../../server/src/restore/validateRestoreParams';
import type { RestoreJobHandle } from '../restore/restoreJob';
import { runRestore } from '../restore/runRestore';
import { bundleOfUri, workspaceCwd, type RestoreChoice } from '../restore/restoreWizard';
import type { Services } from '../services';

/** Validates an argument object exactly as the helper will (relative paths against the workspace). */
export function restoreChoiceFromArgs(args: object): RestoreChoice {
	const result = validateRestoreParams(args, workspaceCwd());
	if (!result.ok) {
		throw new Error(`invalid restore arguments: ${result.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
	}
	return result.value as RestoreChoice;
}

function activeBundleConfig(): string | undefined {
	const doc = vscode.window.activeTextEditor?.document;
	return doc && basename(doc.uri.fsPath) === 'config.json' ? bundleOfUri(doc.uri) : undefined;
}

export async function restoreFromCheckpoint(s: Services, arg?: unknown): Promise<RestoreJobHandle> {
	let choice: RestoreChoice;
	if (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri)) {
		choice = restoreChoiceFromArgs(arg);
		await s.wizard.remember(choice);
	} else {
		const fromMenu = bundleOfUri(arg instanceof vscode.Uri ? arg : undefined);
		let hint = fromMenu;
		if (!hint) {
			const active = activeBundleConfig();
			if (active && (await s.bundles.list()).includes(active)) hint = active;
		}
		choice = await s.wizard.run(hint);
	}
	return runRestore(s, choice);
}
