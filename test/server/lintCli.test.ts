import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanSpec, positionOf, repoRoot, tmpBundle, type TmpBundle } from './tmpBundle';

const cli = join(repoRoot, 'dist', 'cli.js');

interface Run {
	status: number | null;
	stdout: string;
	stderr: string;
}

function lint(args: string[], cwd = repoRoot): Run {
	const r = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd, encoding: 'utf8' });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOutput {
	files: { path: string; diagnostics: { severity: string; code: string; message: string; pointer: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] }[];
}

describe('oci-restore lint', () => {
	let bad: TmpBundle;
	let good: TmpBundle;
	let badText: string;
	before(() => {
		assert.ok(existsSync(cli), 'dist/cli.js is built (node esbuild.mjs)');
		bad = tmpBundle();
		const c = cleanSpec();
		c.process.cwd = 'work';
		badText = bad.write(c);
		good = tmpBundle();
		good.write(cleanSpec());
	});
	after(() => {
		bad.remove();
		good.remove();
	});

	test('text: compiler-style 1-based lines and a summary; exit 1 on an error', () => {
		const r = lint([bad.config]);
		assert.equal(r.status, 1, r.stderr);
		const at = positionOf(badText, badText.indexOf('"work"'));
		const line = r.stdout.split('\n').find((l) => l.includes('process-cwd-absolute'));
		assert.ok(line, r.stdout);
		assert.ok(line.startsWith(`${bad.config}:${at.line + 1}:${at.character + 1}: error process-cwd-absolute: `), line);
		assert.match(r.stdout, /^1 error, 0 warnings in 1 file$/m);
	});

	test('a bundle directory stands for its config.json; a clean bundle exits 0', () => {
		const r = lint([good.dir]);
		assert.equal(r.stdout, 'no problems in 1 file\n', r.stdout);
		assert.equal(r.status, 0);
		const both = lint(['--format', 'json', good.dir, bad.dir]);
		const out = JSON.parse(both.stdout) as JsonOutput;
		assert.deepEqual(out.files.map((f) => f.path), [join(good.dir, 'config.json'), join(bad.dir, 'config.json')]);
		assert.equal(both.status, 1);
	});

	test('json: exactly the documented shape, 0-based LSP ranges', () => {
		const r = lint(['--format=json', bad.config]);
		assert.equal(r.status, 1);
		const out = JSON.parse(r.stdout) as JsonOutput;
		assert.deepEqual(Object.keys(out), ['files']);
		assert.deepEqual(Object.keys(out.files[0]), ['path', 'diagnostics']);
		const d = out.files[0].diagnostics.find((x) => x.code === 'process-cwd-absolute');
		assert.ok(d);
		assert.deepEqual(Object.keys(d), ['severity', 'code', 'message', 'pointer', 'range']);
		const start = badText.indexOf('"work"');
		assert.deepEqual(d.range, { start: positionOf(badText, start), end: positionOf(badText, start + 6) });
		assert.equal(d.pointer, '/process/cwd');
		assert.equal(d.severity, 'error');
		assert.match(d.message, /absolute/);
	});

	test('sarif: 2.1.0 with rules, helpUri, 1-based regions, relative artifact and the pointer', () => {
		const r = lint(['--format', 'sarif', 'config.json'], bad.dir);
		assert.equal(r.status, 1, r.stderr);
		const log = JSON.parse(r.stdout);
		assert.equal(log.version, '2.1.0');
		assert.match(log.$schema, /sarif-2\.1\.0/);
		const run = log.runs[0];
		assert.equal(run.tool.driver.name, 'oci-restore');
		const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'process-cwd-absolute');
		assert.ok(result);
		assert.equal(result.level, 'error');
		const rule = run.tool.driver.rules[result.ruleIndex];
		assert.equal(rule.id, 'process-cwd-absolute');
		assert.match(rule.helpUri, /^https:\/\/github\.com\/opencontainers\/runtime-spec\//);
		const loc = result.locations[0];
		assert.deepEqual(loc.physicalLocation.artifactLocation, { uri: 'config.json', uriBaseId: '%SRCROOT%' });
		const start = positionOf(badText, badText.indexOf('"work"'));
		assert.deepEqual(loc.physicalLocation.region, { startLine: start.line + 1, startColumn: start.character + 1, endLine: start.line + 1, endColumn: start.character + 7 });
		assert.deepEqual(loc.logicalLocations, [{ fullyQualifiedName: '/process/cwd', kind: 'member' }]);
		assert.equal(typeof result.message.text, 'string');
	});

	test('--rule re-grades or silences a rule', () => {
		const off = lint(['--rule', 'process-cwd-absolute=off', bad.config]);
		assert.equal(off.status, 0, off.stdout);
		assert.doesNotMatch(off.stdout, /process-cwd-absolute/);
		const warn = lint(['--rule=process-cwd-absolute=warning', bad.config]);
		assert.equal(warn.status, 0);
		assert.match(warn.stdout, /: warning process-cwd-absolute: /);
	});

	test('--no-bundle-checks skips the file-system checks; a file of another name gets none either', () => {
		const b = tmpBundle({ rootfs: false });
		try {
			b.write(cleanSpec());
			const checked = lint([b.dir]);
			assert.equal(checked.status, 1);
			assert.match(checked.stdout, /bundle-root-missing/);
			const unchecked = lint(['--no-bundle-checks', b.dir]);
			assert.equal(unchecked.status, 0, unchecked.stdout);
			const other = join(b.dir, 'other.json');
			writeFileSync(other, JSON.stringify(cleanSpec()));
			const named = lint([other]);
			assert.equal(named.status, 0, named.stdout);
			assert.equal(named.stdout, 'no problems in 1 file\n');
		} finally {
			b.remove();
		}
	});

	test('--spec-version overrides the file\'s ociVersion', () => {
		const r = lint(['--format', 'json', '--spec-version', '7.0.0', good.config]);
		const out = JSON.parse(r.stdout) as JsonOutput;
		assert.ok(out.files[0].diagnostics.some((d) => d.code === 'spec-version-unknown'), r.stdout);
	});

	test('invalid UTF-8 and syntax errors are errors with positions', () => {
		const dir = mkdtempSync(join(tmpdir(), 'oci-b-'));
		try {
			const file = join(dir, 'latin1.json');
			writeFileSync(file, Buffer.concat([Buffer.from('{"ociVersion": "1.2.0", "hostname": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
			const r = lint(['--format', 'json', file]);
			assert.equal(r.status, 1);
			const d = (JSON.parse(r.stdout) as JsonOutput).files[0].diagnostics.find((x) => x.code === 'invalid-utf8');
			assert.ok(d, r.stdout);
			assert.match(d.message, /byte offset 40/);
			const broken = join(dir, 'broken.json');
			writeFileSync(broken, '{\n  "ociVersion": "1.2.0",\n}\n');
			const s = lint([broken]);
			assert.equal(s.status, 1);
			assert.match(s.stdout, new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:24: error parse-trailing-comma: `, 'm'));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('arbitrary bytes never crash the CLI: every file gets a report, exit 0 or 1', () => {
		const dir = mkdtempSync(join(tmpdir(), 'oci-b-'));
		try {
			const files: string[] = [];
			const base = Buffer.from(JSON.stringify(cleanSpec()));
			for (let i = 0; i < 30; i++) {
				const bytes = Buffer.from(base);
				// Corrupt a few bytes anywhere: control characters, invalid UTF-8, structural characters.
				for (let k = 0; k <= i % 5; k++) bytes[(i * 7919 + k * 104729) % bytes.length] = [0x00, 0xff, 0x7b, 0x22, 0xc3, 0x5d][(i + k) % 6];
				const file = join(dir, `f${i}.json`);
				writeFileSync(file, i === 0 ? Buffer.alloc(0) : bytes);
				files.push(file);
			}
			const r = lint(['--format', 'json', ...files]);
			assert.ok(r.status === 0 || r.status === 1, `status ${r.status}: ${r.stderr}`);
			assert.equal(r.stderr, '');
			const out = JSON.parse(r.stdout) as JsonOutput;
			assert.equal(out.files.length, files.length);
			assert.ok(out.files[0].diagnostics.some((d) => d.severity === 'error'), 'an empty file is an error');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('I/O problems exit 2 with one line naming the path', () => {
		const missing = join(good.dir, 'nope.json');
		const r = lint([missing]);
		assert.equal(r.status, 2);
		assert.equal(r.stdout, '');
		assert.equal(r.stderr, `oci-restore lint: ${missing}: no such file or directory\n`);
		const empty = mkdtempSync(join(tmpdir(), 'oci-b-'));
		try {
			const d = lint([empty]);
			assert.equal(d.status, 2);
			assert.equal(d.stderr, `oci-restore lint: ${empty}: not a bundle directory (no config.json in it)\n`);
			mkdirSync(join(empty, 'config.json'));
			const dirConfig = lint([empty]);
			assert.equal(dirConfig.status, 2);
			assert.equal(dirConfig.stderr, `oci-restore lint: ${join(empty, 'config.json')}: is a directory, expected a bundle's config file\n`);
			const through = join(good.config, 'config.json');
			const notDir = lint([through, good.config]);
			assert.equal(notDir.status, 2, 'nothing is linted when one PATH is unusable');
			assert.equal(notDir.stdout, '');
			assert.equal(notDir.stderr, `oci-restore lint: ${through}: a component of the path is not a directory\n`);
		} finally {
			rmSync(empty, { recursive: true, force: true });
		}
	});

	test('usage problems exit 2; --help exits 0', () => {
		for (const args of [[], ['--format', 'xml', 'x'], ['--bogus', 'x'], ['--rule', 'nope', 'x'], ['--format']]) {
			const r = lint(args);
			assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
			assert.match(r.stderr, /^oci-restore lint: .+\n/);
		}
		const help = lint(['--help']);
		assert.equal(help.status, 0);
		assert.match(help.stdout, /^usage: oci-restore lint/);
	});
});
