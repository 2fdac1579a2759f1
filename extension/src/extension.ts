/**
 * Entry point: wiring only. Everything is built lazily enough that activation stays fast; the
 * language server starts in the background.
 */
import * as vscode from 'vscode';
import type { OciRestoreApi } from './api';
import { BundleIndex } from './bundleIndex';
import { checkpointContainer } from './commands/checkpointContainer';
import { installHelper } from './commands/installHelper';
import { openRestoreLog } from './commands/openRestoreLog';
import { restartServer } from './commands/restartServer';
import { restoreFromCheckpoint } from './commands/restoreFromCheckpoint';
import { showOutput } from './commands/showOutput';
import { restartKeys } from './config';
import { attachDebugger } from './containers/attachDebugger';
import { ContainersView } from './containers/containersView';
import { copyPid } from './containers/copyPid';
import { deleteContainer } from './containers/deleteContainer';
import { execShell } from './containers/execShell';
import { killContainer } from './containers/killContainer';
import { openContainerTerminal } from './containers/openContainerTerminal';
import { revealBundle } from './containers/revealBundle';
import { signalContainer } from './containers/signalContainer';
import { CriuLogDiagnostics } from './criuLog/criuLogDiagnostics';
import { Ctx } from './ctx';
import { loadLanguageClient } from './loadLanguageClient';
import { LintStatus } from './lintStatus';
import { registerCommand } from './registerCommand';
import { RestoreJobs } from './restore/restoreJobs';
import { RestoreWizard } from './restore/restoreWizard';
import type { Services } from './services';
import { RestoreTaskProvider, TASK_TYPE } from './tasks/restoreTaskProvider';

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): OciRestoreApi {
	const lintStatus = new LintStatus();
	ctx = new Ctx(context, (c) => loadLanguageClient(c).createLanguageClient(c, (status) => lintStatus.update(status)));
	const c = ctx;
	const bundles = new BundleIndex((message) => c.log.debug(message));
	const jobs = new RestoreJobs();
	const containers = new ContainersView(c, jobs);
	const s: Services = {
		ctx: c,
		bundles,
		jobs,
		containers,
		wizard: new RestoreWizard(context.workspaceState, context.globalState, bundles),
		refreshContainers: () => containers.refresh(),
	};
	c.pushExtCleanup(lintStatus, bundles, jobs, containers, new CriuLogDiagnostics());
	c.pushExtCleanup(c.onDidChangeClient(() => lintStatus.clear()));

	const command = (id: string, title: string, run: (...args: any[]) => unknown): void => c.pushExtCleanup(registerCommand(c, id, title, run));
	command('ociRestore.restoreFromCheckpoint', 'Restore from Checkpoint', (arg?: unknown) => restoreFromCheckpoint(s, arg));
	command('ociRestore.checkpointContainer', 'Checkpoint Container', (arg?: unknown) => checkpointContainer(s, arg));
	command('ociRestore.restartServer', 'Restart Language Server', () => restartServer(c));
	command('ociRestore.showOutput', 'Show Output', () => showOutput(c));
	command('ociRestore.installHelper', 'Install Helper', () => installHelper(c));
	command('ociRestore.openRestoreLog', 'Open Restore Log', (arg?: unknown) => openRestoreLog(s, arg));
	command('ociRestore.containers.refresh', 'Refresh Containers', () => containers.refresh());
	command('ociRestore.container.openTerminal', 'Open Terminal', (arg?: unknown) => openContainerTerminal(s, arg));
	command('ociRestore.container.execShell', 'Exec Shell', (arg?: unknown) => execShell(s, arg));
	command('ociRestore.container.signal', 'Send Signal', (arg?: unknown) => signalContainer(s, arg));
	command('ociRestore.container.kill', 'Kill Container', (arg?: unknown) => killContainer(s, arg));
	command('ociRestore.container.delete', 'Delete Container', (arg?: unknown) => deleteContainer(s, arg));
	command('ociRestore.container.checkpoint', 'Checkpoint Container', (arg?: unknown) => checkpointContainer(s, arg));
	command('ociRestore.container.revealBundle', 'Reveal Bundle', (arg?: unknown) => revealBundle(s, arg));
	command('ociRestore.container.copyPid', 'Copy PID', (arg?: unknown) => copyPid(s, arg));
	command('ociRestore.container.attachDebugger', 'Attach Debugger', (arg?: unknown) => attachDebugger(s, arg));

	c.pushExtCleanup(vscode.tasks.registerTaskProvider(TASK_TYPE, new RestoreTaskProvider(s)));
	c.pushExtCleanup(
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (!restartKeys.some((key) => e.affectsConfiguration(key))) return;
			void vscode.window.showInformationMessage('The OCI language server must restart for this setting.', 'Restart Now').then((pick) => {
				if (pick) void vscode.commands.executeCommand('ociRestore.restartServer');
			});
		}),
	);

	// After activate returns: loading the client bundle and spawning the server must not count
	// against activation. A failed start is shown here because VS Code would not show it.
	setImmediate(() => {
		if (ctx !== c) return;
		void c.start().catch((err: unknown) => {
			c.log.error(`the OCI language server did not start: ${err instanceof Error ? err.message : String(err)}`);
			void vscode.window.showErrorMessage('The OCI language server did not start.', 'Open Output', 'Restart').then((pick) => {
				if (pick === 'Open Output') c.log.show(true);
				if (pick === 'Restart') void vscode.commands.executeCommand('ociRestore.restartServer');
			});
		});
		void bundles.ready().catch((err: unknown) => c.log.warn(`scanning for bundles: ${String(err)}`));
	});
	return {
		lintStatus: (uri) => lintStatus.of(uri),
		listContainers: () => containers.request('list', {}),
		restoreJob: (id) => jobs.get(id)?.handle(),
		bundles: () => bundles.list(),
	};
}

export function deactivate(): Thenable<void> | undefined {
	const current = ctx;
	ctx = undefined;
	return current?.stop();
}
