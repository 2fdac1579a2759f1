/**
 * Entry point: wiring only, and only what activation needs. The language client
 * (dist/languageClient.js) loads when a possible bundle config is open; the restore, containers,
 * task and CRIU log code (dist/features.js) loads on first use: a command, the containers view
 * becoming visible, a task, a CRIU log. Commands, the tree view and the task provider are
 * registered here as stand-ins that load it.
 */
import * as vscode from 'vscode';
import type { OciRestoreApi } from './api';
import { BundleIndex } from './bundleIndex';
import { restartServer } from './commands/restartServer';
import { showOutput } from './commands/showOutput';
import { restartKeys } from './config';
import { Ctx } from './ctx';
import type { Features } from './features';
import { loadFeatures } from './loadFeatures';
import { loadLanguageClient } from './loadLanguageClient';
import { LintStatus } from './lintStatus';
import { registerCommand } from './registerCommand';
import { TASK_TYPE } from './tasks/taskType';
import { mayBeBundleConfig, whenDocumentOpens } from './whenDocumentOpens';

/** Commands that live in dist/features.js, with the titles their error messages use. */
const FEATURE_COMMANDS: [id: string, title: string][] = [
	['ociRestore.restoreFromCheckpoint', 'Restore from Checkpoint'],
	['ociRestore.checkpointContainer', 'Checkpoint Container'],
	['ociRestore.installHelper', 'Install Helper'],
	['ociRestore.openRestoreLog', 'Open Restore Log'],
	['ociRestore.container.openTerminal', 'Open Terminal'],
	['ociRestore.container.execShell', 'Exec Shell'],
	['ociRestore.container.signal', 'Send Signal'],
	['ociRestore.container.kill', 'Kill Container'],
	['ociRestore.container.delete', 'Delete Container'],
	['ociRestore.container.checkpoint', 'Checkpoint Container'],
	['ociRestore.container.revealBundle', 'Reveal Bundle'],
	['ociRestore.container.copyPid', 'Copy PID'],
	['ociRestore.container.attachDebugger', 'Attach Debugger'],
];

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): OciRestoreApi {
	let lintStatus: LintStatus | undefined;
	ctx = new Ctx(context, (c) => {
		lintStatus ??= new LintStatus();
		const status = lintStatus;
		return loadLanguageClient(c).createLanguageClient(c, (s) => status.update(s));
	});
	const c = ctx;
	c.pushExtCleanup({ dispose: () => lintStatus?.dispose() });
	c.pushExtCleanup(c.onDidChangeClient(() => lintStatus?.clear()));

	let bundleIndex: BundleIndex | undefined;
	const bundles = (): BundleIndex => {
		if (!bundleIndex) {
			bundleIndex = new BundleIndex((message) => c.log.debug(message));
			c.pushExtCleanup(bundleIndex);
		}
		return bundleIndex;
	};

	// The containers view needs a provider as soon as it is shown; this one forwards to
	// dist/features.js, loaded by the first getChildren (only a visible view asks).
	const treeChanged = new vscode.EventEmitter<void>();
	const view = vscode.window.createTreeView<vscode.TreeItem>('ociRestore.containers', {
		treeDataProvider: {
			onDidChangeTreeData: treeChanged.event,
			getTreeItem: (node) => node,
			getChildren: (node) => features().services.containers.getChildren(node),
		},
		showCollapseAll: false,
	});
	let loaded: Features | undefined;
	const features = (): Features => {
		if (!loaded) {
			loaded = loadFeatures(c).createFeatures(c, bundles(), { view, changed: treeChanged });
			// Disposed before the view and its emitter (cleanup runs in reverse).
			c.pushExtCleanup(loaded);
		}
		return loaded;
	};
	c.pushExtCleanup(view, treeChanged);

	const command = (id: string, title: string, run: (...args: any[]) => unknown): void => c.pushExtCleanup(registerCommand(c, id, title, run));
	for (const [id, title] of FEATURE_COMMANDS) command(id, title, (...args: unknown[]) => features().commands[id](...args));
	command('ociRestore.restartServer', 'Restart Language Server', () => restartServer(c));
	command('ociRestore.showOutput', 'Show Output', () => showOutput(c));
	command('ociRestore.containers.refresh', 'Refresh Containers', () => treeChanged.fire());

	c.pushExtCleanup(
		vscode.tasks.registerTaskProvider(TASK_TYPE, {
			provideTasks: (token) => features().tasks.provideTasks(token),
			resolveTask: (task, token) => features().tasks.resolveTask(task, token),
		}),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (!restartKeys.some((key) => e.affectsConfiguration(key))) return;
			void vscode.window.showInformationMessage('The OCI language server must restart for this setting.', 'Restart Now').then((pick) => {
				if (pick) void vscode.commands.executeCommand('ociRestore.restartServer');
			});
		}),
	);

	// After activate returns: the open documents are looked at, the client bundle loaded and the
	// server spawned outside activation. A failed start is shown here because VS Code would not.
	setImmediate(() => {
		if (ctx !== c) return;
		c.pushExtCleanup(
			whenDocumentOpens(mayBeBundleConfig, () => {
				if (ctx === c) void c.start().catch((err: unknown) => showStartFailure(c, err));
			}),
			whenDocumentOpens(
				(doc) => doc.languageId === 'criu-log',
				() => {
					if (ctx === c) features().startCriuLogDiagnostics();
				},
			),
		);
		void bundles()
			.ready()
			.catch((err: unknown) => c.log.warn(`scanning for bundles: ${String(err)}`));
	});
	return {
		lintStatus: (uri) => lintStatus?.of(uri),
		listContainers: () => features().services.containers.request('list', {}),
		languageServerStarted: () => c.client !== undefined,
		restoreJob: (id) => loaded?.services.jobs.get(id)?.handle(),
		bundles: () => bundles().list(),
	};
}

function showStartFailure(c: Ctx, err: unknown): void {
	c.log.error(`the OCI language server did not start: ${err instanceof Error ? err.message : String(err)}`);
	void vscode.window.showErrorMessage('The OCI language server did not start.', 'Open Output', 'Restart').then((pick) => {
		if (pick === 'Open Output') c.log.show(true);
		if (pick === 'Restart') void vscode.commands.executeCommand('ociRestore.restartServer');
	});
}

export function deactivate(): Thenable<void> | undefined {
	const current = ctx;
	ctx = undefined;
	return current?.stop();
}
