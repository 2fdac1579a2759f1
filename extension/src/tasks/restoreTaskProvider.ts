/**
 * Task type `oci-restore`: `{type, bundle, imagePath?, id, flags?}` in tasks.json runs the same restore
 * as the command, in the same kind of terminal (CustomExecution); `$criu` matches its CRIU errors.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { restoreChoiceFromArgs } from '../commands/restoreFromCheckpoint';
import { restoreTaskPty } from '../restore/runRestore';
import type { Services } from '../services';
import { TASK_TYPE } from './taskType';

export interface RestoreTaskDefinition extends vscode.TaskDefinition {
	bundle: string;
	imagePath?: string;
	id: string;
	/** Further RestoreParams fields: `{ "tcpEstablished": true, "manageCgroupsMode": "ignore", … }`. */
	flags?: Record<string, unknown>;
	detach?: boolean;
}

export class RestoreTaskProvider implements vscode.TaskProvider {
	constructor(private readonly s: Services) {}

	/** One task per workspace bundle that has a `checkpoint` directory. */
	async provideTasks(): Promise<vscode.Task[]> {
		const bundles = await this.s.bundles.list();
		return bundles
			.filter((b) => existsSync(join(b, 'checkpoint', 'inventory.img')))
			.map((bundle) => {
				const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(bundle));
				const def: RestoreTaskDefinition = {
					type: TASK_TYPE,
					bundle: folder ? `\${workspaceFolder}/${vscode.workspace.asRelativePath(bundle, false)}` : bundle,
					id: basename(bundle),
				};
				return this.create(def, folder ?? vscode.TaskScope.Workspace, `restore ${basename(bundle)}`);
			});
	}

	resolveTask(task: vscode.Task): vscode.Task | undefined {
		const def = task.definition as RestoreTaskDefinition;
		if (typeof def.bundle !== 'string' || typeof def.id !== 'string') return undefined;
		return this.create(def, task.scope ?? vscode.TaskScope.Workspace, task.name);
	}

	private create(def: RestoreTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string): vscode.Task {
		const task = new vscode.Task(
			def,
			scope,
			name,
			TASK_TYPE,
			new vscode.CustomExecution(async (resolved) => {
				const d = resolved as RestoreTaskDefinition;
				const base = typeof scope === 'object' ? scope.uri.fsPath : undefined;
				const bundle = base && !d.bundle.startsWith('/') ? `${base}/${d.bundle}` : d.bundle;
				const choice = restoreChoiceFromArgs({
					...(d.flags ?? {}),
					bundle,
					id: d.id,
					...(d.imagePath !== undefined ? { imagePath: d.imagePath } : {}),
					...(d.detach !== undefined ? { detach: d.detach } : {}),
				});
				return restoreTaskPty(this.s, choice);
			}),
			'$criu',
		);
		task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, focus: true, panel: vscode.TaskPanelKind.Dedicated };
		return task;
	}
}
