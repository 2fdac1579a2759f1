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
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
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
 * Packages the trivial extensions (no activation events: only the bench activates them) and installs
 * them with code-server's own installer into a fresh extensions dir, which is returned.
 */
function installFloorExtensions(scratch: string): string {
	const extensionsDir = join(scratch, 'extensions');
	const home = join(scratch, 'install-home');
	const env = { ...process.env, EXTENSIONS_GALLERY: '{}', XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache') };
	const vsce = join(repoRoot(), 'node_modules', '@vscode', 'vsce', 'vsce');
	for (const floor of FLOORS) {
		const dir = join(scratch, `floor-${floor.name}`);
		mkdirSync(dir, { recursive: true });
		const manifest = { name: floor.name, publisher: FLOOR_PUBLISHER, version: '0.0.1', license: 'MIT', engines: { vscode: '^1.91.0' }, main: './extension.js', activationEvents: [] };
		writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, '\t') + '\n');
		writeFileSync(join(dir, 'README.md'), `# ${floor.name}\n\nAn activation floor of the extension benchmark.\n`);
		writeFileSync(join(dir, 'extension.js'), floor.js);
		const vsix = join(scratch, `floor-${floor.name}.vsix`);
		const pack = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: dir, encoding: 'utf8', env: { ...process.env, VSCE_TELEMETRY: 'false' } });
		if (pack.status !== 0) throw new Error(`packaging the ${floor.name} extension failed:\n${pack.stdout}${pack.stderr}`);
		const args = [codeServerEntry(), '--user-data-dir', join(home, 'user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsix];
		const install = spawnSync(codeServerNode(), args, { env, encoding: 'utf8' });
		if (install.status !== 0) throw new Error(`installing the ${floor.name} extension failed:\n${install.stdout}${install.stderr}`);
	}
	return extensionsDir;
}

/** Extracts the vsix's `extension/` folder (stored or deflated entries, unix modes kept) into `dir`. */
function unpackVsix(vsix: string, dir: string): string {
	const buf = readFileSync(vsix);
	let eocd = buf.length - 22;
	while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
	if (eocd < 0) throw new Error(`${vsix} is not a zip file`);
	let p = buf.readUInt32LE(eocd + 16);
	for (let i = buf.readUInt16LE(eocd + 10); i > 0; i--) {
		const method = buf.readUInt16LE(p + 10);
		const compressed = buf.readUInt32LE(p + 20);
		const nameLen = buf.readUInt16LE(p + 28);
		const extraLen = buf.readUInt16LE(p + 30);
		const commentLen = buf.readUInt16LE(p + 32);
		const mode = buf.readUInt32LE(p + 38) >>> 16;
		const local = buf.readUInt32LE(p + 42);
		const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
		p += 46 + nameLen + extraLen + commentLen;
		if (!name.startsWith('extension/') || name.endsWith('/')) continue;
		const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		const data = buf.subarray(start, start + compressed);
		const out = join(dir, name.slice('extension/'.length));
		mkdirSync(dirname(out), { recursive: true });
		writeFileSync(out, method === 8 ? inflateRawSync(data) : data, { mode: mode & 0o777 || 0o644 });
	}
	return dir;
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
		// The windows run the packaged extension itself, not the repo's dist/ (which any build rewrites).
		const extensionPath = unpackVsix(vsix, join(scratch, 'extension'));
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
		const extensionsDir = installFloorExtensions(scratch);
		const session = await startHostSession({ workspaceFrom: empty, extensionsDir, extensionPath });
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
		return {
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
	} finally {
		rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
	}
}
