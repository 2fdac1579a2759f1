/**
 * Extension benchmarks (issue 4 §6), measured in the real VS Code (code-server):
 *   ext.activation       activation as VS Code reports it (Show Running Extensions / Developer: Startup
 *                        Performance: the extension host's codeLoadingTime + activateCallTime), ms,
 *                        cold, production build, from a workspace without bundles once the host is
 *                        quiet; trivial extensions activated the same way give VS Code's own floor
 *   ext.firstDiagnostics the normal path: a window opened on a workspace holding bundles, the extension
 *                        activated by VS Code from the workspace contents (it starts the language
 *                        server ahead), the host quiet; then the first file the window opens is a
 *                        bundle config: from openTextDocument's call until its diagnostics are visible
 *                        to the extension API, VS Code's first editor and JSON support included, ms
 *   ext.firstDiagnosticsColdServer  a bundle config created in a workspace that had none, opened in a
 *                        window that already shows an unrelated JSON file: our server starts for it, ms
 *   ext.vsixSize         the packaged .vsix, bytes
 * No other tool does these jobs for OCI bundles, so each baseline is the goal (baselineName says so).
 * Needs code-server + Chromium (scripts/setup-vscode.sh); OCI_BENCH_EXT_RUNS rounds of two windows
 * (default 5), median.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostSession } from '../test/support/vscodeHost';
import { codeServerEntry, codeServerNode, repoRoot, vscodeInstalled } from '../test/support/vscodePaths';
import { median, type Measure } from './_measure';
import type { BundlesSample, ColdSample, OpenTimeline } from '../test/support/extensionBenchSamples';


const GOAL_NAME = 'the goal (no other tool does this job)';


function measure(ours: number, goal: number, unit: string, note: string): Measure {
	return { ours, baseline: goal, unit, ratio: ours / goal, better: 'lower', baselineName: GOAL_NAME, goal, note };
}

/**
 * Trivial extensions, activated the same way as ours: what VS Code's activation path costs by itself.
 * `empty` has no code at all; `minimal` is the least a real extension does: it loads the `vscode`
 * API (which VS Code builds per extension on that first require) and registers one command.
 */
const FLOORS: { name: string; js: string }[] = [
	{ name: 'empty', js: "'use strict';\nexports.activate = function activate() {\n\treturn {};\n};\n" },
	{
		name: 'minimal',
		js: "'use strict';\nconst vscode = require('vscode');\nexports.activate = function activate(context) {\n\tcontext.subscriptions.push(vscode.commands.registerCommand('ociBench.minimal', () => undefined));\n\treturn {};\n};\n",
	},
];
const FLOOR_PUBLISHER = 'oci-bench';

function timelineLine(t: OpenTimeline): string {
	return Object.entries(t)
		.map(([k, v]) => `${k} ${(v as number).toFixed(0)}`)
		.join(', ');
}

/** A bundle directory as users have them: config.json (with one mistake) next to rootfs/. */
function writeBundle(dir: string): void {
	mkdirSync(join(dir, 'rootfs', 'bin'), { recursive: true });
	writeFileSync(join(dir, 'rootfs', 'bin', 'sh'), '#!/bin/sh\n', { mode: 0o755 });
	const config = { ociVersion: '1.0.2', process: { cwd: 'tmp', args: ['/bin/sh'], user: { uid: 0, gid: 0 } }, root: { path: 'rootfs' }, linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }] } };
	writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, '\t') + '\n');
}

/** A fresh folder per window: VS Code keeps open editors per folder, a reused one could restore them. */
function workspaceCopy(scratch: string, name: string, bundles: boolean): string {
	const dir = join(scratch, name);
	mkdirSync(dir);
	writeFileSync(join(dir, 'README.md'), `# ${name}\n`);
	writeFileSync(join(dir, 'data.json'), '{ "unrelated": true }\n');
	if (bundles) for (const b of ['one', 'two']) writeBundle(join(dir, b));
	return dir;
}

/**
 * Installs our .vsix and the trivial extensions (packaged here; no activation events: only the bench
 * activates them) with code-server's own installer into a fresh extensions dir, which is returned.
 */
function installExtensions(scratch: string, ours: string): string {
	const extensionsDir = join(scratch, 'extensions');
	const home = join(scratch, 'install-home');
	const env = { ...process.env, EXTENSIONS_GALLERY: '{}', XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache') };
	const vsce = join(repoRoot(), 'node_modules', '@vscode', 'vsce', 'vsce');
	const vsixes = [ours];
	for (const floor of FLOORS) {
		const dir = join(scratch, `floor-${floor.name}`);
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifestOf(floor.name), main: './extension.js' }, null, '\t') + '\n');
		writeFileSync(join(dir, 'README.md'), `# ${floor.name}\n\nAn activation floor of the extension benchmark.\n`);
		writeFileSync(join(dir, 'extension.js'), floor.js);
		const vsix = join(scratch, `floor-${floor.name}.vsix`);
		const pack = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: dir, encoding: 'utf8', env: { ...process.env, VSCE_TELEMETRY: 'false' } });
		if (pack.status !== 0) throw new Error(`packaging the ${floor.name} extension failed:\n${pack.stdout}${pack.stderr}`);
		vsixes.push(vsix);
	}
	for (const vsix of vsixes) {
		const args = [codeServerEntry(), '--user-data-dir', join(home, 'user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsix];
		const install = spawnSync(codeServerNode(), args, { env, encoding: 'utf8' });
		if (install.status !== 0) throw new Error(`installing ${vsix} failed:\n${install.stdout}${install.stderr}`);
	}
	return extensionsDir;
}

/** The extension under development that the suites run with: a manifest, no code. */
function writeRunnerExtension(scratch: string): string {
	const dir = join(scratch, 'runner');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify(manifestOf('runner'), null, '\t') + '\n');
	return dir;
}

function manifestOf(name: string): Record<string, unknown> {
	return { name, publisher: FLOOR_PUBLISHER, version: '0.0.1', license: 'MIT', engines: { vscode: '^1.91.0' }, activationEvents: [] };
}

export async function run(): Promise<Record<string, Measure>> {
	if (!vscodeInstalled()) throw new Error('code-server and Chromium are missing: sudo bash scripts/setup-vscode.sh');
	const root = repoRoot();
	const scratch = mkdtempSync(join(tmpdir(), 'oci-bench-ext-'));
	try {
		// Packaging builds dist/ with --production: the extension host then runs what users get.
		const vsix = join(scratch, 'oci-restore.vsix');
		const pkg = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix, '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
		if (pkg.status !== 0) throw new Error('scripts/package.mjs failed');
		const { size, files } = JSON.parse(pkg.stdout) as { size: number; files: unknown[] };
		if (!existsSync(join(root, 'out', 'test', 'extension', 'host', 'bench.suite.js'))) {
			const b = spawnSync(process.execPath, [join(root, 'esbuild.mjs'), '--no-products', '--tests=extension/'], { cwd: root, stdio: 'inherit' });
			if (b.status !== 0) throw new Error('building the extension-host suites failed');
		}
		// Ours is installed from the .vsix like the trivial extensions (as users get it, and not the
		// repo's dist/, which any build rewrites); the extension under development that carries the
		// suites is a code-less one.
		const extensionsDir = installExtensions(scratch, vsix);
		// Each round: a window on a workspace without any config.json (nothing activates the extension
		// before the activation measure), then one on a workspace holding two bundles.
		const loadBefore = loadavg()[0];
		const session = await startHostSession({ workspaceFrom: workspaceCopy(scratch, 'template', false), extensionsDir, extensionPath: writeRunnerExtension(scratch) });
		const runs = Math.max(1, Number(process.env.OCI_BENCH_EXT_RUNS ?? 5));
		const samples: ColdSample[] = [];
		const normal: BundlesSample[] = [];
		const window = async <T>(grep: string, label: string, folder: string, extra: Record<string, unknown> = {}): Promise<T> => {
			const resultsFile = join(scratch, `results-${label}.json`);
			const r = await session.run(['bench'], { resultsFile, timeoutMs: 90_000, grep, ...extra }, label, folder);
			if (r.exitCode !== 0) throw new Error(`bench suite failed (${label}):\n${r.logs.join('\n')}`);
			return JSON.parse(readFileSync(resultsFile, 'utf8')) as T;
		};
		try {
			for (let i = 0; i < runs; i++) {
				// Alternate which extension activates first, so neither always pays a first-activation cost.
				const floorParams = { floorExtensionIds: FLOORS.map((f) => `${FLOOR_PUBLISHER}.${f.name}`), floorFirst: i % 2 === 1 };
				const c = await window<ColdSample>('cold', `bench-cold-${i}`, workspaceCopy(scratch, `cold-${i}`, false), floorParams);
				samples.push(c);
				console.log(`window ${i} without bundles: open+show ${c.coldOpenMs.toFixed(0)} ms; a created bundle config, server started for it: ${timelineLine(c.coldTimeline)}`);
				const n = await window<BundlesSample>('workspace with bundles', `bench-bundles-${i}`, workspaceCopy(scratch, `bundles-${i}`, true));
				normal.push(n);
				console.log(`window ${i} with bundles: open+show ${n.openMs.toFixed(0)} ms; first bundle config: ${timelineLine(n.timeline)}; second: ${timelineLine(n.warmTimeline)}`);
			}
		} finally {
			await session.dispose();
		}
		const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(', ');
		const load = `load average (1 min) ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${cpus().length} cores`;
		const act = samples.map((s) => s.activation.total);
		const floors = FLOORS.map((f) => {
			const id = `${FLOOR_PUBLISHER}.${f.name}`;
			const totals = samples.map((s) => s.floors[id].total);
			return `${f.name} ${median(totals).toFixed(0)} (${fmt(totals)})`;
		});
		const parts = samples.map((s) => `${s.activation.loadCode}+${s.activation.callActivate}`);
		const wall = samples.map((s) => s.activationWallMs);
		const first = normal.map((s) => s.firstDiagnosticsMs);
		const open = normal.map((s) => s.openMs);
		const warm = normal.map((s) => s.warmDiagnosticsMs);
		const phase = (pick: (t: BundlesSample['timeline']) => number): string => `${median(normal.map((s) => pick(s.timeline))).toFixed(0)}`;
		const cold = samples.map((s) => s.coldServerMs);
		const coldOpen = samples.map((s) => s.coldOpenMs);
		const coldPhase = (pick: (t: OpenTimeline) => number): string => `${median(samples.map((s) => pick(s.coldTimeline))).toFixed(0)}`;
		const out = {
			'ext.activation': measure(
				median(act),
				50,
				'ms',
				`median of ${runs} fresh extension hosts (${fmt(act)}; load code + call activate: ${parts.join(', ')}), as VS Code reports it; ` +
					`trivial extensions activated the same way (VS Code's floor), median (runs): ${floors.join('; ')}; ` +
					`ext.activate() seen from the extension host, VS Code's bookkeeping included: ${fmt(wall)}`,
			),
			'ext.firstDiagnostics': measure(
				median(first),
				300,
				'ms',
				`median of ${runs} windows (${fmt(first)}) on a workspace holding bundles, the extension activated by VS Code from the workspace contents ` +
					`and its language server started ahead, VS Code's JSON support activated ahead by it (ociRestore.lint.prepareJsonSupport), the host quiet; ` +
					`the first file the window opens is a bundle config: from the openTextDocument call until its diagnostics are visible to the extension API ` +
					`(onDidChangeDiagnostics), VS Code's first editor included. ` +
					`Median milestones from the call: VS Code loaded the document (onDidOpenTextDocument) ${phase((t) => t.hostOpen)}, ` +
					`openTextDocument resolved ${phase((t) => t.docResolved)}, server got didOpen ${phase((t) => t.serverOpen)}, lint done ${phase((t) => t.lintDone)}, ` +
					`published ${phase((t) => t.published)}, seen ${phase((t) => t.seen)}. The same open+show by VS Code alone (until showTextDocument resolves): ${fmt(open)}; ` +
					`a second bundle config, same window: ${fmt(warm)}; ${load}`,
			),
			'ext.firstDiagnosticsColdServer': measure(
				median(cold),
				300,
				'ms',
				`median of ${runs} windows (${fmt(cold)}): a bundle config created in a workspace that had none (no server running), opened in a window that ` +
					`already shows an unrelated JSON file (VS Code's first editor and JSON support paid): from the openTextDocument call until its diagnostics ` +
					`are visible to the extension API, our language server's start included. Median milestones from the call: VS Code loaded the document ` +
					`${coldPhase((t) => t.hostOpen)}, server process started ${coldPhase((t) => t.serverProcess)}, initialize ${coldPhase((t) => t.serverInitialize)}, ` +
					`server got didOpen ${coldPhase((t) => t.serverOpen)}, published ${coldPhase((t) => t.published)}, seen ${coldPhase((t) => t.seen)}; ` +
					`open+show by VS Code alone: ${fmt(coldOpen)}`,
			),
			'ext.vsixSize': measure(size, 2 * 1024 * 1024, 'bytes', `${files.length} files, linux-x64 (node-pty prebuilt included)`),
		};
		// The per-window numbers, for the console too: bench/results.json is shared by every module.
		for (const [name, m] of Object.entries(out)) console.log(`${name}: ${m.note}`);
		return out;
	} finally {
		rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
	}
}
