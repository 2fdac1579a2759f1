/**
 * Runs something once, as soon as a text document matching a predicate is open (already, or when
 * one opens later): the language server and the CRIU log diagnostics start only when there is a
 * document for them.
 */
import * as vscode from 'vscode';

export function whenDocumentOpens(matches: (doc: vscode.TextDocument) => boolean, run: (doc: vscode.TextDocument) => void): vscode.Disposable {
	let done = false;
	const fire = (doc: vscode.TextDocument): void => {
		if (done || !matches(doc)) return;
		done = true;
		sub.dispose();
		run(doc);
	};
	const sub = vscode.workspace.onDidOpenTextDocument(fire);
	for (const doc of vscode.workspace.textDocuments) fire(doc);
	return sub;
}

/**
 * Whether the language server may want `doc`: a JSON file on disk named config.json, or one that
 * mentions `ociVersion`. The server decides for real (rootfs sibling, settings); this only
 * keeps it from starting for the package.json files of every workspace.
 */
export function mayBeBundleConfig(doc: vscode.TextDocument): boolean {
	if (doc.uri.scheme !== 'file' || doc.languageId !== 'json') return false;
	if (doc.uri.path.endsWith('/config.json')) return true;
	return doc.getText().includes('"ociVersion"');
}
