import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../server/src/lint/index';
import type { LintDiagnostic } from '../../../server/src/lint/types';
import { recoverDocument } from '../../../server/src/lint/recoverDocument';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The text a diagnostic's (single-line) range covers. */
function covered(text: string, d: LintDiagnostic): string {
	const lines = text.split('\n');
	assert.equal(d.range.start.line, d.range.end.line, `${d.code}: single-line range`);
	return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}

const codes = (ds: LintDiagnostic[]): string[] => ds.map((d) => `${d.code} ${d.pointer}`);

/** A config with schema errors (cwd, readonly, namespace type) and a rule error (hostname without uts). */
const config = [
	'{',
	'\t"ociVersion": "1.2.0",',
	'\t"process": {',
	'\t\t"args": ["/bin/sh"],',
	'\t\t"cwd": 42',
	'\t},',
	'\t"root": {"path": "rootfs", "readonly": "yes"},',
	'\t"hostname": "box",',
	'\t"mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],',
	'\t"linux": {"namespaces": [{"type": "pid"}, {"type": "bogus"}, {"type": "mount"}]}',
	'}',
].join('\n');

describe('syntax errors do not hide the other stages', () => {
	test('the intact config: its schema and rule errors (the baseline of the cases below)', () => {
		assert.deepEqual(codes(lintText(config).diagnostics.filter((d) => d.severity === 'error')), [
			'type-mismatch /process/cwd',
			'type-mismatch /root/readonly',
			'namespace-uts-required /hostname',
			'enum-value /linux/namespaces/1/type',
		]);
	});

	test('a missing comma: the syntax error plus every schema and rule error, exact ranges', () => {
		const text = config.replace('"cwd": 42\n\t},', '"cwd": 42\n\t}');
		const ds = lintText(text).diagnostics.filter((d) => d.severity === 'error');
		assert.deepEqual(codes(ds), [
			'type-mismatch /process/cwd',
			'parse-missing-comma ',
			'type-mismatch /root/readonly',
			'namespace-uts-required /hostname',
			'enum-value /linux/namespaces/1/type',
		]);
		assert.equal(covered(text, ds[0]), '42');
		assert.deepEqual(ds[1].range, { start: { line: 6, character: 1 }, end: { line: 6, character: 2 } });
		assert.equal(covered(text, ds[2]), '"yes"');
		assert.equal(covered(text, ds[3]), '"hostname"');
		assert.equal(covered(text, ds[4]), '"bogus"');
	});

	test('a missing colon (fatal for the strict parser): the rest is still checked', () => {
		const text = config.replace('"hostname": "box",', '"domainname" "x",\n\t"hostname": "box",');
		const ds = lintText(text).diagnostics.filter((d) => d.severity === 'error');
		// Not namespace-uts-required on the hostname key: the root's member list lost a member,
		// which might have been the very namespace list that rule reads.
		assert.deepEqual(codes(ds), [
			'type-mismatch /process/cwd',
			'type-mismatch /root/readonly',
			'parse-syntax /domainname',
			'enum-value /linux/namespaces/1/type',
		]);
		// The syntax error keeps the strict parser's exact range: the unexpected '"' after the key.
		assert.deepEqual(ds[2].range, { start: { line: 7, character: 14 }, end: { line: 7, character: 15 } });
		assert.equal(covered(text, ds[0]), '42');
		assert.equal(covered(text, ds[3]), '"bogus"');
	});

	test('an unterminated string at the end of a line: the rest is still checked', () => {
		const text = config.replace('"box",', '"box,');
		const ds = lintText(text).diagnostics.filter((d) => d.severity === 'error');
		assert.deepEqual(codes(ds), [
			'type-mismatch /process/cwd',
			'type-mismatch /root/readonly',
			'parse-unterminated /hostname',
			'enum-value /linux/namespaces/1/type',
		]);
		assert.equal(covered(text, ds[2]), '"box,');
		assert.equal(covered(text, ds[3]), '"bogus"');
	});

	test('an unterminated string that swallows the following members: no diagnostic on misplaced members', () => {
		// Recovery reads `"rootfs, "` as the path and puts mounts and linux inside root.
		const text = config.replace('"rootfs"', '"rootfs');
		const list = codes(lintText(text).diagnostics);
		assert.deepEqual(list, ['type-mismatch /process/cwd', 'parse-syntax /root']);
	});

	test('a broken member list: no diagnostic about its contents or cross-field rules it may feed', () => {
		const text = config.replace('"linux": {"namespaces"', '"linux": {{"namespaces"');
		const list = codes(lintText(text).diagnostics);
		assert.ok(list.includes('type-mismatch /process/cwd'), list.join(', '));
		assert.ok(list.some((c) => c.startsWith('parse-syntax /linux')), list.join(', '));
		// Without recovery filtering: unknown-key /linux/..., and hostname "needs uts" although the namespaces are unreadable.
		assert.ok(!list.some((c) => c.includes(' /linux/')), list.join(', '));
		assert.ok(!list.includes('namespace-uts-required /hostname'), list.join(', '));
	});

	test('a missing required member is not reported when the container it belongs in is broken', () => {
		const text = '{\n\t"ociVersion": "1.2.0",\n\t"process": {"cwd": "/", "user" {"uid": 0, "gid": 0}, "args": ["sh"]},\n\t"root": {"path": "rootfs"}\n}';
		const list = codes(lintText(text).diagnostics);
		assert.ok(list.some((c) => c.startsWith('parse-syntax /process')), list.join(', '));
		assert.ok(!list.some((c) => c.startsWith('required-missing /process')), list.join(', '));
	});
});

describe('recovery on pathological broken input finishes within seconds', () => {
	const within = (ms: number, text: string): LintDiagnostic[] => {
		const t0 = performance.now();
		const ds = lintText(text).diagnostics;
		const took = performance.now() - t0;
		assert.ok(took < ms, `took ${took.toFixed(0)} ms`);
		return ds;
	};

	test('100,000-deep nesting after a syntax error', () => {
		const ds = within(5000, '{"a": x, "b": ' + '['.repeat(100_000));
		assert.equal(ds[0].code, 'parse-syntax');
	});

	test('100,000-deep unclosed nesting', () => {
		const ds = within(5000, '['.repeat(100_000));
		assert.ok(ds.some((d) => d.code === 'parse-too-deep'));
	});

	test('10 MiB of garbage', () => {
		const alphabet = '{[:,"x1 }]a\n';
		const bytes = Buffer.alloc(10 << 20);
		for (let i = 0; i < bytes.length; i++) bytes[i] = alphabet.charCodeAt((i * 7919) % alphabet.length);
		const ds = within(10_000, bytes.toString('latin1'));
		assert.ok(ds.length >= 1 && ds[0].code.startsWith('parse-'));
	});

	test('a 16 MiB unterminated string, on one line and over many lines', () => {
		assert.equal(within(10_000, '{"ociVersion": "1.2.0", "a": "' + 'x'.repeat(16 << 20))[0].code, 'parse-unterminated');
		assert.equal(within(10_000, '{"ociVersion": "1.2.0", "a": "' + 'x\n'.repeat(8 << 20)).filter((d) => d.code === 'parse-unterminated').length, 1);
	});

	test('a 10 MiB config with one broken key near the top still gets checked after it', () => {
		const items = Array.from({ length: 150_000 }, (_, i) => `"/srv/path/${i}/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`).join(',\n\t\t');
		const text = `{\n\t"ociVersion": "1.2.0",\n\t"oops" 1,\n\t"linux": {"maskedPaths": [\n\t\t${items}\n\t]},\n\t"root": {"path": "rootfs", "readonly": "yes"}\n}`;
		const ds = within(10_000, text);
		assert.ok(ds.some((d) => d.code === 'type-mismatch' && d.pointer === '/root/readonly'), codes(ds).slice(0, 5).join(', '));
	});
});

describe('recovery at the error limit', () => {
	test('a text the recovering parser reads with errors up to its limit, plus the strict parser\'s errors: diagnostics, no throw', () => {
		// Found by the language server's edit fuzz (seed 95274): the broken-region list derived from the
		// bounded error list inherited its bound and threw once the strict parser's errors were added.
		const text = readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'lint', 'recovery-at-error-limit.txt'), 'utf8');
		const recovered = recoverDocument(text);
		assert.ok(recovered && recovered.broken.length > 0, 'the recovering parser reads it');
		const r = lintText(text);
		assert.ok(r.diagnostics.some((d) => d.code.startsWith('parse-')), 'the syntax errors are reported');
	});
});
