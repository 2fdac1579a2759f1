// `npm run bench`: runs every bench module in out/bench/ (built from bench/*.ts), each exporting
//   async function run(): Promise<Record<string, Measure>>
// where Measure = { ours: number, baseline: number, unit: string, ratio: number, better: 'lower'|'higher',
//                   baselineName: string, goal?: number, note?: string }
// and writes them all to bench/results.json (each measure also names its `module`), printing one table. A module whose prerequisites are
// missing throws; its error is printed and the run exits non-zero after the others ran.
// `node bench/run.mjs lint` runs only bench/lint.ts (name filter).
//
// Each module runs in a fresh Node process of its own (`node bench/run.mjs --module FILE`): a module
// then never measures in a heap, JIT state or GC history left behind by the modules before it (the
// 10 MiB lint texts made the restore stream client 40% slower when both shared one process).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = resolve('out', 'bench');

if (process.argv[2] === '--module') {
	// Child: run one module, hand its measures to the parent on fd 3 (stdout stays the module's log).
	const mod = await import(pathToFileURL(join(dir, process.argv[3])).href);
	const measures = typeof mod.run === 'function' ? await mod.run() : {};
	const { createWriteStream } = await import('node:fs');
	const out = createWriteStream('', { fd: 3 });
	await new Promise((res, rej) => out.end(JSON.stringify(measures), (err) => (err ? rej(err) : res())));
	process.exit(0);
}

const filter = process.argv.slice(2);
const modules = existsSync(dir)
	? readdirSync(dir).filter((f) => f.endsWith('.js') && !f.startsWith('_')).filter((f) => !filter.length || filter.some((n) => f.startsWith(n)))
	: [];
// A filtered run replaces only its own modules' measures in bench/results.json.
const resultsPath = join('bench', 'results.json');
const results = filter.length && existsSync(resultsPath) ? previousResults(modules) : {};
let failed = 0;
for (const file of modules.sort()) {
	try {
		for (const [name, m] of Object.entries(await runModule(file))) results[name] = { ...m, module: file };
	} catch (err) {
		failed++;
		console.error(`bench ${file}: ${err?.message ?? err}`);
	}
}
writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');
const rows = Object.entries(results).map(([name, m]) => [
	name, fmt(m.ours), fmt(m.baseline), m.unit, m.ratio.toFixed(2) + '×', m.better, m.goal !== undefined ? String(m.goal) : '', m.baselineName ?? '',
]);
const head = ['measure', 'ours', 'baseline', 'unit', 'ratio', 'better', 'goal', 'baseline is'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(`\nwritten: bench/results.json (${rows.length} measures)`);
process.exitCode = failed ? 1 : 0;

function runModule(file) {
	return new Promise((res, rej) => {
		const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--module', file], { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] });
		const chunks = [];
		child.stdio[3].on('data', (d) => chunks.push(d));
		child.once('error', rej);
		child.once('close', (code, signal) => {
			if (code !== 0) return rej(new Error(`exited ${signal ?? code} (its error is printed above)`));
			try {
				res(JSON.parse(Buffer.concat(chunks).toString('utf8')));
			} catch (err) {
				rej(new Error(`sent no measures: ${err.message}`));
			}
		});
	});
}

/** The measures of the last run, without those of the modules about to run again. */
function previousResults(running) {
	try {
		const prev = JSON.parse(readFileSync(resultsPath, 'utf8'));
		return Object.fromEntries(Object.entries(prev).filter(([, m]) => !running.includes(m.module)));
	} catch {
		return {};
	}
}

function fmt(n) {
	return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}
