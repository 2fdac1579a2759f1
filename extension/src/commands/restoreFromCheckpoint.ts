/**
 * `ociRestore.restoreFromCheckpoint`: from the palette, the explorer (a bundle folder or its
 * config.json), the editor title, a task, a keybinding or a test. With an argument object
 * `{bundle, imagePath?, id, ...RestoreParams flags, detach?}` it runs without prompts. Returns the
 * job handle `{id, terminalName, pid, exitCode, output()}`.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { validateRestoreParams } from '../../../server/src/restore/validateRestoreParams';
import { readExtensionSettings } from '../config';
import { helperStartKey, startHelper } from '../helperSession';
import type { HelperLease } from '../restore/helperLease';
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

/**
 * Starts the helper as the command begins, so it is up while the user goes through the picks (with
 * arguments there are none: at once). An elevation prompt (pkexec) therefore comes first; a refusal is
 * reported when the job takes the helper, as before. The helper settings are machine-scoped: the
 * window's are the bundle's.
 */
function leaseHelper(s: Services) {
	const settings = readExtensionSettings();
	return s.jobs.lease(() => startHelper(s.ctx, settings), helperStartKey(settings));
}

export async function restoreFromCheckpoint(s: Services, arg?: unknown): Promise<RestoreJobHandle> {
	let choice: RestoreChoice;
	let lease: HelperLease | undefined;
	try {
		if (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri)) {
			// Invalid arguments start nothing (no elevation prompt for a request that cannot run).
			choice = restoreChoiceFromArgs(arg);
			lease = leaseHelper(s);
			await s.wizard.remember(choice);
		} else {
			lease = leaseHelper(s);
			const fromMenu = bundleOfUri(arg instanceof vscode.Uri ? arg : undefined);
			let hint = fromMenu;
			if (!hint) {
				const active = activeBundleConfig();
				if (active && (await s.bundles.list()).includes(active)) hint = active;
			}
			choice = await s.wizard.run(hint);
		}
		return await runRestore(s, choice, lease);
	} finally {
		// A no-op once the job took the helper; otherwise (cancelled, failed) the helper ends here.
		lease?.dispose();
	}
}
