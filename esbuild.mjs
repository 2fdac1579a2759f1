// One build script, one entry point per process:
//   dist/extension.js  the VS Code extension (with dist/languageClient.js and dist/features.js, loaded on
//                      first use: the only bundles importing `vscode`)
//   dist/server.js     the language server (loads dist/serverMain.js with a V8 code cache)
//   dist/cli.js        the `oci-restore` CLI (lint, restore, checkpoint, preflight, helper --stdio): a small
//                      entry holding the CLI bundle (server/src/cliMain.ts) as a string it compiles with a
//                      V8 code cache when it may (one file: it is also the helper the sudo rules name)
//   dist/bin.js        the package's `oci-restore` bin: lint from dist/cliLint.js, the rest from dist/cli.js
// Flags:
//   --production        minify, no source maps (packaging)
//   --tests[=SUBSTR]    also every test/**/*.ts (but fixtures) into out/test/, mirroring the tree;
//                       with SUBSTR only the test files whose path contains it (support files always)
//   --bench             also bench/*.ts into out/bench/
//   --no-products       skip dist/ (with --tests or --bench)
// Each output is built on its own, so one broken entry does not hide the others' errors.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, chmodSync, existsSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { generateValidators } from './scripts/generateValidators.mjs';

const argv = process.argv.slice(2);
const production = argv.includes('--production');
const testsArg = argv.find((a) => a === '--tests' || a.startsWith('--tests='));
const testFilter = testsArg?.includes('=') ? testsArg.slice('--tests='.length) : '';

/** Native or host-provided modules are never bundled. */
const external = ['vscode', '@lydell/node-pty', 'playwright-core', 'fsevents'];

const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	sourcemap: !production,
	sourcesContent: false,
	minify: production,
	logLevel: 'warning',
	external,
	loader: { '.json': 'json' },
};

function walk(dir, pred, out = []) {
	if (!existsSync(dir)) return out;
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) walk(p, pred, out);
		else if (pred(p)) out.push(p);
	}
	return out;
}

let failed = 0;

// Generated sources first: our schema compiled by ajv into standalone validators (git-ignored,
// rewritten only when stale), which the server, CLI and tests bundle.
try {
	await generateValidators();
} catch (err) {
	failed++;
	console.error(`generating the schema validators failed: ${err?.stack ?? err}`);
}

async function build(label, options) {
	try {
		await esbuild.build(options);
	} catch {
		failed++;
		console.error(`build failed: ${label}`);
	}
}

/** A bundle's JavaScript as text (not written), or null when it does not build. */
async function bundleText(entry, minify) {
	try {
		const r = await esbuild.build({ ...common, entryPoints: [entry], outdir: 'dist', write: false, sourcemap: false, minify });
		return r.outputFiles.find((f) => f.path.endsWith('.js')).text;
	} catch {
		failed++;
		console.error(`build failed: ${entry}`);
		return null;
	}
}

if (!argv.includes('--no-products')) {
	const products = [
		{ in: 'extension/src/extension.ts', out: 'extension' },
		// vscode-languageclient, loaded by the extension only when the client starts (fast activation).
		{ in: 'extension/src/languageClient.ts', out: 'languageClient' },
		// The restore, containers, task and CRIU log code, also loaded on first use.
		{ in: 'extension/src/features.ts', out: 'features' },
		// The language server: a small entry that loads serverMain.js with a V8 code cache (always
		// minified: a cold start mostly compiles).
		{ in: 'server/src/server.ts', out: 'server' },
		{ in: 'server/src/serverMain.ts', out: 'serverMain', minify: true },
		// The CLI and helper: always minified. Node compiles all of cli.js, the CLI's text included,
		// before its code cache can help: half the text is scanned in half the time (and without a
		// cache, as a user or on a first run, it also compiles faster).
		{ in: 'server/src/cli.ts', out: 'cli', main: 'server/src/cliMain.ts', minify: true },
		// The package's bin: `lint` from the lint-only bundle (always minified: a cold lint mostly
		// compiles), every other command from dist/cli.js.
		{ in: 'server/src/bin.ts', out: 'bin' },
		{ in: 'server/src/cliLint.ts', out: 'cliLint', minify: true },
	];
	const runnable = ['cli', 'bin'];
	for (const entry of products.filter((e) => existsSync(e.in))) {
		// `main`: that bundle's text becomes the string CLI_MAIN_SOURCE inside the entry (server/src/cli.ts).
		const main = entry.main && (await bundleText(entry.main, production || entry.minify === true));
		if (main === null) continue;
		await build(entry.in, {
			...common,
			entryPoints: [{ in: entry.in, out: entry.out }],
			outdir: 'dist',
			minify: production || entry.minify === true,
			define: main ? { CLI_MAIN_SOURCE: JSON.stringify(main) } : undefined,
			// The CLI and the bin are run directly.
			banner: runnable.includes(entry.out) ? { js: '#!/usr/bin/env node' } : undefined,
		});
	}
	for (const name of runnable) if (existsSync(`dist/${name}.js`)) chmodSync(`dist/${name}.js`, 0o755);
}

if (testsArg) {
	const fixtures = join('test', 'fixtures') + sep;
	const entries = walk('test', (p) => p.endsWith('.ts') && !p.startsWith(fixtures))
		.filter((p) => !testFilter || !p.endsWith('.test.ts') || p.includes(testFilter));
	for (const entry of entries) {
		await build(entry, {
			...common,
			entryPoints: [entry],
			outdir: join('out', 'test', entry.slice('test/'.length).split(sep).slice(0, -1).join(sep)),
			minify: false,
			sourcemap: true,
		});
	}
	// A test whose source was deleted or renamed must not keep running from an old build.
	for (const built of walk(join('out', 'test'), (p) => p.endsWith('.test.js'))) {
		const source = join('test', built.slice(join('out', 'test').length + 1)).replace(/\.js$/, '.ts');
		if (!existsSync(source)) for (const f of [built, `${built}.map`]) rmSync(f, { force: true });
	}
}

if (argv.includes('--bench')) {
	for (const entry of walk('bench', (p) => p.endsWith('.ts'))) {
		await build(entry, { ...common, entryPoints: [entry], outdir: join('out', 'bench'), minify: false });
	}
}

process.exitCode = failed ? 1 : 0;
