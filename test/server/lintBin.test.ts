import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanSpec, repoRoot, tmpBundle, type TmpBundle } from './tmpBundle';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const bin = join(repoRoot, pkg.bin['oci-restore']);
const cli = join(repoRoot, 'dist', 'cli.js');

interface Run {
	status: number | null;
	stdout: string;
	stderr: string;
}

function run(entry: string, args: string[], cacheHome: string): Run {
	const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the package bin (lint from the lint-only bundle, the rest from dist/cli.js)', () => {
	let bad: TmpBundle;
	let cacheHome: string;
	before(() => {
		assert.ok(existsSync(bin) && existsSync(cli), `${pkg.bin['oci-restore']} and dist/cli.js are built (node esbuild.mjs)`);
		bad = tmpBundle();
		const c = cleanSpec();
		c.process.cwd = 'work';
		c.process.capabilities.bounding.push('CAP_NET_RAW', 'CAP_NET_RAW');
		bad.write(c);
		cacheHome = mkdtempSync(join(tmpdir(), 'oci-cache-'));
	});
	after(() => {
		bad.remove();
		rmSync(cacheHome, { recursive: true, force: true });
	});

	test('lint prints and exits exactly as dist/cli.js lint does', () => {
		for (const args of [[bad.config], ['--format', 'json', bad.config], ['--format', 'sarif', bad.dir], ['--help'], ['--format', 'yaml', bad.config], [join(bad.dir, 'missing.json')]]) {
			const ours = run(bin, ['lint', ...args], cacheHome);
			const full = run(cli, ['lint', ...args], cacheHome);
			assert.deepEqual(ours, full, args.join(' '));
		}
		const r = run(bin, ['lint', '--format', 'json', bad.config], cacheHome);
		assert.equal(r.status, 1);
		const codes = (JSON.parse(r.stdout) as { files: { diagnostics: { code: string }[] }[] }).files[0].diagnostics.map((d) => d.code);
		assert.ok(codes.includes('process-cwd-absolute') && codes.includes('capability-duplicate'), codes.join(', '));
	});

	test('other commands run from dist/cli.js', () => {
		assert.deepEqual(run(bin, ['--version'], cacheHome), run(cli, ['--version'], cacheHome));
		assert.deepEqual(run(bin, ['preflight', '--help'], cacheHome), run(cli, ['preflight', '--help'], cacheHome));
		const unknown = run(bin, ['frobnicate'], cacheHome);
		assert.equal(unknown.status, 2);
		assert.match(unknown.stderr, /unknown command 'frobnicate'/);
	});

	test('the code cache is private to the user, reused, and ignored when others can write it', () => {
		const home = mkdtempSync(join(cacheHome, 'h-'));
		const dir = join(home, 'oci-restore');
		const first = run(bin, ['lint', bad.config], home);
		assert.equal(first.status, 1);
		const files = readdirSync(dir);
		assert.equal(files.length, 1, files.join(', '));
		const cache = join(dir, files[0]);
		assert.equal(statSync(dir).mode & 0o777, 0o700);
		assert.equal(statSync(cache).mode & 0o777, 0o600);
		const written = statSync(cache).mtimeMs;
		assert.deepEqual(run(bin, ['lint', bad.config], home), first, 'same result from the cached code');
		assert.equal(statSync(cache).mtimeMs, written, 'an accepted cache is not rewritten');

		// Bytes someone else could have written are never loaded: the cache is rewritten instead.
		writeFileSync(cache, 'not a code cache');
		chmodSync(cache, 0o666);
		assert.deepEqual(run(bin, ['lint', bad.config], home), first);
		assert.equal(statSync(cache).mode & 0o777, 0o600);
		assert.notEqual(readFileSync(cache, 'utf8'), 'not a code cache');

		// A cache base that belongs to someone else (root run with a user's HOME) is left alone.
		if (process.getuid?.() === 0) {
			const other = mkdtempSync(join(cacheHome, 'o-'));
			chownSync(other, 65534, 65534);
			assert.deepEqual(run(bin, ['lint', bad.config], other), first);
			assert.deepEqual(readdirSync(other), []);
		}

		// A cache directory others can write is not used at all.
		chmodSync(dir, 0o777);
		rmSync(cache);
		assert.deepEqual(run(bin, ['lint', bad.config], home), first);
		assert.deepEqual(readdirSync(dir), []);
	});
});
