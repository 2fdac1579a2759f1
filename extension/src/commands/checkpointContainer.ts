/**
 * `ociRestore.checkpointContainer`: checkpoints a running container through the helper with runc
 * checkpoint's flags. From the palette (prompts), a Containers view item, or code with
 * `{id, imagePath, ...CheckpointParams flags}` (no prompts). Resolves to `{imagePath, workPath}`.
 */
import * as vscode from 'vscode';
import { isAbsolute, join, resolve } from 'node:path';
import type { CheckpointParams, CriuError, ManageCgroupsMode } from '../../../server/src/common/helperProtocol';
import { HelperError } from '../../../server/src/helper/client';
import { checkpointFlags } from '../checkpoint/checkpointFlags';
import { readExtensionSettings } from '../config';
import { ContainerItem } from '../containers/containersView';
import { pickContainer } from '../containers/pickContainer';
import { startHelper, toolPaths } from '../helperSession';
import { CancelledByUser, ShownError } from '../registerCommand';
import { criuLogOf, showCriuFailure } from '../restore/criuFailure';
import { showHelperFailure } from '../restore/runRestore';
import type { Services } from '../services';

type CheckpointChoice = Omit<CheckpointParams, 'runc' | 'criu' | 'runcRoot'>;

function must<T>(value: T | undefined): T {
	if (value === undefined) throw new CancelledByUser();
	return value;
}

async function ask(s: Services, arg: unknown): Promise<CheckpointChoice> {
	const info = await pickContainer(s, arg, 'Checkpoint', (c) => c.status === 'running');
	const imagePath = must(
		await vscode.window.showInputBox({
			title: `Checkpoint ${info.id}: image directory`,
			prompt: 'Where CRIU writes the images (created if missing)',
			value: join(info.bundle, 'checkpoint'),
			validateInput: (v) => (isAbsolute(v.trim()) ? undefined : 'An absolute path'),
		}),
	).trim();
	const picks = must(
		await vscode.window.showQuickPick(
			checkpointFlags.map((flag) => ({ label: flag.flag, description: flag.description, flag })),
			{ title: `Checkpoint ${info.id}: flags`, canPickMany: true, matchOnDescription: true },
		),
	);
	const choice: CheckpointChoice = { id: info.id, imagePath };
	const out = choice as unknown as Record<string, unknown>;
	for (const { flag } of picks) {
		if (!flag.value) out[flag.key] = true;
		else if (flag.value === 'manageCgroupsMode') {
			const modes: ManageCgroupsMode[] = ['soft', 'full', 'strict', 'ignore'];
			choice.manageCgroupsMode = must(await vscode.window.showQuickPick(modes, { title: '--manage-cgroups-mode' })) as ManageCgroupsMode;
		} else if (flag.value === 'emptyNs') {
			choice.emptyNs = ['network'];
		} else {
			choice.parentPath = must(
				await vscode.window.showInputBox({
					title: '--parent-path',
					prompt: flag.description,
					value: '../pre-dump',
					validateInput: (v) => (v.trim() && !isAbsolute(v.trim()) ? undefined : 'A path relative to the image directory (runc refuses absolute ones)'),
				}),
			).trim();
		}
	}
	if (choice.manageCgroupsMode === undefined) {
		const mode = readExtensionSettings(vscode.Uri.file(info.bundle)).defaultManageCgroupsMode;
		if (mode !== 'soft') choice.manageCgroupsMode = mode;
	}
	return choice;
}

function fromArgs(arg: object): CheckpointChoice | undefined {
	const a = arg as Partial<CheckpointChoice>;
	if (typeof a.id !== 'string' || typeof a.imagePath !== 'string') return undefined;
	const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
	return { ...a, id: a.id, imagePath: resolve(base, a.imagePath) };
}

export async function checkpointContainer(s: Services, arg?: unknown): Promise<{ imagePath: string; workPath: string }> {
	const given = arg && typeof arg === 'object' && !(arg instanceof ContainerItem) ? fromArgs(arg) : undefined;
	const choice = given ?? (await ask(s, arg));
	const settings = readExtensionSettings();
	const criuErrors: CriuError[] = [];
	return vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Checkpointing ${choice.id}`, cancellable: true },
		async (_progress, token) => {
			let helper;
			try {
				helper = await startHelper(s.ctx, settings);
			} catch (err) {
				throw showHelperFailure(`Checkpoint of ${choice.id}`, err);
			}
			helper.onEvent('criuError', (e) => criuErrors.push(e));
			const cancel = token.onCancellationRequested(() => void helper.request('cancel', {}).catch(() => undefined));
			try {
				const job = s.jobs.attached(choice.id);
				// runc ends a checkpointed container (unless it is left running): its terminal should say why.
				if (job && !choice.leaveRunning && !choice.preDump) job.checkpointedTo = choice.imagePath;
				const result = await helper.request('checkpoint', { ...choice, ...toolPaths(settings) }).catch((err: unknown) => {
					if (job) job.checkpointedTo = undefined;
					throw err;
				});
				s.ctx.log.info(`checkpointed ${choice.id} into ${result.imagePath}`);
				void vscode.window.showInformationMessage(`Checkpointed ${choice.id} into ${result.imagePath}`, 'Restore…').then((pick) => {
					if (pick) void vscode.commands.executeCommand('ociRestore.restoreFromCheckpoint');
				});
				return result;
			} catch (err) {
				if (err instanceof HelperError && err.code === 'criu-failed') {
					const errors = criuErrors.length ? criuErrors : Array.isArray(err.details) ? (err.details as CriuError[]) : [];
					showCriuFailure(`Checkpoint of ${choice.id}`, err.message, errors, criuLogOf(errors, undefined, 'dump.log'));
					throw new ShownError(err.message, err);
				}
				throw showHelperFailure(`Checkpoint of ${choice.id}`, err);
			} finally {
				cancel.dispose();
				helper.dispose();
				s.refreshContainers();
			}
		},
	);
}
