// `npm run bench`: runs every bench module in out/bench/ (built from bench/*.ts), each exporting
//   async function run(): Promise<Record<string, Measure>>
// where Measure = { ours: number, baseline: number, unit: string, ratio: number, better: 'lower'|'higher',
//                   baselineName: string, goal?: number, note?: string }
// and writes them all to bench/results.json, printing one table. A module whose prerequisites are
// missing throws; its error is printed and the run exits non-zero after the others ran.
// `node bench/run.mjs lint` runs only bench/lint.ts (name filter).
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const filter = process.argv.slice(2);
const dir = resolve('out', 'bench');
const modules = existsSync(dir)
	? readdirSync(dir).filter((f) => f.endsWith('.js') && !f.startsWith('_')).filter((f) => !filter.length || filter.some((n) => f.startsWith(n)))
	: [];
const results = {};
let failed = 0;
for (const file of modules.sort()) {
	try {
		const mod = await import(join(dir, file));
		if (typeof mod.run !== 'function') continue;
		Object.assign(results, await mod.run());
	} catch (err) {
		failed++;
		console.error(`bench ${file}: ${err?.stack ?? err}`);
	}
}
writeFileSync(join('bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
const rows = Object.entries(results).map(([name, m]) => [
	name, fmt(m.ours), fmt(m.baseline), m.unit, m.ratio.toFixed(2) + '×', m.better, m.goal !== undefined ? String(m.goal) : '', m.baselineName ?? '',
]);
const head = ['measure', 'ours', 'baseline', 'unit', 'ratio', 'better', 'goal', 'baseline is'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(`\nwritten: bench/results.json (${rows.length} measures)`);
process.exitCode = failed ? 1 : 0;
function fmt(n) {
	return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}
