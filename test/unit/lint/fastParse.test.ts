import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument, parseDocumentFull } from '../../../server/src/lint/parseDocument';
import { fastParse } from '../../../server/src/lint/fastParse';
import type { JsonNode } from '../../../server/src/lint/model';
import { CORPUS_HOW, requirePrerequisite } from '../../support/requirements';
import { lintText } from '../../../server/src/lint/index';

/** A node tree as plain data (type, range, value, colon, children), checking parent links on the way. */
function shape(n: JsonNode | undefined, parent?: JsonNode): unknown {
	if (!n) return undefined;
	assert.equal(n.parent, parent, 'parent link');
	return { type: n.type, offset: n.offset, length: n.length, value: n.value, colonOffset: n.colonOffset, children: n.children?.map((c) => shape(c, n)) };
}

function sameAsFullParser(text: string): void {
	const fast = parseDocument(text);
	const full = parseDocumentFull(text);
	assert.deepEqual(shape(fast.root), shape(full.root));
	assert.deepEqual(fast.value, full.value);
	assert.deepEqual(fast.diagnostics, full.diagnostics);
}

describe('fast path (JSON.parse + lazy nodes) matches the full parser', () => {
	test('on every corpus file', (t) => {
		const dir = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'corpus', 'configs');
		if (!requirePrerequisite(t, existsSync(dir), 'the shared corpus beside the repository (../shared/corpus)', CORPUS_HOW)) return;
		const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith('.json') ? [join(d, n)] : []));
		let fastCount = 0;
		for (const file of walk(dir)) {
			const text = readFileSync(file, 'utf8');
			if (fastParse(text)) fastCount++;
			sameAsFullParser(text);
		}
		assert.ok(fastCount > 10, `fast path taken for ${fastCount} files`);
	});

	test('on generated JSON, pretty and compact, with escapes', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(undefined, 2, '\t'), (v, indent) => {
				const text = JSON.stringify(v, null, indent) ?? 'null';
				sameAsFullParser(text);
			}),
			{ numRuns: 300 },
		);
	});

	test('falls back to the full parser when JSON.parse cannot see the problem', () => {
		const table: [string, string][] = [
			['{"a": 1, "a": 2}', 'duplicate keys'],
			['{"a": {"b": 1, "b": 1}}', 'nested duplicate keys'],
			['['.repeat(10_001) + ']'.repeat(10_001), 'nesting over Go\'s limit'],
			['\ufeff{}', 'BOM'],
			['{"a": 1,}', 'trailing comma'],
		];
		for (const [text, why] of table) assert.equal(fastParse(text), undefined, why);
		assert.ok(fastParse('{"a": [1, -2, 123456789012345], "b": "x\\"y:z", "c:d": null}'), 'plain document takes the fast path');
	});

	test('non-plain number literals keep the fast path but mark the numbers for literal checks', () => {
		for (const [text, why] of [
			['{"a": 1.0}', 'fraction'],
			['{"a": 1e3}', 'exponent'],
			['{"a": [2, 1E-3]}', 'signed exponent'],
			['{"a": -0}', 'negative zero'],
			['{"a": 18446744073709551615}', 'uint64-sized literal'],
		]) {
			const fast = fastParse(text);
			assert.ok(fast, why);
			assert.equal(fast.plainNumbers, false, why);
			sameAsFullParser(text);
		}
		assert.equal(fastParse('{"a": [1, -2, 123456789012345]}')?.plainNumbers, true);
	});

	test('the number stage judges literals on the fast path exactly as on the full one', () => {
		const cfg = (v: string) => `{"ociVersion": "1.2.0", "root": {"path": "rootfs"}, "process": {"cwd": "/", "args": ["sh"], "user": {"uid": ${v}, "gid": 0}}, "linux": {"resources": {"memory": {"limit": ${v}}}}}`;
		for (const v of ['1.0', '1e3', '-0', '18446744073709551615', '4294967296', '-1', '7']) {
			const fast = lintText(cfg(v)).diagnostics.map((d) => `${d.code} ${d.pointer}`);
			// A comment (an error JSON.parse rejects) sends the same document down the full parser.
			const full = lintText(`/* c */ ${cfg(v)}`).diagnostics.filter((d) => d.code !== 'parse-comment').map((d) => `${d.code} ${d.pointer}`);
			assert.deepEqual(fast, full, v);
			if (v !== '7' && v !== '-1') assert.ok(fast.some((d) => d.endsWith('/process/user/uid')), `${v}: ${fast.join(', ')}`);
		}
	});

	test('duplicate keys are still reported when the key count is balanced by a colon in a string', () => {
		const doc = parseDocument('{"a": ":", "a": "x"}');
		assert.deepEqual(doc.diagnostics.map((d) => d.code), ['duplicate-key']);
	});
});
