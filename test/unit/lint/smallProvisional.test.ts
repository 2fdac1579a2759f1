import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocumentDeferringDuplicates, parseDocumentFull } from '../../../server/src/lint/parseDocument';
import { fastParse, LazyContainer, literalsArePlain } from '../../../server/src/lint/fastParse';
import type { JsonNode, JsonPath } from '../../../server/src/lint/model';
import { lintText } from '../../../server/src/lint/index';

const fixture = (name: string): string => readFileSync(resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'lint', name), 'utf8');

/** Every path of a JSON value, parents before children. */
function pathsOf(v: unknown, p: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
	out.push(p);
	if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...p, i], out));
	else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...p, k], out);
	return out;
}

const range = (n: JsonNode | undefined) => (n ? [n.type, n.offset, n.length, n.parent?.type === 'property' ? [n.parent.offset, n.parent.length] : undefined] : undefined);

/**
 * A small text whose number literals are provably plain is not scanned either (lintText's
 * provisional path): literals are proved plain by native search, and container ends are found only
 * when a node's length is read.
 */
describe('small texts: plain literals proved by search, container ends found on demand', () => {
	test('literalsArePlain: true only when the scan finds every literal plain', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 2, '\t'), (v, indent) => {
				const text = JSON.stringify(v, null, indent) ?? 'null';
				const scanned = fastParse(text);
				if (scanned && literalsArePlain(text)) assert.equal(scanned.plainNumbers, true, text);
			}),
			{ numRuns: 400 },
		);
		const cases: [string, boolean][] = [
			['{"a": 1, "b": [0, -7, 12345678901234]}', true],
			// 15 digits are plain, but a run that long is left to the scan.
			['{"a": 123456789012345}', false],
			['{"v": "1.0.2", "s": "x 1.5", "t": "1e3", "u": "-0", "w": "1234567890123456789"}', true],
			['{"a": 1.0}', false],
			['{"a": 1e3}', false],
			['{"a": [2, 1E+2]}', false],
			['{"a": -0}', false],
			['{"a":\n\t-0.5}', false],
			['{"a": 1234567890123456}', false],
			['1.5', false],
			// Look-alikes inside strings may only make the answer "maybe not" (the scan then decides).
			['{"a": "x,1.5"}', false],
		];
		for (const [text, plain] of cases) {
			assert.equal(literalsArePlain(text), plain, text);
			assert.equal(fastParse(text)!.plainNumbers || !plain, true, `${text}: the scan agrees`);
		}
		assert.equal(literalsArePlain(fixture('runc-spec.json')), true, 'runc spec');
	});

	test('runc spec: takes the provisional path and lints as the full parser does', () => {
		const text = fixture('runc-spec.json');
		assert.ok(parseDocumentDeferringDuplicates(text).gate, 'not scanned');
		const r = lintText(text);
		assert.equal(r.diagnostics.length, 3);
		const full = lintText(`/* c */\n${text}`).diagnostics.filter((d) => d.code !== 'parse-comment');
		const where = (ds: typeof full, shift: number) => ds.map((d) => [d.code, d.severity, d.pointer, d.message, d.range.start.line - shift, d.range.start.character, d.range.end.line - shift, d.range.end.character]);
		assert.deepEqual(where(r.diagnostics, 0), where(full, 1));
	});

	test('a node looked up through unended containers has the full parser\'s range, and so do they once read', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), fc.constantFrom(undefined, 2, '\t'), fc.nat(), (v, indent, seed) => {
				const text = JSON.stringify(v, null, indent);
				const { doc, gate } = parseDocumentDeferringDuplicates(text);
				const full = parseDocumentFull(text);
				if (!gate) return;
				// JSON.stringify writes each key once.
				(doc.root as LazyContainer).keysUnique();
				const paths = pathsOf(doc.value);
				// Deep paths first: their ancestors are then crossed before their own ends are known.
				const order = paths.map((_, i) => paths[(i * 7919 + seed) % paths.length]).sort((a, b) => b.length - a.length);
				for (const p of order) assert.deepEqual(range(doc.nodeAt(p)), range(full.nodeAt(p)), JSON.stringify(p));
			}),
			{ numRuns: 300 },
		);
	});

	test('keys stepped over in text order, also where array-index keys make the value enumerate them otherwise', () => {
		for (const text of [
			'{"b": {"x": [1, {"y": "z"}]}, "a": ["q", {"r": 2}], "c": 3}',
			'{"b": {"x": 1}, "10": ["q"], "2": {"r": [2]}, "a": {"s": "t"}}',
			'{"__proto__": {"p": 1}, "0": [], "a": {"k": "v"}, "1a": {"m": [3]}}',
			'{\n\t"b" :\t{ "x" : [ 1 , { "y" : "z" } ] } ,\n\t"a" : [ ]\n}',
		]) {
			const { doc, gate } = parseDocumentDeferringDuplicates(text);
			assert.ok(gate, text);
			(doc.root as LazyContainer).keysUnique();
			const full = parseDocumentFull(text);
			for (const p of pathsOf(doc.value).reverse()) assert.deepEqual(range(doc.nodeAt(p)), range(full.nodeAt(p)), `${text} ${JSON.stringify(p)}`);
		}
	});

	test('the same config with and without its scan gives the same diagnostics', () => {
		const base = JSON.parse(fixture('runc-spec.json'));
		base.process.user.uid = -3;
		base.process.cwd = 'relative';
		base.mounts[1].options = 'nosuid';
		base.linux.namespaces.push({ type: 'bogus' }, { type: 'pid' });
		base.linux.resources = { devices: [{ allow: 'yes' }], memory: { limit: 10, swap: 5 } };
		base.annotations = { 'org.opencontainers.x': 'v1.5 -0', '': 'b' };
		base.hooks = { prestart: [{ path: 'rel' }] };
		// Last, so that rewriting its literal moves no other range.
		base.zz = 1;
		for (const indent of ['\t', 2, undefined] as const) {
			const text = JSON.stringify(base, null, indent);
			assert.ok(parseDocumentDeferringDuplicates(text).gate, 'not scanned');
			// A fraction elsewhere makes the same config scanned: its diagnostics must not change.
			const scanned = text.replace(/"zz": ?1/, '"zz": 1.0');
			assert.equal(parseDocumentDeferringDuplicates(scanned).gate, undefined, 'scanned');
			const strip = (ds: ReturnType<typeof lintText>['diagnostics']) => ds.filter((d) => d.pointer !== '/zz').map((d) => JSON.stringify(d));
			const ours = strip(lintText(text).diagnostics);
			assert.ok(ours.length > 8, `${ours.length} diagnostics`);
			assert.deepEqual(ours, strip(lintText(scanned).diagnostics));
		}
	});
});
