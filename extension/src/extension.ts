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
import { readExtensionSettings, readSettingsSnapshot, restartKeys } from './config';
import { Ctx } from './ctx';
import type { Features } from './features';
import { ServerStatsRequest, type ServerStats } from '../../server/src/common/lspProtocol';
import { loadFeatures } from './loadFeatures';
import { loadLanguageClient } from './loadLanguageClient';
import { LintStatus } from './lintStatus';
import { prepareJsonSupport } from './prepareJsonSupport';
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
	// A workspace holding a bundle starts the server at once (as vscode-eslint does), so the first
	// bundle config the user opens is linted by a running server; other workspaces start it on the
	// first possible bundle config opened.
	let decided: (started: boolean) => void = () => undefined;
	const prestarted = new Promise<boolean>((resolve) => (decided = resolve));
	setImmediate(() => {
		if (ctx !== c) {
			decided(false);
			return;
		}
		void bundles()
			.hasBundles()
			.then((found) => {
				const start = found && ctx === c && lintEnabledAnywhere();
				if (start) {
					startServer(c, 'the workspace holds a bundle');
					// Once the server runs, off the start's path; the first config.json then waits for neither.
					if (readExtensionSettings(null).prepareJsonSupport) {
						void c.start().then(() => (ctx === c ? prepareJsonSupport((m) => c.log.info(m)) : undefined), () => undefined);
					}
				}
				decided(start);
			});
		c.pushExtCleanup(
			whenDocumentOpens(mayBeBundleConfig, (doc) => {
				if (ctx === c) startServer(c, `${doc.uri.toString()} may be a bundle config`);
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
		languageServerPrestarted: () => prestarted,
		languageServerStats: async () => {
			const client = c.client;
			return client?.isRunning() ? client.sendRequest<ServerStats>(ServerStatsRequest.method) : undefined;
		},
		restoreJob: (id) => loaded?.services.jobs.get(id)?.handle(),
		bundles: () => bundles().list(),
	};
}

/** Starts the language server unless it runs or is starting; the trace log says why and how long it took. */
function startServer(c: Ctx, why: string): void {
	if (c.client) return;
	const t0 = performance.now();
	c.log.trace(`starting the language server: ${why}`);
	c.start().then(
		() => c.log.trace(`language server running after ${(performance.now() - t0).toFixed(0)} ms`),
		(err: unknown) => showStartFailure(c, err),
	);
}

/** Whether linting is on for the window or some workspace folder (else no server is started ahead). */
function lintEnabledAnywhere(): boolean {
	const s = readSettingsSnapshot();
	return s.window.enable || s.folders.some((f) => f.settings.enable);
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
