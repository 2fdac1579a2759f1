/** Helpers shared by the extension-host suites (they run inside the real VS Code). */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { join } from 'node:path';
import { readHostParams } from '../../support/hostParams';

export const EXTENSION_ID = 'oci-restore.oci-restore';

/** Polls `probe` until it returns something other than undefined; throws at the deadline. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string, intervalMs = 50): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const v = await probe();
			if (v !== undefined) return v;
		} catch (err) {
			last = err;
		}
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

/** The workspace folder the window opened (from the params, else the first folder). */
export function workspaceDir(): string {
	const fromParams = readHostParams().workspace;
	if (fromParams) return fromParams;
	const f = vscode.workspace.workspaceFolders?.[0];
	if (!f) throw new Error('no workspace folder open');
	return f.uri.fsPath;
}

export function wsUri(...parts: string[]): vscode.Uri {
	return vscode.Uri.file(join(workspaceDir(), ...parts));
}

/** Our diagnostics (source 'oci') of a document. */
export function ociDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'oci');
}

/** The rule code of a diagnostic (a string, or the value of a code-with-link). */
export function codeOf(d: vscode.Diagnostic): string {
	const c = d.code;
	if (c === undefined) return '';
	return typeof c === 'object' ? String(c.value) : String(c);
}

/** Opens and shows a document, then waits until our diagnostics for it satisfy `pred`. */
export async function openAndWaitForDiagnostics(uri: vscode.Uri, pred: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<{ doc: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
	const doc = await vscode.workspace.openTextDocument(uri);
	await vscode.window.showTextDocument(doc);
	let diagnostics: vscode.Diagnostic[];
	try {
		diagnostics = await waitFor(() => {
			const ds = ociDiagnostics(uri);
			return pred(ds) ? ds : undefined;
		}, timeoutMs, `diagnostics of ${uri.fsPath}`);
	} catch (err) {
		const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.source ?? '?'}/${codeOf(d)}: ${d.message}`);
		throw new Error(`${String(err)}; diagnostics present: ${seen.length ? seen.join(' | ') : 'none'}`);
	}
	return { doc, diagnostics };
}

/** Activates the extension under test and returns it. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
	const ext = vscode.extensions.getExtension(EXTENSION_ID);
	if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
	await ext.activate();
	return ext;
}

/** What `ociRestore.container.openTerminal` returns (the extension's test handle on the attached terminal). */
export interface ContainerTerminalHandle {
	id: string;
	terminalName: string;
	output(): string;
}

/** The counter's tick numbers in `text`, in order. */
export const ticksIn = (text: string): number[] => [...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));

/**
 * Runs the Containers view's "Open Terminal" on detached container `id` (activating the extension)
 * and waits until the counter reached `next + 2` in it; the recent output must start at `next`, the
 * first tick after the restore. Returns the handle and the open terminal.
 */
export async function openAttachedTerminal(id: string, next: number): Promise<{ handle: ContainerTerminalHandle; terminal: vscode.Terminal }> {
	await activateExtension();
	const handle = await vscode.commands.executeCommand<ContainerTerminalHandle>('ociRestore.container.openTerminal', { id });
	assert.ok(handle, 'the command returns the attached terminal');
	const ticks = await waitFor(() => {
		const t = ticksIn(handle.output());
		return t.includes(next + 2) ? t : undefined;
	}, 30_000, `tick ${next + 2} in the terminal (so far: ${JSON.stringify(handle.output().slice(-300))})`);
	assert.equal(ticks[0], next, `the recent output starts with the first tick after the restore; ticks: ${ticks.join(' ')}`);
	const terminal = vscode.window.terminals.find((t) => t.name === handle.terminalName);
	assert.ok(terminal, 'the terminal is open');
	return { handle, terminal };
}
