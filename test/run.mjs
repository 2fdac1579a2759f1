// Runs every test tier in ONE `node --test` invocation, so the run ends with a single summary.
//   unit       test/unit/**       pure cores, plain Node
//   server     test/server/**     the language server over an in-process connection, the CLI
//   restore    test/restore/**    real runc + CRIU (root)
//   extension  test/extension/**  real VS Code (code-server + Chromium + playwright-core)
// `node test/run.mjs unit server` runs only the named tiers.
// Each tier's test files check their own prerequisites through test/support/requirements.ts:
// with CI=true a missing prerequisite FAILS the test; elsewhere it is reported as skipped with the
// command that installs it (`npm run setup`).
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const tiers = ['unit', 'server', 'restore', 'extension'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const extra = process.argv.slice(2).filter((a) => a.startsWith('-'));
for (const t of wanted) {
	if (!tiers.includes(t)) {
		console.error(`unknown tier '${t}' (tiers: ${tiers.join(', ')})`);
		process.exit(2);
	}
}
function walk(dir, out = []) {
	if (!existsSync(dir)) return out;
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) walk(p, out);
		else if (p.endsWith('.test.js')) out.push(p);
	}
	return out;
}
const files = (wanted.length ? wanted : tiers).flatMap((t) => walk(join('out', 'test', t)));
if (files.length === 0) {
	console.error('no test files found under out/test (run `node esbuild.mjs --tests` first)');
	process.exit(1);
}
const r = spawnSync(
	process.execPath,
	['--enable-source-maps', '--test', '--test-reporter=spec', '--test-concurrency=1', ...extra, ...files],
	{ stdio: 'inherit' },
);
process.exit(r.status ?? 1);
