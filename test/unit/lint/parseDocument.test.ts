import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument, lintText, lintBytes } from '../../../server/src/lint/index';
import { lineIndex } from '../../../server/src/lint/parseDocument';
import type { LintDiagnostic } from '../../../server/src/lint/types';

/** Compact form of a diagnostic: code and `line:char-line:char`. */
function at(d: LintDiagnostic): string {
	const r = d.range;
	return `${d.code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}
function syntax(text: string): string[] {
	return parseDocument(text).diagnostics.map(at);
}

describe('parseDocument: strict JSON as runc reads it', () => {
	test('valid JSON gives a tree, a value and no diagnostics', () => {
		const doc = parseDocument('{\n  "a": [1, {"b": true}],\n  "c": null\n}');
		assert.deepEqual(doc.diagnostics, []);
		assert.deepEqual(doc.value, { a: [1, { b: true }], c: null });
		const b = doc.nodeAt(['a', 1, 'b']);
		assert.equal(b?.type, 'boolean');
		assert.deepEqual(doc.positionAt(b!.offset), { line: 1, character: 17 });
		assert.equal(doc.nodeAt(['a', 5]), undefined);
		assert.equal(doc.nodeAt(['x']), undefined);
		const prop = b!.parent!;
		assert.equal(prop.type, 'property');
		assert.equal(prop.colonOffset, doc.text.indexOf('"b":') + 3);
	});

	test('syntax errors carry exact ranges', () => {
		const table: [string, string[]][] = [
			['', ['parse-empty 0:0-0:0']],
			[' \n ', ['parse-empty 0:0-1:1']],
			['{"a":1,}', ['parse-trailing-comma 0:6-0:7']],
			['[1,2,]', ['parse-trailing-comma 0:4-0:5']],
			['{"a":1 "b":2}', ['parse-missing-comma 0:7-0:8']],
			['\ufeff{}', ['parse-bom 0:0-0:1']],
			['{} {}', ['parse-trailing-content 0:3-0:5']],
			['{"a": 01}', ['parse-invalid-number 0:6-0:8']],
			['{"a": 1.}', ['parse-invalid-number 0:6-0:8']],
			['{"a": -}', ['parse-invalid-number 0:6-0:7']],
			['{"a": 0x1F}', ['parse-invalid-number 0:6-0:10']],
			['{"a": tru}', ['parse-syntax 0:6-0:9']],
			['{"a": NaN}', ['parse-syntax 0:6-0:9']],
			["{'a': 1}", ['parse-syntax 0:1-0:4']],
			['{"a":"x\ty"}', ['parse-control-character 0:7-0:8']],
			['{"a":"x\\qy"}', ['parse-invalid-escape 0:7-0:9']],
			['{"a":"\\u12G4"}', ['parse-invalid-escape 0:6-0:10']],
			['{"a": [1, 2}', ['parse-syntax 0:11-0:12']],
			['{"a":', ['parse-syntax 0:4-0:5']],
			['{"a" 1}', ['parse-syntax 0:5-0:6']],
			['{"a": 1', ['parse-unterminated 0:0-0:1']],
			['{"a":"abc', ['parse-unterminated 0:5-0:6']],
			['{"a":"ab\nc"}', ['parse-unterminated 0:5-0:8']],
			['// c\n{"a":1 /* x */}', ['parse-comment 0:0-0:4', 'parse-comment 1:7-1:14']],
		];
		for (const [text, expected] of table) assert.deepEqual(syntax(text), expected, JSON.stringify(text));
	});

	test('recoverable errors still produce the value', () => {
		const doc = parseDocument('{\n "a": 1, // note\n "b": [1, 2,],\n}');
		assert.deepEqual(doc.value, { a: 1, b: [1, 2] });
		assert.deepEqual(doc.diagnostics.map((d) => d.code), ['parse-comment', 'parse-trailing-comma', 'parse-trailing-comma']);
	});

	test('fatal errors leave no root and no value', () => {
		const doc = parseDocument('{"a": [1, 2}');
		assert.equal(doc.root, undefined);
		assert.equal(doc.value, undefined);
	});

	test('messages say what is wrong and what is allowed', () => {
		const [d] = parseDocument('{"a": 1,}').diagnostics;
		assert.match(d.message, /Trailing comma/);
		assert.match(d.message, /Remove the comma/);
		const [bom] = parseDocument('\ufeff{}').diagnostics;
		assert.match(bom.message, /byte order mark/);
		assert.deepEqual(bom.fixes?.[0].edits, [{ offset: 0, length: 1, newText: '' }]);
	});

	test('duplicate keys: warning on the earlier key, the last value wins, fix removes the earlier member', () => {
		const text = '{\n  "a": 1,\n  "b": 2,\n  "a": 3\n}';
		const doc = parseDocument(text);
		assert.deepEqual(doc.value, { a: 3, b: 2 });
		assert.equal(doc.nodeAt(['a'])?.value, 3);
		assert.deepEqual(doc.diagnostics.map(at), ['duplicate-key 1:2-1:5']);
		const d = doc.diagnostics[0];
		assert.equal(d.severity, 'warning');
		assert.equal(d.pointer, '/a');
		assert.match(d.message, /last one/);
		const edit = d.fixes![0].edits[0];
		const fixed = text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
		assert.equal(fixed, '{\n  "b": 2,\n  "a": 3\n}');
		assert.deepEqual(JSON.parse(fixed), { a: 3, b: 2 });
	});

	test('keys named __proto__ are plain data', () => {
		const doc = parseDocument('{"__proto__": {"polluted": true}}');
		assert.deepEqual(Object.keys(doc.value as object), ['__proto__']);
		assert.equal(({} as Record<string, unknown>).polluted, undefined);
	});

	test('positions count UTF-16 units and all line breaks', () => {
		const doc = parseDocument('{"é😀": 1,\r\n"b":\r"x"}');
		assert.deepEqual(doc.positionAt(doc.nodeAt(['b'])!.offset), { line: 2, character: 0 });
		// é is one UTF-16 unit, 😀 two: the value starts at character 8.
		assert.deepEqual(doc.positionAt(doc.nodeAt(['é😀'])!.offset), { line: 0, character: 8 });
	});
});

describe('positions', () => {
	test('lineIndex agrees with a naive count for any text and any order of offsets', () => {
		const naive = (text: string, offset: number) => {
			let line = 0;
			let start = 0;
			for (let i = 0; i < offset && i < text.length; i++) {
				if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
					line++;
					start = i + 1;
				}
			}
			return { line, character: offset - start };
		};
		const withCr = fc.array(fc.constantFrom('a', '\n', '\r', '\r\n', ' ', 'é'), { maxLength: 12000 }).map((a) => a.join(''));
		const lfOnly = fc.array(fc.constantFrom('a', '\n', ' '), { maxLength: 12000 }).map((a) => a.join(''));
		fc.assert(
			fc.property(fc.oneof(withCr, lfOnly), fc.array(fc.nat(), { maxLength: 20 }), (text, raw) => {
				const at = lineIndex(text);
				for (const r of raw) {
					const o = text.length ? r % (text.length + 1) : 0;
					assert.deepEqual(at(o), naive(text, o), `offset ${o}`);
				}
			}),
			{ numRuns: 200 },
		);
	});
});

describe('pathological input never crashes or hangs', () => {
	test('100,000-deep nesting gives a diagnostic (Go stops at 10000)', () => {
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		const r = lintText(deep);
		assert.deepEqual(r.diagnostics.map((d) => d.code), ['parse-too-deep']);
		const objects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
		assert.deepEqual(lintText(objects).diagnostics.map((d) => d.code), ['parse-too-deep']);
	});

	test('nesting at exactly the limit still parses', () => {
		const doc = parseDocument('['.repeat(10_000) + ']'.repeat(10_000));
		assert.deepEqual(doc.diagnostics, []);
		assert.ok(doc.root);
	});

	test('a 16 MiB string gives a result', () => {
		const big = `{"ociVersion": "1.2.0", "annotations": {"k": "${'x'.repeat(16 * 1024 * 1024)}"}}`;
		const r = lintText(big);
		assert.equal(r.specVersion, '1.2');
		assert.equal(r.diagnostics.filter((d) => d.code.startsWith('parse-')).length, 0);
	});

	test('an unterminated 16 MiB string gives one diagnostic', () => {
		const r = lintText('{"a": "' + 'x'.repeat(16 * 1024 * 1024));
		assert.deepEqual(r.diagnostics.map((d) => d.code), ['parse-unterminated']);
	});

	test('a 10 MiB config gives a result', () => {
		const env = Array.from({ length: 250_000 }, (_, i) => `"VAR_${i}=${'v'.repeat(32)}"`).join(',\n\t\t');
		const text = `{\n\t"ociVersion": "1.2.0",\n\t"root": {"path": "rootfs"},\n\t"process": {"cwd": "/", "args": ["sh"], "env": [\n\t\t${env}\n\t]}\n}`;
		assert.ok(text.length > 10 * 1024 * 1024);
		const r = lintText(text);
		assert.ok(Array.isArray(r.diagnostics));
		assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, 0);
	});

	test('10 MiB of garbage gives a diagnostic', () => {
		const r = lintText('x'.repeat(10 * 1024 * 1024));
		assert.deepEqual(r.diagnostics.map((d) => d.code), ['parse-syntax']);
	});
});

describe('lintBytes', () => {
	const bytes = (s: string): number[] => [...Buffer.from(s, 'utf8')];

	test('invalid UTF-8 is an error naming the byte offset', () => {
		const input = new Uint8Array([...bytes('{"ociVersion": "1.2.0", "hostname": "a'), 0xff, ...bytes('"}')]);
		const r = lintBytes(input);
		const d = r.diagnostics.find((x) => x.code === 'invalid-utf8');
		assert.ok(d);
		assert.equal(d.severity, 'error');
		assert.match(d.message, /byte offset 38\b/);
		assert.deepEqual(d.range, { start: { line: 0, character: 38 }, end: { line: 0, character: 39 } });
	});

	test('a truncated multi-byte sequence is located too', () => {
		const input = new Uint8Array([...bytes('{"a": "é'), 0xe2, 0x82]);
		const d = lintBytes(input).diagnostics.find((x) => x.code === 'invalid-utf8');
		assert.match(d!.message, /byte offset 9\b/);
	});

	test('valid UTF-8 (multi-byte included) has no encoding error; a BOM is reported', () => {
		assert.equal(lintBytes(new Uint8Array(bytes('{"ociVersion": "1.2.0", "hostname": "h€llo😀"}'))).diagnostics.some((d) => d.code === 'invalid-utf8'), false);
		const withBom = lintBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"ociVersion": "1.2.0"}')]));
		assert.ok(withBom.diagnostics.some((d) => d.code === 'parse-bom'));
	});
});
