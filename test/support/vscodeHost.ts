/**
 * One code-server per node:test file, running extension-host suites (test/extension/host/*.suite.ts)
 * against this repo as the extension under development, in a private copy of a workspace.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtensionHostTests, startCodeServer, type CodeServer, type ExtensionHostRun } from './codeServer';
import { HOST_PARAMS_ENV, writeHostParams, type HostParams } from './hostParams';
import { artifactsDir, repoRoot } from './vscodePaths';

export interface HostSession {
	server: CodeServer;
	/** The private workspace copy (absolute). */
	workspace: string;
	/**
	 * Runs the named suites in a fresh window (a fresh extension host) on the workspace copy, or on
	 * `folder` (absolute) when given; resolves with its outcome.
	 */
	run(suites: string[], params?: Omit<HostParams, 'suites' | 'workspace'>, label?: string, folder?: string): Promise<ExtensionHostRun>;
	/** Stops code-server and removes the workspace copy. Idempotent. */
	dispose(): Promise<void>;
}

/** The workspace fixture every extension test starts from. */
export function fixtureWorkspace(): string {
	return join(repoRoot(), 'test', 'fixtures', 'workspace');
}

/**
 * Starts code-server with a private copy of `workspaceFrom` (default the fixture workspace);
 * `extensionPath` is the extension under development (default this repo; the suites run with it)
 * and `extensionsDir` holds installed extensions (default: none).
 */
export async function startHostSession(
	opts: { workspaceFrom?: string; settings?: Record<string, unknown>; env?: Record<string, string>; extensionsDir?: string; extensionPath?: string } = {},
): Promise<HostSession> {
	const root = repoRoot();
	const extension = opts.extensionPath ?? root;
	const entry = join(root, 'out', 'test', 'extension', 'host', 'index.js');
	if (!opts.extensionPath && !existsSync(join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `node esbuild.mjs` first');
	if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`node esbuild.mjs --tests\` first`);
	const scratch = mkdtempSync(join(tmpdir(), 'oci-ext-'));
	const workspace = join(scratch, 'workspace');
	cpSync(opts.workspaceFrom ?? fixtureWorkspace(), workspace, { recursive: true });
	const paramsFile = join(scratch, 'params.json');
	writeHostParams(paramsFile, {});
	let server: CodeServer;
	try {
		server = await startCodeServer({ env: { [HOST_PARAMS_ENV]: paramsFile, ...opts.env }, settings: opts.settings, extensionsDir: opts.extensionsDir });
	} catch (err) {
		rmSync(scratch, { recursive: true, force: true });
		throw err;
	}
	mkdirSync(artifactsDir(), { recursive: true });
	let disposed = false;
	return {
		server,
		workspace,
		async run(suites, params = {}, label = suites.join('+'), folder = workspace) {
			writeHostParams(paramsFile, { ...params, suites, workspace: folder });
			return runExtensionHostTests({
				server,
				folder,
				extensionDevelopmentPath: extension,
				extensionTestsPath: entry,
				timeoutMs: (params.timeoutMs ?? 60_000) * Math.max(1, suites.length) + 30_000,
				screenshot: join(artifactsDir(), `host-${label}.png`),
			});
		},
		async dispose() {
			if (disposed) return;
			disposed = true;
			await server.stop();
			rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
		},
	};
}

/** The mocha result lines of a run (✔ / failures / summary), e.g. for `t.diagnostic`. */
export function mochaSummary(run: ExtensionHostRun): string[] {
	return run.logs.filter((l) => !l.startsWith('[log]') && /✔|^\S+\s+\d+\) |passing|failing|pending/.test(l));
}

/** Formats a run's console for an assertion message. */
export function describeRun(run: ExtensionHostRun): string {
	return `extension host exit code ${run.exitCode}\n${run.logs.join('\n')}`;
}
