/**
 * Activates, ahead, VS Code's built-in extensions that the first JSON document of a window would
 * activate (activation event `onLanguage:json`: its JSON language features, configuration and
 * extension editing, npm, TypeScript). Opening the first JSON document otherwise loads them all in
 * the extension host at that moment (0.4-1.5 s measured on two busy cores), and everything else in
 * the host waits: the bundle config's didOpen to our server, and its diagnostics on the way back.
 * Called only in workspaces holding bundles, once our server runs: there the user is about to open a
 * config.json, which would pay this anyway.
 */
import * as vscode from 'vscode';

function activatesOnJson(ext: vscode.Extension<unknown>): boolean {
	const events = (ext.packageJSON as { activationEvents?: unknown }).activationEvents;
	return Array.isArray(events) && events.includes('onLanguage:json');
}

/**
 * Activates them one at a time, each after the host had a turn for other work; resolves when all are
 * active (a failing one is logged and skipped: it would fail on the first JSON document too).
 */
export async function prepareJsonSupport(log: (message: string) => void): Promise<void> {
	const pending = vscode.extensions.all.filter((ext) => ext.id.startsWith('vscode.') && !ext.isActive && activatesOnJson(ext));
	for (const ext of pending) {
		await new Promise((resolve) => setTimeout(resolve, 0));
		if (ext.isActive) continue;
		const t0 = performance.now();
		try {
			await ext.activate();
			log(`activated ${ext.id} ahead of the first JSON document (${(performance.now() - t0).toFixed(0)} ms)`);
		} catch (err) {
			log(`activating ${ext.id} ahead failed: ${err instanceof Error ? err.message : String(err)}`);
		}
	}
}
