/**
 * Shows each failed pre-flight check of a restore with the action that fixes it.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { PreflightCheck, PreflightResult } from '../../../server/src/common/helperProtocol';
import type { Ctx } from '../ctx';

interface Fix {
	title: string;
	run: () => Thenable<unknown>;
}

function openSettings(query: string): Fix {
	return { title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', query) };
}

function fixFor(check: PreflightCheck, bundle: string): Fix[] {
	switch (check.name) {
		case 'root':
			return [
				{ title: 'Install Helper', run: () => vscode.commands.executeCommand('ociRestore.installHelper') },
				openSettings('ociRestore.elevation'),
			];
		case 'runc':
			return [openSettings('ociRestore.runcPath')];
		case 'criu':
		case 'criu-check':
			return [openSettings('ociRestore.criuPath')];
		case 'image':
			return [{ title: 'Checkpoint Container…', run: () => vscode.commands.executeCommand('ociRestore.checkpointContainer') }];
		case 'bundle-lint':
			return [
				{
					title: 'Show Problems',
					run: async () => {
						await vscode.window.showTextDocument(vscode.Uri.file(join(bundle, 'config.json')));
						await vscode.commands.executeCommand('workbench.actions.view.problems');
					},
				},
			];
		case 'id-free':
			return [{ title: 'Show Containers', run: () => vscode.commands.executeCommand('ociRestore.containers.focus') }];
		default:
			return [];
	}
}

/** One notification per failed check (not awaited: they stay while the user reads them). */
export function showPreflightProblems(ctx: Ctx, result: PreflightResult, bundle: string): string {
	const failed = result.checks.filter((c) => !c.ok);
	for (const check of failed) {
		ctx.log.warn(`pre-flight ${check.name}: ${check.message}${check.fix ? ` (fix: ${check.fix})` : ''}`);
		const fixes = [...fixFor(check, bundle), { title: 'Open Output', run: async () => ctx.log.show(true) }];
		const text = `Cannot restore: ${check.message}${check.fix ? ` — ${check.fix}` : ''}`;
		void vscode.window.showErrorMessage(text, ...fixes.map((f) => f.title)).then((title) => fixes.find((f) => f.title === title)?.run());
	}
	return failed.map((c) => `${c.name}: ${c.message}`).join('; ');
}
