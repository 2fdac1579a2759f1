/**
 * `ociRestore.openRestoreLog`: opens a CRIU log (the latest failed restore's, or `{path, line?}`, a
 * path or a Uri) as `criu-log`; its Error lines become diagnostics (CriuLogDiagnostics).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';

function logArg(arg: unknown): { path: string; line?: number } | undefined {
	if (typeof arg === 'string') return { path: arg };
	if (arg instanceof vscode.Uri) return { path: arg.fsPath };
	if (arg && typeof arg === 'object' && typeof (arg as { path?: unknown }).path === 'string') {
		const { path, line } = arg as { path: string; line?: unknown };
		return { path, line: typeof line === 'number' ? line : undefined };
	}
	return undefined;
}

export async function openRestoreLog(s: Services, arg?: unknown): Promise<vscode.TextEditor | undefined> {
	let log = logArg(arg) ?? s.jobs.lastFailedLog;
	if (!log) {
		const uris = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'CRIU logs': ['log'] }, title: 'Open a CRIU log' });
		if (!uris?.[0]) return undefined;
		log = { path: uris[0].fsPath };
	}
	let doc = await vscode.workspace.openTextDocument(vscode.Uri.file(log.path));
	if (doc.languageId !== 'criu-log') doc = await vscode.languages.setTextDocumentLanguage(doc, 'criu-log');
	const line = Math.max(0, (log.line ?? 1) - 1);
	const range = new vscode.Range(line, 0, line, 0);
	return vscode.window.showTextDocument(doc, { selection: range, preview: false });
}
