/**
 * A real VS Code for tests: code-server (installed by scripts/setup-vscode.sh) in its own process
 * group with private user-data/extensions/XDG/TMPDIR dirs, driven by Debian's Chromium through
 * playwright-core. See docs in the repo README ("Testing").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, codeServerEntry, codeServerNode } from './vscodePaths';

/** Settings that keep the workbench quiet and its terminal readable from the DOM. */
export const TEST_USER_SETTINGS: Record<string, unknown> = {
	'workbench.startupEditor': 'none',
	'update.mode': 'none',
	'remote.autoForwardPorts': false,
	'terminal.integrated.gpuAcceleration': 'off',
	'workbench.tips.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'security.workspace.trust.enabled': false,
	'window.restoreWindows': 'none',
	'chat.disableAIFeatures': true,
	'git.openRepositoryInParentFolders': 'never',
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

export interface CodeServerOptions {
	/** Extra environment for code-server and so its extension host. */
	env?: Record<string, string>;
	/** User settings merged over {@link TEST_USER_SETTINGS}. */
	settings?: Record<string, unknown>;
	/** Use this extensions dir instead of a private empty one. */
	extensionsDir?: string;
	/** Port to bind on 127.0.0.1; default a free one. */
	port?: number;
	/** Folder to open when the URL has none. */
	folder?: string;
	/** Deadline for /healthz. */
	startTimeoutMs?: number;
}

export interface CodeServer {
	port: number;
	/** `http://127.0.0.1:PORT` */
	origin: string;
	/** The private root holding user-data, extensions, XDG and TMPDIR dirs. */
	home: string;
	userDataDir: string;
	extensionsDir: string;
	/** The process group id (code-server runs as its own group leader). */
	pgid: number;
	/** code-server's stdout and stderr so far. */
	logs(): string;
	/** Ends the whole process group and removes the private dirs. Idempotent. */
	stop(): Promise<void>;
}

const live = new Set<number>();
// Last resort when a test run dies without its after() hooks: never leave a server behind.
process.once('exit', () => {
	for (const pgid of live) killGroup(pgid, 'SIGKILL');
});

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
	return new Promise((resolveP, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolveP(port));
		});
	});
}

/** Polls `probe` until it returns a value other than undefined, or throws at the deadline. */
export async function pollUntil<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string, intervalMs = 100): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const v = await probe();
			if (v !== undefined) return v;
		} catch (err) {
			lastError = err;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
		}
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// already gone
	}
}

function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Starts code-server on 127.0.0.1 and waits for /healthz. Always `stop()` it (e.g. in `after`). */
export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
	const home = mkdtempSync(join(tmpdir(), 'oci-cs-'));
	const userDataDir = join(home, 'user-data');
	const extensionsDir = opts.extensionsDir ?? join(home, 'extensions');
	const dirs = { config: join(home, 'xdg-config'), data: join(home, 'xdg-data'), cache: join(home, 'xdg-cache'), tmp: join(home, 'tmp') };
	for (const d of [userDataDir, extensionsDir, ...Object.values(dirs), join(userDataDir, 'User')]) mkdirSync(d, { recursive: true });
	writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...TEST_USER_SETTINGS, ...opts.settings }, null, '\t'));
	// A code-server window is a remote window: machine-scoped settings (the ones that decide what
	// runs as root, e.g. ociRestore.helper.path) are read from the remote's Machine settings only.
	mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
	writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify({ ...opts.settings }, null, '\t'));
	const port = opts.port ?? (await freePort());
	const args = [
		codeServerEntry(),
		'--bind-addr', `127.0.0.1:${port}`,
		'--auth', 'none',
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		'--user-data-dir', userDataDir,
		'--extensions-dir', extensionsDir,
		'--vscode-option', 'enable-smoke-test-driver',
	];
	if (opts.folder) args.push(opts.folder);
	let output = '';
	// detached: setsid, so the server, its extension host, ptyHost and file watcher share one group.
	// node --test marks its children with NODE_TEST_CONTEXT; the extension host's own Node children
	// (the helper, the language server) must not inherit it.
	const { NODE_TEST_CONTEXT: _ctx, ...parentEnv } = process.env;
	const child: ChildProcess = spawn(codeServerNode(), args, {
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...parentEnv,
			EXTENSIONS_GALLERY: '{}',
			XDG_CONFIG_HOME: dirs.config,
			XDG_DATA_HOME: dirs.data,
			XDG_CACHE_HOME: dirs.cache,
			TMPDIR: dirs.tmp,
			...opts.env,
		},
	});
	const pgid = child.pid;
	if (pgid === undefined) throw new Error('code-server did not start');
	live.add(pgid);
	child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	let exited = false;
	child.on('exit', () => (exited = true));
	let stopped = false;
	const stop = async (): Promise<void> => {
		if (stopped) return;
		stopped = true;
		killGroup(pgid, 'SIGTERM');
		try {
			await pollUntil(() => (groupAlive(pgid) ? undefined : true), 5000, 'code-server to exit');
		} catch {
			killGroup(pgid, 'SIGKILL');
			await pollUntil(() => (groupAlive(pgid) ? undefined : true), 5000, 'code-server to die').catch(() => undefined);
		}
		live.delete(pgid);
		rmSync(home, { recursive: true, force: true, maxRetries: 3 });
	};
	const origin = `http://127.0.0.1:${port}`;
	try {
		await pollUntil(
			async () => {
				if (exited) throw new Error(`code-server exited:\n${output}`);
				const res = await fetch(`${origin}/healthz`);
				return res.ok ? true : undefined;
			},
			opts.startTimeoutMs ?? 30_000,
			'code-server /healthz',
		);
	} catch (err) {
		await stop();
		throw err;
	}
	return { port, origin, home, userDataDir, extensionsDir, pgid, logs: () => output, stop };
}

export interface Workbench {
	context: BrowserContext;
	page: Page;
	/** Closes Chromium and removes its profile. Idempotent. */
	close(): Promise<void>;
}

export interface WorkbenchOptions {
	/** Folder (absolute) to open. */
	folder: string;
	/** The `payload` query parameter: e.g. extensionDevelopmentPath / extensionTestsPath. */
	payload?: [string, string][];
	/** Called before the page loads, e.g. to `exposeFunction`. */
	beforeGoto?: (page: Page) => Promise<void>;
	viewport?: { width: number; height: number };
}

/** The URL that opens `folder`, with an optional smoke-test payload. */
export function workbenchUrl(server: CodeServer, folder: string, payload?: [string, string][]): string {
	let url = `${server.origin}/?folder=${encodeURIComponent(folder)}`;
	if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
	return url;
}

/** `vscode-remote://` URI of a path on the code-server machine, as the payload needs it. */
export function remoteUri(server: CodeServer, absPath: string): string {
	return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}

/**
 * Launches headless Chromium with a fresh profile and opens the workbench. On a loaded machine
 * Chromium was seen to close its page during the first navigation ("Target page, context or browser
 * has been closed"), before any workbench code ran: that launch is retried once, nothing else is.
 */
export async function openWorkbench(server: CodeServer, opts: WorkbenchOptions): Promise<Workbench> {
	try {
		return await launchWorkbench(server, opts);
	} catch (err) {
		if (!(err instanceof Error && /has been closed/.test(err.message))) throw err;
		return launchWorkbench(server, opts);
	}
}

async function launchWorkbench(server: CodeServer, opts: WorkbenchOptions): Promise<Workbench> {
	const profile = mkdtempSync(join(server.home, 'chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: opts.viewport ?? { width: 1400, height: 900 },
		// Chromium's crash database and caches follow XDG: keep them in the private dir too.
		env: { ...process.env, XDG_CONFIG_HOME: join(server.home, 'xdg-config'), XDG_CACHE_HOME: join(server.home, 'xdg-cache'), TMPDIR: join(server.home, 'tmp') },
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
		],
	});
	let closed = false;
	const close = async (): Promise<void> => {
		if (closed) return;
		closed = true;
		await context.close().catch(() => undefined);
		rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
	};
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		if (opts.beforeGoto) await opts.beforeGoto(page);
		await page.goto(workbenchUrl(server, opts.folder, opts.payload));
		return { context, page, close };
	} catch (err) {
		await close();
		throw err;
	}
}

/** Waits until the workbench has restored its parts (the status bar is there). */
export async function waitForWorkbench(page: Page, timeoutMs = 30_000): Promise<void> {
	await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: timeoutMs });
}

export interface ExtensionHostRun {
	/** 0 when the test module's run() resolved. */
	exitCode: number;
	/** The extension host's console, one entry per call. */
	logs: string[];
}

export interface ExtensionHostTestOptions {
	server: CodeServer;
	/** Workspace folder (absolute). */
	folder: string;
	/** Extension under development (absolute dir with package.json). */
	extensionDevelopmentPath: string;
	/** Built test module (absolute .js path) exporting `run(): Promise<void>`. */
	extensionTestsPath: string;
	timeoutMs?: number;
	/** Where to save a screenshot of the workbench when the run ends (PNG path). */
	screenshot?: string;
	/** Streams each console line as it comes (e.g. to the test's diagnostic output). */
	onLog?: (line: string) => void;
}

/**
 * Runs an extension-host test module inside the real VS Code (the @vscode/test-electron
 * equivalent): the smoke-test driver payload loads the extension under development and calls
 * the module's `run()`; its outcome comes back through `codeAutomationExit`.
 */
export async function runExtensionHostTests(opts: ExtensionHostTestOptions): Promise<ExtensionHostRun> {
	const logs: string[] = [];
	let exitCode: number | undefined;
	const t0 = Date.now();
	const stamp = (): string => `+${((Date.now() - t0) / 1000).toFixed(1)}s`;
	const wb = await openWorkbench(opts.server, {
		folder: opts.folder,
		payload: [
			['extensionDevelopmentPath', remoteUri(opts.server, opts.extensionDevelopmentPath)],
			['extensionTestsPath', remoteUri(opts.server, opts.extensionTestsPath)],
		],
		beforeGoto: async (page) => {
			await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
				// console.log's own format: mocha's reporter passes '%s' templates.
				const text = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
				const line = `${stamp()} ${type === 'error' ? '[err] ' : ''}${text}`;
				logs.push(line);
				opts.onLog?.(line);
			});
			await page.exposeFunction('codeAutomationExit', (code: unknown, hostLogs: unknown) => {
				if (Array.isArray(hostLogs)) for (const l of hostLogs) logs.push(`[log] ${typeof l === 'string' ? l : JSON.stringify(l)}`);
				logs.push(`${stamp()} exit ${String(code)}`);
				exitCode = typeof code === 'number' ? code : 1;
			});
		},
	});
	try {
		await pollUntil(() => exitCode, opts.timeoutMs ?? 120_000, 'the extension-host tests to finish', 200);
		if (opts.screenshot) await wb.page.screenshot({ path: opts.screenshot }).catch(() => undefined);
		return { exitCode: exitCode ?? 1, logs };
	} catch (err) {
		if (opts.screenshot) await wb.page.screenshot({ path: opts.screenshot }).catch(() => undefined);
		throw new Error(`${String(err)}\n--- extension host console ---\n${logs.join('\n')}\n--- code-server ---\n${opts.server.logs().slice(-4000)}`);
	} finally {
		await wb.close();
	}
}
