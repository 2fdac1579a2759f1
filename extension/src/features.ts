/**
 * Everything of the extension that is not needed to activate it, built as its own bundle
 * (dist/features.js) and loaded on first use (a command, the containers view becoming visible, a
 * task, a CRIU log): the restore wizard and jobs, the containers view, the task provider and the
 * CRIU log diagnostics. extension.ts registers thin stand-ins that load this module.
 */
import * as vscode from 'vscode';
import type { BundleIndex } from './bundleIndex';
import { checkpointContainer } from './commands/checkpointContainer';
import { installHelper } from './commands/installHelper';
import { openRestoreLog } from './commands/openRestoreLog';
import { restoreFromCheckpoint } from './commands/restoreFromCheckpoint';
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
import type { Ctx } from './ctx';
import { RestoreJobs } from './restore/restoreJobs';
import { RestoreWizard } from './restore/restoreWizard';
import type { Services } from './services';
import { RestoreTaskProvider } from './tasks/restoreTaskProvider';

/** The containers tree as extension.ts registered it (so VS Code finds a provider without this module). */
export interface ContainersTree {
	view: vscode.TreeView<vscode.TreeItem>;
	/** Fires the view's onDidChangeTreeData. */
	changed: vscode.EventEmitter<void>;
}

/** What extension.ts calls into once this module is loaded. */
export interface Features extends vscode.Disposable {
	services: Services;
	/** Command handlers by command id (the ids extension.ts registers). */
	commands: Record<string, (...args: any[]) => unknown>;
	tasks: vscode.TaskProvider;
	/** Starts the CRIU log diagnostics (idempotent). */
	startCriuLogDiagnostics(): void;
}

/** Builds the services (once per activation: extension.ts keeps the result). */
export function createFeatures(ctx: Ctx, bundles: BundleIndex, tree: ContainersTree): Features {
	const jobs = new RestoreJobs();
	const containers = new ContainersView(ctx, jobs, tree.view, tree.changed);
	const s: Services = {
		ctx,
		bundles,
		jobs,
		containers,
		wizard: new RestoreWizard(ctx.extension.workspaceState, ctx.extension.globalState, bundles),
		refreshContainers: () => containers.refresh(),
	};
	let criuLog: CriuLogDiagnostics | undefined;
	return {
		services: s,
		commands: {
			'ociRestore.restoreFromCheckpoint': (arg?: unknown) => restoreFromCheckpoint(s, arg),
			'ociRestore.checkpointContainer': (arg?: unknown) => checkpointContainer(s, arg),
			'ociRestore.installHelper': () => installHelper(ctx),
			'ociRestore.openRestoreLog': (arg?: unknown) => openRestoreLog(s, arg),
			'ociRestore.container.openTerminal': (arg?: unknown) => openContainerTerminal(s, arg),
			'ociRestore.container.execShell': (arg?: unknown) => execShell(s, arg),
			'ociRestore.container.signal': (arg?: unknown) => signalContainer(s, arg),
			'ociRestore.container.kill': (arg?: unknown) => killContainer(s, arg),
			'ociRestore.container.delete': (arg?: unknown) => deleteContainer(s, arg),
			'ociRestore.container.checkpoint': (arg?: unknown) => checkpointContainer(s, arg),
			'ociRestore.container.revealBundle': (arg?: unknown) => revealBundle(s, arg),
			'ociRestore.container.copyPid': (arg?: unknown) => copyPid(s, arg),
			'ociRestore.container.attachDebugger': (arg?: unknown) => attachDebugger(s, arg),
		},
		tasks: new RestoreTaskProvider(s),
		startCriuLogDiagnostics() {
			criuLog ??= new CriuLogDiagnostics();
		},
		dispose() {
			criuLog?.dispose();
			containers.dispose();
			jobs.dispose();
		},
	};
}
