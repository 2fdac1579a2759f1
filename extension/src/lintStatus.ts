/**
 * The language status item of a bundle config: the lint state the server reports through
 * `ociRestore/status`, shown for the active editor's document.
 */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/common/lspProtocol';

export class LintStatus implements vscode.Disposable {
	/** Only while the active editor is a linted bundle config: other JSON files get no OCI item. */
	private item: vscode.LanguageStatusItem | undefined;
	private readonly states = new Map<string, StatusParams>();
	private readonly subscriptions: vscode.Disposable[] = [];

	constructor() {
		this.subscriptions.push(
			vscode.window.onDidChangeActiveTextEditor(() => this.render()),
			vscode.workspace.onDidCloseTextDocument((doc) => this.states.delete(doc.uri.toString())),
		);
		this.render();
	}

	/** Records a status notification from the server. */
	update(status: StatusParams): void {
		// Normalise the URI the same way VS Code prints it, so lookups by document URI match.
		const key = vscode.Uri.parse(status.uri).toString();
		this.states.set(key, status);
		if (vscode.window.activeTextEditor?.document.uri.toString() === key) this.render();
	}

	/** Forgets every state (the server restarted and will report again). */
	clear(): void {
		this.states.clear();
		this.render();
	}

	/** The latest status of a document. */
	of(uri: vscode.Uri): StatusParams | undefined {
		return this.states.get(uri.toString());
	}

	/** What the item shows now: the active editor's status. */
	current(): StatusParams | undefined {
		const uri = vscode.window.activeTextEditor?.document.uri;
		return uri ? this.of(uri) : undefined;
	}

	private render(): void {
		const status = this.current();
		if (!status || status.state === 'off') {
			this.item?.dispose();
			this.item = undefined;
			return;
		}
		if (!this.item) {
			this.item = vscode.languages.createLanguageStatusItem('ociRestore.lintStatus', { language: 'json', scheme: 'file' });
			this.item.name = 'OCI Bundle Lint';
		}
		const item = this.item;
		const counts = `${plural(status.errors, 'error')}, ${plural(status.warnings, 'warning')}`;
		if (status.state === 'errors') {
			item.text = `$(error) OCI bundle: ${plural(status.errors, 'error')}`;
			item.severity = vscode.LanguageStatusSeverity.Error;
		} else if (status.state === 'warnings') {
			item.text = `$(warning) OCI bundle: ${plural(status.warnings, 'warning')}`;
			item.severity = vscode.LanguageStatusSeverity.Warning;
		} else {
			item.text = '$(check) OCI bundle: valid';
			item.severity = vscode.LanguageStatusSeverity.Information;
		}
		item.detail = counts;
		item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
	}

	dispose(): void {
		this.item?.dispose();
		this.item = undefined;
		for (const d of this.subscriptions.splice(0)) d.dispose();
	}
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}
