/**
 * Runs a restore the user (or a task, or a test) asked for: pre-flight checks first — nothing runs
 * when one fails — then `runc restore` with a progress notification, streaming into a terminal.
 */
import * as vscode from 'vscode';
import { HelperError } from '../../../server/src/helper/client';
import { readExtensionSettings } from '../config';
import { ShownError } from '../registerCommand';
import type { Services } from '../services';
import { criuLogOf, showCriuFailure } from './criuFailure';
import type { HelperLease } from './helperLease';
import { showPreflightProblems } from './preflightProblems';
import { RestoreJob, type RestoreJobHandle } from './restoreJob';
import { RestorePty } from './restorePty';
import type { RestoreChoice } from './restoreWizard';

/** Shows a helper failure (e.g. elevation refused) with what fixes it. */
export function showHelperFailure(what: string, err: unknown): ShownError {
	const message = err instanceof Error ? err.message : String(err);
	const actions = err instanceof HelperError && err.code === 'not-permitted' ? ['Install Helper', 'Open Settings'] : ['Open Output'];
	void vscode.window.showErrorMessage(`${what} failed: ${message}`, ...actions).then((pick) => {
		if (pick === 'Install Helper') void vscode.commands.executeCommand('ociRestore.installHelper');
		else if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'ociRestore.elevation');
		else if (pick === 'Open Output') void vscode.commands.executeCommand('ociRestore.showOutput');
	});
	return new ShownError(message, err);
}

function onRestoreFailure(s: Services, job: RestoreJob, err: unknown): ShownError {
	s.ctx.log.error(`restore of ${job.id} failed: ${err instanceof Error ? err.message : String(err)}`);
	if (err instanceof HelperError && err.code === 'criu-failed') {
		const log = criuLogOf(job.criuErrors, job.workPath, 'restore.log');
		s.jobs.lastFailedLog = log;
		showCriuFailure(`Restore of ${job.id}`, err.message, job.criuErrors, log);
		return new ShownError(err.message, err);
	}
	return showHelperFailure(`Restore of ${job.id}`, err);
}

/**
 * Restores into a new terminal named `restore: ID`; resolves once the container runs. `lease`: a
 * helper the command started ahead, taken by the job (the caller still disposes the lease).
 */
export async function runRestore(s: Services, choice: RestoreChoice, lease?: HelperLease): Promise<RestoreJobHandle> {
	const settings = readExtensionSettings(vscode.Uri.file(choice.bundle));
	const job = new RestoreJob(s.ctx, choice, settings, lease);
	return vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Restoring ${choice.id}`, cancellable: true },
		async (progress, token) => {
			progress.report({ message: 'pre-flight checks…' });
			let preflight;
			try {
				preflight = await job.preflight();
			} catch (err) {
				job.dispose();
				throw showHelperFailure(`Restore of ${choice.id}`, err);
			}
			if (!preflight.ok) {
				const summary = showPreflightProblems(s.ctx, preflight, choice.bundle);
				job.dispose();
				throw new ShownError(`pre-flight checks failed: ${summary}`);
			}
			if (token.isCancellationRequested) {
				job.dispose();
				throw new ShownError('cancelled');
			}
			s.jobs.add(job);
			const terminal = vscode.window.createTerminal({
				name: job.terminalName,
				pty: new RestorePty(s.ctx, job),
				iconPath: new vscode.ThemeIcon('history'),
			});
			terminal.show();
			job.onDidEnd(() => s.refreshContainers());
			progress.report({ message: `runc restore from ${choice.imagePath ?? 'checkpoint'}…` });
			try {
				const handle = await job.restore(token);
				s.refreshContainers();
				return handle;
			} catch (err) {
				throw onRestoreFailure(s, job, err);
			}
		},
	);
}

/** The same restore inside a task's terminal: problems are written there, the task ends with the exit status. */
export function restoreTaskPty(s: Services, choice: RestoreChoice): vscode.Pseudoterminal {
	const settings = readExtensionSettings(vscode.Uri.file(choice.bundle));
	const job = new RestoreJob(s.ctx, choice, settings);
	const start = async (): Promise<void> => {
		const preflight = await job.preflight();
		if (!preflight.ok) {
			const summary = showPreflightProblems(s.ctx, preflight, choice.bundle);
			job.abort(`pre-flight checks failed: ${summary}`);
			return;
		}
		s.jobs.add(job);
		job.onDidEnd(() => s.refreshContainers());
		await job.restore();
		s.refreshContainers();
	};
	return new RestorePty(s.ctx, job, {
		closeOnEnd: true,
		onOpen: () => {
			job.write(`\x1b[2mrestoring ${choice.id} from ${choice.imagePath ?? `${choice.bundle}/checkpoint`}\x1b[0m\r\n`);
			void start().catch((err: unknown) => void onRestoreFailure(s, job, err));
		},
	});
}
