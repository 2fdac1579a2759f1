/**
 * Extension benchmarks (issue 4 §6), measured in the real VS Code (code-server):
 *   ext.activation       cold `activate()` in the extension host (module load + activate), ms
 *   ext.firstDiagnostics open a bundle config → its diagnostics shown, language server start included, ms
 *   ext.vsixSize         the packaged .vsix, bytes
 * No other tool does these jobs for OCI bundles, so each baseline is the goal (baselineName says so).
 * Needs code-server + Chromium (scripts/setup-vscode.sh); OCI_BENCH_EXT_RUNS windows (default 3), median.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostSession } from '../test/support/vscodeHost';
import { repoRoot, vscodeInstalled } from '../test/support/vscodePaths';
import { median, type Measure } from './_measure';


const GOAL_NAME = 'the goal (no other tool does this job)';


function measure(ours: number, goal: number, unit: string, note: string): Measure {
	return { ours, baseline: goal, unit, ratio: ours / goal, better: 'lower', baselineName: GOAL_NAME, goal, note };
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
		// A workspace without any config.json: nothing activates the extension before the measure.
		const empty = join(scratch, 'empty-workspace');
		mkdirSync(empty);
		writeFileSync(join(empty, 'README.md'), '# empty\n');
		const session = await startHostSession({ workspaceFrom: empty });
		const runs = Math.max(1, Number(process.env.OCI_BENCH_EXT_RUNS ?? 3));
		const samples: { activationMs: number; firstDiagnosticsMs: number; warmDiagnosticsMs: number }[] = [];
		try {
			for (let i = 0; i < runs; i++) {
				const resultsFile = join(scratch, `results-${i}.json`);
				const r = await session.run(['bench'], { resultsFile, timeoutMs: 90_000 }, `bench-${i}`);
				if (r.exitCode !== 0) throw new Error(`bench suite failed:\n${r.logs.join('\n')}`);
				samples.push(JSON.parse(readFileSync(resultsFile, 'utf8')));
			}
		} finally {
			await session.dispose();
		}
		const act = samples.map((s) => s.activationMs);
		const first = samples.map((s) => s.firstDiagnosticsMs);
		const warm = samples.map((s) => s.warmDiagnosticsMs);
		const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(1)).join(', ');
		return {
			'ext.activation': measure(median(act), 50, 'ms', `median of ${runs} fresh extension hosts (${fmt(act)}); ext.activate() from a workspace without bundles once the host is quiet, production build`),
			'ext.firstDiagnostics': measure(median(first), 300, 'ms', `median of ${runs} (${fmt(first)}): open a bundle config right after activation until its diagnostics arrive, language server start included; warm (server running): ${fmt(warm)} ms. Both include VS Code's own openTextDocument + showTextDocument, which alone takes 0.2–1.5 s on a loaded machine (the server's push follows the open by ~50 ms)`),
			'ext.vsixSize': measure(size, 2 * 1024 * 1024, 'bytes', `${files.length} files, linux-x64 (node-pty prebuilt included)`),
		};
	} finally {
		rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
	}
}
