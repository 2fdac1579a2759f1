/** Helpers shared by the extension-host suites (they run inside the real VS Code). */
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
