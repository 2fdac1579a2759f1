/**
 * CRIU logs (language `criu-log`) get their Error lines as diagnostics, the first one — the cause of
 * the failure — marked as such. The same parser the helper uses (parseCriuLog).
 */
import * as vscode from 'vscode';
import { parseCriuLog } from '../../../server/src/restore/parseCriuLog';

export class CriuLogDiagnostics implements vscode.Disposable {
	private readonly collection = vscode.languages.createDiagnosticCollection('criu');
	private readonly subscriptions: vscode.Disposable[] = [this.collection];

	constructor() {
		this.subscriptions.push(
			vscode.workspace.onDidOpenTextDocument((doc) => this.update(doc)),
			vscode.workspace.onDidChangeTextDocument((e) => this.update(e.document)),
			vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
		);
		for (const doc of vscode.workspace.textDocuments) this.update(doc);
	}

	private update(doc: vscode.TextDocument): void {
		if (doc.languageId !== 'criu-log') {
			// The language can change after opening (setTextDocumentLanguage reopens the document).
			this.collection.delete(doc.uri);
			return;
		}
		const errors = parseCriuLog(doc.getText(), doc.uri.fsPath);
		this.collection.set(
			doc.uri,
			errors.map((e, i) => {
				const line = Math.min(Math.max(0, e.logLine - 1), doc.lineCount - 1);
				const text = doc.lineAt(line);
				const d = new vscode.Diagnostic(
					new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.text.length),
					i === 0 ? `${e.message} (the cause: CRIU's first error)` : e.message,
					vscode.DiagnosticSeverity.Error,
				);
				d.source = 'criu';
				d.code = `${e.file}:${e.line}`;
				return d;
			}),
		);
	}

	dispose(): void {
		for (const d of this.subscriptions.splice(0)) d.dispose();
	}
}
