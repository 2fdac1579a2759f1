/**
 * Lint benchmark (`npm run bench`, or `node esbuild.mjs --bench && node bench/run.mjs lint`).
 * Warm lint (parse + schema + semantic rules) against what VS Code itself does for a JSON file with
 * a schema: vscode-json-languageservice parse + doValidation with the OFFICIAL runtime-spec schema of
 * the matching release (read from ../shared/corpus/runtime-spec-schema). Also the 10 MiB lint against
 * a bare JSON.parse (the physical limit), and a cold `oci-restore lint` against `node -e 0`.
 * Before timing, it checks that we report every error VS Code reports on a broken config.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { LanguageService } from 'vscode-json-languageservice';
import { lintText } from '../server/src/lint';
import { median, type Measure } from './_measure';


const repo = resolve(__dirname, '..', '..');
const corpus = resolve(repo, '..', 'shared', 'corpus');
const schemaRoot = join(corpus, 'runtime-spec-schema');
// Loaded by node, not bundled: the package's UMD build defeats esbuild's static require analysis.
const jsonls = createRequire(join(repo, 'package.json'))('vscode-json-languageservice') as typeof import('vscode-json-languageservice');
const { getLanguageService, TextDocument, DiagnosticSeverity } = jsonls;

/** The corpus directory of the official schema release matching an ociVersion. */
function releaseDir(ociVersion: string): string {
	const [major, minor, patch] = ociVersion.replace(/-.*/, '').split('.').map(Number);
	const candidates = [`v${major}.${minor}.${patch}`, `v${major}.${minor}.0`];
	for (const c of candidates) if (existsSync(join(schemaRoot, c, 'config-schema.json'))) return join(schemaRoot, c);
	throw new Error(`no official schema for ociVersion ${ociVersion} under ${schemaRoot}`);
}

/** VS Code's JSON engine configured with the official schema of one release, as a `jsonValidation` contribution would. */
function vscodeJson(ociVersion: string): LanguageService {
	const dir = releaseDir(ociVersion);
	const service = getLanguageService({
		schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf8'),
		workspaceContext: { resolveRelativePath: (rel, base) => new URL(rel, base).href },
	});
	service.configure({ validate: true, allowComments: false, schemas: [{ uri: pathToFileURL(join(dir, 'config-schema.json')).href, fileMatch: ['*.json'] }] });
	return service;
}

async function vscodeValidate(service: LanguageService, text: string) {
	const doc = TextDocument.create('file:///bench/config.json', 'json', 1, text);
	const json = service.parseJSONDocument(doc);
	// VS Code shows schema problems as warnings by default; graded as errors they are comparable with ours.
	return service.doValidation(doc, json, { comments: 'error', trailingCommas: 'error', schemaValidation: 'error', schemaRequest: 'error' });
}


/** Runs `fn` `n` times (awaiting only results that are promises); mean ms per call. */
async function batch(fn: () => unknown, n: number): Promise<number> {
	const t = process.hrtime.bigint();
	for (let i = 0; i < n; i++) {
		const r = fn();
		if (r instanceof Promise) await r;
	}
	return Number(process.hrtime.bigint() - t) / 1e6 / n;
}

/**
 * Calls per batch so that one batch takes about `ms`, from the fastest of a few trial batches (a
 * trial that the machine's load stretched must not shrink the batches).
 */
async function batchSize(fn: () => unknown, ms: number, fastestCall: number): Promise<number> {
	let per = fastestCall;
	for (let i = 0; i < 3; i++) per = Math.min(per, await batch(fn, Math.max(1, Math.ceil(ms / per))));
	return Math.max(1, Math.round(ms / per));
}

/**
 * Medians of two contenders timed alternately (ours, theirs, ours, …) after a warm-up, so a load
 * change on the machine affects both sides alike. Each sample is the mean of a batch of calls
 * sized to about `batchMs` per side: one sub-millisecond call per sample would mostly time the
 * timer, the microtask queue and the other side's left-overs (its garbage collected, its caches
 * evicted), not the work. Those left-overs cost a few milliseconds per switch, so batches of
 * 10 ms still charged them visibly to whichever side ran second; at 50 ms they are noise.
 */
const batchMs = 50;

async function timePair(ours: () => unknown, theirs: () => unknown, runs: number, warmup: number): Promise<[number, number]> {
	let oneOurs = Infinity;
	let oneTheirs = Infinity;
	for (let i = 0; i < warmup; i++) {
		oneOurs = Math.min(oneOurs, await batch(ours, 1));
		oneTheirs = Math.min(oneTheirs, await batch(theirs, 1));
	}
	// Calls that always take `batchMs` on their own need no batching (and no calibration calls).
	const nOurs = oneOurs >= batchMs ? 1 : await batchSize(ours, batchMs, oneOurs);
	const nTheirs = oneTheirs >= batchMs ? 1 : await batchSize(theirs, batchMs, oneTheirs);
	const a: number[] = [];
	const b: number[] = [];
	for (let i = 0; i < runs; i++) {
		a.push(await batch(ours, nOurs));
		b.push(await batch(theirs, nTheirs));
	}
	return [median(a), median(b)];
}

function measure(ours: number, baseline: number, baselineName: string, goal: number, note?: string): Measure {
	return { ours, baseline, unit: 'ms', ratio: ours / baseline, better: 'lower', baselineName, goal, note };
}

/** `runc spec`'s config (2.5 KB) from the test fixtures. */
function small(): string {
	return readFileSync(join(repo, 'test', 'fixtures', 'lint', 'runc-spec.json'), 'utf8');
}

/** A valid config of about `bytes` (within 0.1%): runc spec's, grown with mounts, env entries and annotations. */
export function generated(bytes: number): string {
	const grow = (count: number): string => {
		const c = JSON.parse(small());
		c.process.capabilities.inheritable = [...c.process.capabilities.ambient];
		c.annotations ??= {};
		for (let i = 0; i < count; i++) {
			c.mounts.push({ destination: `/data/vol${i}`, type: 'bind', source: `/srv/volumes/vol${i}`, options: ['rbind', 'ro', 'nosuid', 'nodev'] });
			c.process.env.push(`APP_SETTING_${i}=value-${i}-${'x'.repeat(24)}`);
			c.annotations[`com.example.bench.key${i}`] = `annotation value number ${i}`;
		}
		return JSON.stringify(c, null, '\t');
	};
	// Items grow as their numbers get more digits: estimate, then correct once with the real size.
	const base = grow(0).length;
	const first = Math.max(1, Math.round((bytes - base) / ((grow(1000).length - base) / 1000)));
	const firstSize = grow(first).length;
	return grow(Math.max(0, Math.round((first * (bytes - base)) / (firstSize - base))));
}

/**
 * Every error VS Code's engine reports on a config with schema errors must be one of ours too (throws
 * otherwise). With a syntax error as well, VS Code recovers and goes on validating; what we miss
 * there is returned as a note instead of failing the bench.
 */
async function assertSuperset(): Promise<string | undefined> {
	const c = JSON.parse(small());
	c.process.cwd = 42;
	c.process.user.uid = -1;
	c.linux.namespaces.push({ type: 'bogus' });
	c.mounts[0].options = 'ro';
	c.root.readonly = 'yes';
	delete c.process.args;
	const schemaBroken = JSON.stringify(c, null, '\t');
	// A syntax error too: VS Code then still validates what it could parse.
	const syntaxBroken = schemaBroken.replace('"hostname"', '"hostname" "oops"');
	const strict = await missedErrors(schemaBroken, c.ociVersion);
	if (strict.missed.length) {
		throw new Error(`superset check: we miss ${strict.missed.length} of VS Code's ${strict.theirs} errors: ${JSON.stringify(strict.missed)}`);
	}
	const recovering = await missedErrors(syntaxBroken, c.ociVersion);
	return recovering.missed.length
		? `with a syntax error too, we report ${recovering.theirs - recovering.missed.length} of VS Code's ${recovering.theirs} errors (missed: ${recovering.missed.map((m) => m.message).join('; ')})`
		: undefined;
}

async function missedErrors(text: string, ociVersion: string): Promise<{ theirs: number; missed: { message: string; line: number }[] }> {
	const theirs = (await vscodeValidate(vscodeJson(ociVersion), text)).filter((d) => d.severity === DiagnosticSeverity.Error);
	const ours = lintText(text).diagnostics.filter((d) => d.severity === 'error');
	if (theirs.length < 2) throw new Error(`superset check: VS Code reported ${theirs.length} errors on a broken config (schema not loaded?)`);
	const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
	// Same error: overlapping ranges, or (syntax errors, whose parsers recover differently) the same line.
	const missed = theirs.filter(
		(t) => !ours.some((o) => (before(o.range.start, t.range.end) && before(t.range.start, o.range.end)) || o.range.start.line === t.range.start.line),
	);
	return { theirs: theirs.length, missed: missed.map((m) => ({ message: typeof m.message === 'string' ? m.message : m.message.value, line: m.range.start.line + 1 })) };
}

function spawnMedian(args: string[], runs: number, env?: NodeJS.ProcessEnv): number {
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = process.hrtime.bigint();
		const r = spawnSync(process.execPath, args, { stdio: 'ignore', env });
		samples.push(Number(process.hrtime.bigint() - t) / 1e6);
		if (r.status === null || r.status > 1) throw new Error(`node ${args.join(' ')} exited with ${r.status ?? r.signal}`);
	}
	return median(samples);
}

export async function run(): Promise<Record<string, Measure>> {
	if (!existsSync(schemaRoot)) throw new Error(`the corpus is missing: ${schemaRoot} (CI puts shared/ beside the clone)`);
	const supersetNote = await assertSuperset();
	const results: Record<string, Measure> = {};

	const cases: [string, string, number, number][] = [
		['lint.small', small(), 41, 50],
		['lint.1mib', generated(1 << 20), 15, 3],
		['lint.10mib', generated(10 << 20), 3, 1],
	];
	for (const [name, text, runs, warmup] of cases) {
		const ociVersion = (JSON.parse(text) as { ociVersion: string }).ociVersion;
		const service = vscodeJson(ociVersion);
		const [ours, theirs] = await timePair(() => lintText(text), () => vscodeValidate(service, text), runs, warmup);
		const note = [`${(text.length / 1024).toFixed(0)} KiB`, name === 'lint.small' ? supersetNote : undefined].filter(Boolean).join('; ');
		results[name] = measure(ours, theirs, `vscode-json-languageservice parse + doValidation, official ${releaseDir(ociVersion).split(/[\\/]/).pop()} schema`, 0.2, note);
		if (name === 'lint.10mib') {
			// Both sides are fast enough for more samples than the VS Code comparison affords.
			const [lint, parse] = await timePair(() => lintText(text), () => JSON.parse(text), 9, 2);
			results['lint.parseLimit'] = measure(lint, parse, 'JSON.parse of the same 10 MiB text', 2);
		}
	}

	// What a user runs: the package's `oci-restore` bin.
	const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { bin: Record<string, string> };
	const cli = join(repo, pkg.bin['oci-restore']);
	if (!existsSync(cli)) throw new Error(`${pkg.bin['oci-restore']} is missing: run \`node esbuild.mjs\` first`);
	const dir = mkdtempSync(join(tmpdir(), 'oci-bench-'));
	try {
		const file = join(dir, 'small.json');
		writeFileSync(file, small());
		spawnMedian(['-e', '0'], 3);
		spawnMedian([cli, 'lint', file], 3);
		// Interleaved so that machine load affects both sides alike.
		const node: number[] = [];
		const ours: number[] = [];
		const first: number[] = [];
		for (let i = 0; i < 21; i++) {
			node.push(spawnMedian(['-e', '0'], 1));
			ours.push(spawnMedian([cli, 'lint', file], 1));
			// The very first run on a machine: an empty cache directory, so no V8 code cache yet.
			first.push(spawnMedian([cli, 'lint', file], 1, { ...process.env, XDG_CACHE_HOME: mkdtempSync(join(dir, 'cache-')) }));
		}
		results['lint.cold'] = measure(median(ours), median(node), 'node -e 0 (process start)', 1.3, `first run without a code cache: ${(median(first) / median(node)).toFixed(2)}x`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	return results;
}
