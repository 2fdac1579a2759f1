import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintText } from '../../../server/src/lint/index';
import { lintTextWithRules } from '../../../server/src/lint/lintText';
import type { Rule } from '../../../server/src/lint/model';
import type { LintDiagnostic, LintFileSystem } from '../../../server/src/lint/types';

function apply(text: string, d: LintDiagnostic): string {
	let out = text;
	for (const e of [...d.fixes![0].edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
	return out;
}
const slice = (text: string, d: LintDiagnostic): string => {
	const lines = text.split('\n');
	const { start, end } = d.range;
	assert.equal(start.line, end.line, 'single-line range');
	return lines[start.line].slice(start.character, end.character);
};

describe('schema stage: exact ranges, clear messages, fixes', () => {
	const base = '{\n\t"ociVersion": "1.2.0",\n\t"root": {"path": "rootfs"},\n';

	test('unknown key: warning on the key, did-you-mean and a rename fix', () => {
		const text = `${base}\t"proccess": {"cwd": "/"}\n}`;
		const [d] = lintTextWithRules(text, {}, []).diagnostics;
		assert.equal(d.code, 'unknown-key');
		assert.equal(d.severity, 'warning');
		assert.equal(d.pointer, '/proccess');
		assert.equal(slice(text, d), '"proccess"');
		assert.match(d.message, /Did you mean "process"\?/);
		assert.deepEqual(JSON.parse(apply(text, d)).process, { cwd: '/' });
	});

	test('unknown key without a close match lists the known members', () => {
		const [d] = lintTextWithRules(`${base}\t"zzzzzz": 1\n}`, {}, []).diagnostics;
		assert.match(d.message, /Known members: ociVersion, root, mounts/);
		assert.equal(d.fixes, undefined);
	});

	test('a key differing only in case says Go would read it', () => {
		const [d] = lintTextWithRules(`${base}\t"Hostname": "h"\n}`, {}, []).diagnostics;
		assert.match(d.message, /case-insensitively/);
	});

	test('type mismatch on the value, with quote removal for quoted numbers and booleans', () => {
		const text = `${base}\t"process": {"cwd": "/", "terminal": "true", "user": {"uid": "1000", "gid": 0}}\n}`;
		const ds = lintTextWithRules(text, {}, []).diagnostics;
		assert.deepEqual(ds.map((d) => [d.code, d.pointer, slice(text, d)]), [
			['type-mismatch', '/process/terminal', '"true"'],
			['type-mismatch', '/process/user/uid', '"1000"'],
		]);
		assert.match(ds[0].message, /must be a boolean/);
		const fixed = JSON.parse(apply(apply(text, ds[1]), ds[0]));
		assert.equal(fixed.process.terminal, true);
	});

	test('enum: lists the allowed values and suggests the closest', () => {
		const text = `${base}\t"linux": {"namespaces": [{"type": "netwrok"}]}\n}`;
		const [d] = lintTextWithRules(text, {}, []).diagnostics;
		assert.equal(d.code, 'enum-value');
		assert.equal(slice(text, d), '"netwrok"');
		assert.match(d.message, /Did you mean "network"\?/);
		assert.match(d.message, /mount, pid, network, uts, ipc, user, cgroup, time/);
		assert.equal(JSON.parse(apply(text, d)).linux.namespaces[0].type, 'network');
	});

	test('pattern: says what is allowed', () => {
		const text = `${base}\t"process": {"cwd": "/", "rlimits": [{"type": "rlimit_nofile", "soft": 1, "hard": 1}]}\n}`;
		const [d] = lintTextWithRules(text, {}, []).diagnostics;
		assert.equal(d.code, 'pattern-mismatch');
		assert.match(d.message, /RLIMIT_NOFILE/);
	});

	test('required member: on the parent key, with an insert fix', () => {
		const text = `${base}\t"process": {\n\t\t"args": ["sh"]\n\t}\n}`;
		const [d] = lintTextWithRules(text, {}, []).diagnostics;
		assert.equal(d.code, 'required-missing');
		assert.equal(d.pointer, '/process/cwd');
		assert.equal(slice(text, d), '"process"');
		assert.deepEqual(JSON.parse(apply(text, d)).process, { cwd: '/', args: ['sh'] });
	});

	test('missing ociVersion is reported at the document start', () => {
		const [d] = lintTextWithRules('{"root": {"path": "r"}}', {}, []).diagnostics;
		assert.equal(d.code, 'required-missing');
		assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
	});

	test('min items and null values', () => {
		const text = '{"ociVersion": "1.2.0", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [], "action": "SCMP_ACT_LOG"}]}}, "hostname": null}';
		const ds = lintTextWithRules(text, {}, []).diagnostics;
		assert.deepEqual(ds.map((d) => d.code), ['min-items', 'type-mismatch']);
		assert.match(ds[1].message, /remove the member/);
	});

	test('pointers escape ~ and / (RFC 6901)', () => {
		const text = '{"ociVersion": "1.2.0", "annotations": {"a/b~c": 1}}';
		const [d] = lintTextWithRules(text, {}, []).diagnostics;
		assert.equal(d.pointer, '/annotations/a~1b~0c');
	});

	test('only the last of duplicate keys is validated', () => {
		const ds = lintTextWithRules('{"ociVersion": "1.2.0", "hostname": 1, "hostname": "h"}', {}, []).diagnostics;
		assert.deepEqual(ds.map((d) => d.code), ['duplicate-key']);
	});

	test('duplicate keys are found wherever they are (the fast path counts keys during the schema walk)', () => {
		const table: [string, string][] = [
			['{"ociVersion": "1.2.0", "ociVersion": "1.2.0"}', '/ociVersion'],
			['{"ociVersion": "1.2.0", "process": {"cwd": "/", "cwd": "/"}}', '/process/cwd'],
			['{"ociVersion": "1.2.0", "annotations": {"a": "1", "a": "2"}}', '/annotations/a'],
			['{"ociVersion": "1.2.0", "x-unknown": {"deep": {"k": 1, "k": 2}}}', '/x-unknown/deep/k'],
			['{"ociVersion": "1.2.0", "hostname": {"k": 1, "k": 2}}', '/hostname/k'],
			['{"ociVersion": "1.2.0", "windows": {"layerFolders": ["l"], "credentialSpec": {"k": 1, "k": 2}}}', '/windows/credentialSpec/k'],
			['{"ociVersion": "1.0.2", "domainname": "a", "domainname": "b"}', '/domainname'],
			['[{"k": 1, "k": 2}]', '/0/k'],
			['{"ociVersion": "1.2.0", "mounts": [{"destination": "/a", "options": [{"k": 1, "k": 2}]}]}', '/mounts/0/options/0/k'],
		];
		for (const [text, ptr] of table) {
			const dups = lintTextWithRules(text, {}, []).diagnostics.filter((d) => d.code === 'duplicate-key');
			assert.deepEqual(dups.map((d) => d.pointer), [ptr], text);
		}
		assert.equal(lintTextWithRules('{"ociVersion": "1.2.0", "annotations": {"a:b": "c:d"}}', {}, []).diagnostics.length, 0);
	});

	test('a value of a member from a newer version is still type-checked (runc decodes it anyway)', () => {
		const ds = lintTextWithRules('{"ociVersion": "1.0.2", "linux": {"netDevices": {"eth0": {"name": 23}}}}', {}, []).diagnostics;
		assert.deepEqual(ds.map((d) => d.code), ['key-not-in-version', 'type-mismatch']);
	});
});

describe('engine orchestration', () => {
	const crash: Rule = {
		codes: ['crashing-rule'],
		check() {
			throw new Error('boom');
		},
	};
	const reporter: Rule = {
		codes: ['test-rule'],
		check(ctx) {
			ctx.report({ code: 'test-rule', severity: 'warning', message: 'hostname', path: ['hostname'] });
			ctx.report({ code: 'test-rule', severity: 'hint', message: 'key', path: ['hostname'], target: 'key', href: 'https://example.com/x' });
			ctx.report({ code: 'test-rule', severity: 'error', message: 'missing', path: ['process', 'cwd'] });
		},
	};
	const text = '{\n\t"ociVersion": "1.2.0",\n\t"hostname": "h",\n\t"process": {"cwd": "/"}\n}';

	test('a rule that throws is reported as internal-error and the others still run', () => {
		const r = lintTextWithRules(text, {}, [crash, reporter]);
		const codes = r.diagnostics.map((d) => d.code);
		assert.ok(codes.includes('internal-error'));
		assert.equal(codes.filter((c) => c === 'test-rule').length, 3);
		assert.match(r.diagnostics.find((d) => d.code === 'internal-error')!.message, /boom/);
	});

	test('reports get the key or value range, the pointer and the href', () => {
		const ds = lintTextWithRules(text, {}, [reporter]).diagnostics;
		const key = ds.find((d) => d.severity === 'hint')!;
		const value = ds.find((d) => d.severity === 'warning')!;
		assert.equal(slice(text, key), '"hostname"');
		assert.equal(slice(text, value), '"h"');
		assert.equal(key.href, 'https://example.com/x');
		assert.equal(value.pointer, '/hostname');
	});

	test('diagnostics are sorted by position', () => {
		const ds = lintTextWithRules(text, {}, [reporter]).diagnostics;
		const keys = ds.map((d) => d.range.start.line * 1000 + d.range.start.character);
		assert.deepEqual(keys, [...keys].sort((a, b) => a - b));
	});

	test('options.rules turns codes off or re-grades them', () => {
		const off = lintTextWithRules(text, { rules: { 'test-rule': { severity: 'off' } } }, [reporter]).diagnostics;
		assert.equal(off.length, 0);
		const graded = lintTextWithRules(text, { rules: { 'test-rule': { severity: 'information' } } }, [reporter]).diagnostics;
		assert.deepEqual(graded.map((d) => d.severity), ['information', 'information', 'information']);
		const schema = lintTextWithRules('{"ociVersion": "1.2.0", "hostnam": "h"}', { rules: { 'unknown-key': { severity: 'error' } } }, []).diagnostics;
		assert.equal(schema[0].severity, 'error');
	});

	test('bundle rules run only with a bundle directory', () => {
		const seen: (string | undefined)[] = [];
		const bundle: Rule = { codes: ['b'], bundle: true, check: (ctx) => void seen.push(ctx.bundleDir) };
		const fs: LintFileSystem = { stat: () => undefined, readlink: () => undefined };
		lintTextWithRules(text, { fs }, [bundle]);
		lintTextWithRules(text, { fs, filePath: join('/srv', 'b', 'other.json') }, [bundle]);
		lintTextWithRules(text, { fs, filePath: join('/srv', 'b', 'config.json') }, [bundle]);
		lintTextWithRules(text, { fs, filePath: join('/srv', 'b', 'config.json'), bundleChecks: false }, [bundle]);
		lintTextWithRules(text, { fs, bundleDir: join('/srv', 'c') }, [bundle]);
		assert.deepEqual(seen, [join('/srv', 'b'), join('/srv', 'c')]);
	});

	test('the default file system answers lstat questions without throwing', () => {
		let stat: unknown;
		const probe: Rule = { codes: ['p'], bundle: true, check: (ctx) => void (stat = [ctx.fs.stat(__filename)?.isFile, ctx.fs.stat(join(__dirname, 'missing-file')), ctx.fs.readlink(__filename)]) };
		lintTextWithRules(text, { bundleDir: __dirname }, [probe]);
		assert.deepEqual(stat, [true, undefined, undefined]);
	});

	test('rules see the config, the version and the document', () => {
		let seen: unknown;
		const probe: Rule = { codes: ['p'], check: (ctx) => void (seen = [ctx.specVersion, ctx.config.hostname, ctx.doc.nodeAt(['hostname'])?.type]) };
		lintTextWithRules(text, {}, [probe]);
		assert.deepEqual(seen, ['1.2', 'h', 'string']);
	});

	test('rules run on the recovered tree of a document that does not parse; reports about its broken part are dropped', () => {
		let seen: unknown;
		const rule: Rule = {
			codes: ['x'],
			check: (ctx) => {
				seen = ctx.config;
				ctx.report({ code: 'x', severity: 'error', message: 'b', path: ['b'] });
				ctx.report({ code: 'x', severity: 'error', message: 'missing a', path: ['a'] });
			},
		};
		const r = lintTextWithRules('{"b": 1, "a": ', {}, [rule]);
		assert.deepEqual(seen, { b: 1 });
		assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.pointer}`), ['x /b', 'parse-syntax /a']);
	});

	test('no rules run when nothing can be recovered (nesting too deep)', () => {
		let ran = false;
		lintTextWithRules('['.repeat(20_000), {}, [{ codes: ['x'], check: () => void (ran = true) }]);
		assert.equal(ran, false);
	});

	test('the real rule set runs through lintText', () => {
		const r = lintText('{"ociVersion": "1.2.0", "root": {"path": "rootfs"}, "process": {"cwd": "relative", "args": ["sh"]}}');
		assert.ok(r.diagnostics.length > 0);
		assert.ok(r.diagnostics.every((d) => d.code && d.message && d.range && typeof d.pointer === 'string'));
	});
});
