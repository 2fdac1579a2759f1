// Runs every test tier in ONE `node --test` invocation, so the run ends with a single summary.
//   unit       test/unit/**       pure cores, plain Node
//   server     test/server/**     the language server over an in-process connection, the CLI
//   restore    test/restore/**    real runc + CRIU (root)
//   extension  test/extension/**  real VS Code (code-server + Chromium + playwright-core)
// `node test/run.mjs unit server` runs only the named tiers.
// Each tier's test files check their own prerequisites through test/support/requirements.ts:
// with CI=true a missing prerequisite FAILS the test; elsewhere it is reported as skipped with the
// command that installs it (`npm run setup`).
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

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
// Every container id a test makes (uniqueId in scripts/lib/bundle.mjs) carries this run's mark, so
// what the run left behind can be told from what other runs on the machine own.
const mark = `t${randomBytes(4).toString('hex')}`;
const r = spawnSync(
	process.execPath,
	['--enable-source-maps', '--test', '--test-reporter=spec', '--test-concurrency=1', ...extra, ...files],
	{ stdio: 'inherit', env: { ...process.env, OCI_RESTORE_TEST_RUN: mark } },
);
let status = r.status ?? 1;
if (process.geteuid?.() === 0 && files.some((f) => /[\\/](restore|extension)[\\/]/.test(f))) {
	// No test may leave a container, a runc state entry or a keeper behind: that is a product or
	// test bug (a restored container outliving its job), so the run fails and the leftovers go.
	let left = leftovers(mark);
	for (const end = Date.now() + 10_000; left.length && Date.now() < end; left = leftovers(mark)) spawnSync('sleep', ['0.2']);
	if (left.length) {
		console.error(`\nleft behind by this test run (mark ${mark}), now removed:`);
		for (const l of left) console.error(`  ${l}`);
		removeLeftovers(mark);
		status = status || 1;
	}
}
process.exit(status);

function runIdPattern(m) {
	return new RegExp(`[\\w.+-]*-${m}[0-9a-f]{12}`);
}

/** Processes in a container cgroup or with a command line naming an id of this run, and runc state entries. */
function leftovers(m) {
	const re = runIdPattern(m);
	const out = [];
	for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
		let cgroup = '';
		let cmdline = '';
		try {
			cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
			cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
		} catch {
			continue;
		}
		const hit = re.exec(cgroup) ?? re.exec(cmdline);
		if (hit) out.push(`pid ${pid} (${hit[0]}): ${cmdline.slice(0, 160)}`);
	}
	for (const id of existsSync('/run/runc') ? readdirSync('/run/runc') : []) if (re.test(id)) out.push(`runc state /run/runc/${id}`);
	return out;
}

function removeLeftovers(m) {
	const re = runIdPattern(m);
	for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
		try {
			const text = readFileSync(`/proc/${pid}/cgroup`, 'utf8') + readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (re.test(text)) process.kill(Number(pid), 'SIGKILL');
		} catch {
			// gone already
		}
	}
	for (const id of existsSync('/run/runc') ? readdirSync('/run/runc') : []) if (re.test(id)) spawnSync('runc', ['delete', '--force', id], { stdio: 'ignore' });
}
