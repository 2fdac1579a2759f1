// One build script, one entry point per process:
//   dist/extension.js  the VS Code extension (the only bundle that imports `vscode`)
//   dist/server.js     the language server
//   dist/cli.js        the `oci-restore` CLI (lint, restore, checkpoint, preflight, helper --stdio)
// With --tests: every test/**/*.test.ts (and test support files) into out/test/, mirroring the tree.
// With --bench: bench/*.ts into out/bench/.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

/** Native or host-provided modules never bundled. */
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
	// JSON schemas and grammars are imported as modules.
	loader: { '.json': 'json' },
};

function walk(dir, pred, out = []) {
	if (!existsSync(dir)) return out;
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) walk(p, pred, out);
		else if (pred(p)) out.push(p);
	}
	return out;
}

const products = [
	{ in: 'extension/src/extension.ts', out: 'extension' },
	{ in: 'server/src/server.ts', out: 'server' },
	{ in: 'server/src/cli.ts', out: 'cli' },
].filter((e) => existsSync(e.in));

for (const entry of products) {
	await esbuild.build({
		...common,
		entryPoints: [entry],
		outdir: 'dist',
		// The CLI is the package's bin and is run directly.
		banner: entry.out === 'cli' ? { js: '#!/usr/bin/env node' } : undefined,
	});
}
if (existsSync('dist/cli.js')) {
	// The CLI is the package's bin: give it a shebang-compatible mode.
	chmodSync('dist/cli.js', 0o755);
}

if (args.has('--tests')) {
	const entries = walk('test', (p) => /\.ts$/.test(p) && !p.includes(`${join('test', 'fixtures')}`));
	await esbuild.build({
		...common,
		entryPoints: entries,
		outdir: 'out/test',
		outbase: 'test',
		minify: false,
		sourcemap: true,
	});
}
if (args.has('--bench')) {
	const entries = walk('bench', (p) => /\.ts$/.test(p));
	if (entries.length) {
		await esbuild.build({ ...common, entryPoints: entries, outdir: 'out/bench', outbase: 'bench', minify: false });
	}
}
