/**
 * `npm run package` (scripts/package.mjs): the .vsix holds what the extension needs at run time on
 * linux-x64 and nothing else, and stays under the 2 MB goal. (vsce runs the production build.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/vscodePaths';

test('npm run package: a linux-x64 .vsix with the bundles, node-pty, grammars, resources and manifest', () => {
	const root = repoRoot();
	const dir = mkdtempSync(join(tmpdir(), 'oci-vsix-'));
	try {
		const out = join(dir, 'x.vsix');
		const r = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', out, '--json'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
		assert.equal(r.status, 0, `package.mjs failed:\n${r.stderr}`);
		const { path, size, files } = JSON.parse(r.stdout) as { path: string; size: number; files: { name: string; size: number }[] };
		assert.equal(path, out);
		const names = files.map((f) => f.name);
		for (const must of ['extension/package.json', 'extension/readme.md', 'extension/dist/extension.js', 'extension/dist/languageClient.js', 'extension/dist/features.js', 'extension/dist/server.js', 'extension/dist/serverMain.js', 'extension/dist/cli.js', 'extension/node_modules/@lydell/node-pty/package.json', 'extension/node_modules/@lydell/node-pty-linux-x64/pty.node']) {
			assert.ok(names.includes(must), `${must} is packaged`);
		}
		assert.ok(names.some((n) => n.startsWith('extension/syntaxes/')), 'grammars are packaged');
		const unwanted = names.filter((n) => /\.(ts|map)$/.test(n) && !n.endsWith('.d.ts') || /^extension\/(src|test|server|extension|bench|scripts|out|node_modules\/(?!@lydell\/node-pty))/.test(n));
		assert.deepEqual(unwanted, [], 'no sources, tests, maps or other dependencies');
		assert.ok(size < 2 * 1024 * 1024, `size ${size} bytes is under the 2 MB goal`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
