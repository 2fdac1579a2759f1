import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { lintTextWithRules } from '../../../server/src/lint/lintText';
import { checkGoInteger } from '../../../server/src/lint/goNumbers';

/** Lints a config with `literal` at a field of the given path, schema and numbers only. */
function codesFor(path: string, literal: string): string[] {
	const parts = path.split('.');
	let inner = literal;
	for (let i = parts.length - 1; i >= 0; i--) inner = `{"${parts[i]}": ${inner}}`;
	const text = `{"ociVersion": "1.2.0", "root": {"path": "rootfs"}, ${inner.slice(1)}`;
	return lintTextWithRules(text, {}, []).diagnostics.map((d) => d.code);
}

describe('integers as Go decodes them, judged from the source text', () => {
	const table: [string, string, string[]][] = [
		// field, literal, expected codes
		['linux.resources.memory.limit', '-1', []],
		['linux.resources.memory.limit', '9223372036854775807', []],
		['linux.resources.memory.limit', '9223372036854775808', ['integer-range']],
		['linux.resources.memory.limit', '-9223372036854775808', []],
		['linux.resources.memory.limit', '-9223372036854775809', ['integer-range']],
		['linux.resources.memory.limit', '1.0', ['integer-expected']],
		['linux.resources.memory.limit', '1e3', ['integer-expected']],
		['linux.resources.memory.limit', '1E+3', ['integer-expected']],
		['linux.resources.memory.limit', '-0', []],
		['linux.resources.memory.swappiness', '18446744073709551615', []],
		['linux.resources.memory.swappiness', '18446744073709551616', ['integer-range']],
		['linux.resources.memory.swappiness', '-1', ['integer-range']],
		['linux.resources.memory.swappiness', '-0', ['integer-range']],
		['process.user.uid', '4294967295', []],
		['process.user.uid', '4294967296', ['integer-range']],
		['process.user.uid', '0.5', ['integer-expected']],
		['process.user.uid', '"0"', ['type-mismatch']],
		['linux.resources.blockIO.weight', '65535', []],
		['linux.resources.blockIO.weight', '65536', ['integer-range']],
		['process.oomScoreAdj', '-1000', []],
		['process.oomScoreAdj', '9223372036854775808', ['integer-range']],
		['process.ioPriority.priority', '2147483647', []],
		['process.ioPriority.priority', '2147483648', ['integer-range']],
	];
	for (const [path, literal, expected] of table) {
		test(`${path} = ${literal} → ${expected.join(', ') || 'ok'}`, () => {
			const codes = codesFor(path, literal).filter((c) => c !== 'required-missing');
			assert.deepEqual(codes, expected);
		});
	}

	test('the error sits on the literal and offers the integral form', () => {
		const text = '{"ociVersion": "1.2.0", "process": {"cwd": "/", "user": {"uid": 1.0, "gid": 0}}}';
		const d = lintTextWithRules(text, {}, []).diagnostics.find((x) => x.code === 'integer-expected')!;
		const start = text.indexOf('1.0');
		assert.deepEqual(d.range, { start: { line: 0, character: start }, end: { line: 0, character: start + 3 } });
		assert.equal(d.pointer, '/process/user/uid');
		assert.match(d.message, /uint32/);
		assert.deepEqual(d.fixes?.[0].edits, [{ offset: start, length: 3, newText: '1' }]);
	});

	test('fileMode: 0o777 at most from 1.3.0 (older official schemas allowed 512)', () => {
		const dev = (v: string, mode: string): string[] =>
			lintTextWithRules(`{"ociVersion": "${v}", "linux": {"devices": [{"type": "c", "path": "/dev/x", "major": 1, "minor": 3, "fileMode": ${mode}}]}}`, {}, []).diagnostics.map((d) => d.code);
		assert.deepEqual(dev('1.3.0', '511'), []);
		assert.deepEqual(dev('1.3.0', '512'), ['integer-range']);
		assert.deepEqual(dev('1.2.0', '512'), []);
		assert.deepEqual(dev('1.2.0', '513'), ['integer-range']);
	});

	test('range messages name the type and the allowed range', () => {
		const p = checkGoInteger('4294967296', { kind: 'integer', go: 'uint32' }, 'uid');
		assert.equal(p?.code, 'integer-range');
		assert.match(p!.message, /does not fit in uint32/);
		assert.match(p!.message, /0 to 4294967295/);
		const mode = checkGoInteger('1000', { kind: 'integer', go: 'uint32', min: '0', max: '511', boundsHint: 'permission bits only' }, 'fileMode');
		assert.match(mode!.message, /permission bits only/);
		assert.equal(checkGoInteger('511', { kind: 'integer', go: 'uint32', min: '0', max: '511' }, 'fileMode'), undefined);
	});
});
