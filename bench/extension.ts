/**
 * Extension benchmarks (issue 4 §6), measured in the real VS Code (code-server):
 *   ext.activation       activation as VS Code reports it (Show Running Extensions / Developer: Startup
 *                        Performance: the extension host's codeLoadingTime + activateCallTime), ms,
 *                        cold, production build, from a workspace without bundles once the host is
 *                        quiet; trivial extensions activated the same way give VS Code's own floor
 *   ext.firstDiagnostics open a bundle config → its diagnostics shown, language server start included,
 *                        in a window that has already opened an unrelated JSON file (VS Code's
 *                        one-time costs of a first editor and of starting its JSON support are not
 *                        ours), ms
 *   ext.vsixSize         the packaged .vsix, bytes
 * No other tool does these jobs for OCI bundles, so each baseline is the goal (baselineName says so).
 * Needs code-server + Chromium (scripts/setup-vscode.sh); OCI_BENCH_EXT_RUNS windows (default 5), median.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostSession } from '../test/support/vscodeHost';
import { codeServerEntry, codeServerNode, repoRoot, vscodeInstalled } from '../test/support/vscodePaths';
import { median, type Measure } from './_measure';


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

interface ActivationTimes {
	loadCode: number;
	callActivate: number;
	finishActivate: number;
	total: number;
}

/** What test/extension/host/bench.suite.ts writes per window. */
interface Sample {
	activation: ActivationTimes;
	floors: Record<string, ActivationTimes & { wallMs: number }>;
	activationWallMs: number;
	openMs: number;
	firstDiagnosticsMs: number;
	warmDiagnosticsMs: number;
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
		// A workspace without any config.json (nothing activates the extension before the measure), with
		// an unrelated JSON file to open first.
		const empty = join(scratch, 'empty-workspace');
		mkdirSync(empty);
		writeFileSync(join(empty, 'README.md'), '# empty\n');
		writeFileSync(join(empty, 'data.json'), '{ "unrelated": true }\n');
		// Ours is installed from the .vsix like the trivial extensions (as users get it, and not the
		// repo's dist/, which any build rewrites); the extension under development that carries the
		// suites is a code-less one.
		const extensionsDir = installExtensions(scratch, vsix);
		const session = await startHostSession({ workspaceFrom: empty, extensionsDir, extensionPath: writeRunnerExtension(scratch) });
		const runs = Math.max(1, Number(process.env.OCI_BENCH_EXT_RUNS ?? 5));
		const samples: Sample[] = [];
		try {
			for (let i = 0; i < runs; i++) {
				const resultsFile = join(scratch, `results-${i}.json`);
				// Alternate which extension activates first, so neither always pays a first-activation cost.
				const params = { resultsFile, timeoutMs: 90_000, floorExtensionIds: FLOORS.map((f) => `${FLOOR_PUBLISHER}.${f.name}`), floorFirst: i % 2 === 1 };
				const r = await session.run(['bench'], params, `bench-${i}`);
				if (r.exitCode !== 0) throw new Error(`bench suite failed:\n${r.logs.join('\n')}`);
				samples.push(JSON.parse(readFileSync(resultsFile, 'utf8')));
			}
		} finally {
			await session.dispose();
		}
		const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(', ');
		const act = samples.map((s) => s.activation.total);
		const floors = FLOORS.map((f) => {
			const id = `${FLOOR_PUBLISHER}.${f.name}`;
			const totals = samples.map((s) => s.floors[id].total);
			return `${f.name} ${median(totals).toFixed(0)} (${fmt(totals)})`;
		});
		const parts = samples.map((s) => `${s.activation.loadCode}+${s.activation.callActivate}`);
		const wall = samples.map((s) => s.activationWallMs);
		const first = samples.map((s) => s.firstDiagnosticsMs);
		const open = samples.map((s) => s.openMs);
		const warm = samples.map((s) => s.warmDiagnosticsMs);
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
				`median of ${runs} (${fmt(first)}): open a bundle config in a window that already opened an unrelated JSON file, until its diagnostics arrive, ` +
					`language server start included; VS Code's openTextDocument + showTextDocument alone: ${fmt(open)}; a second bundle config (server running): ${fmt(warm)}`,
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
