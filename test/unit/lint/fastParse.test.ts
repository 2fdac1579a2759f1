import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument, parseDocumentDeferringDuplicates, parseDocumentFull } from '../../../server/src/lint/parseDocument';
import { countKeys, fastParse } from '../../../server/src/lint/fastParse';
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

/**
 * A large text (64 KiB and more) linted by lintText is not scanned up front: its gate is settled
 * from the value (see ProvisionalGate). Trailing whitespace makes any document large without moving
 * a diagnostic, so each case below is linted twice, small (scanned) and padded (provisional), and
 * must give the same result.
 */
describe('large texts: the gate settled from the value gives what the scan gives', () => {
	const pad = (text: string): string => text + '\n'.repeat(70_000);
	const cfg = (extra: string, uid = '0') =>
		`{\n\t"ociVersion": "1.2.0",\n\t"root": {"path": "rootfs"},\n\t"process": {"cwd": "/", "args": ["sh"], "env": ["PATH=/usr/bin:/bin"], "user": {"uid": ${uid}, "gid": 0}, "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}]},\n\t"annotations": {"com.example.a": "b"}${extra}\n}`;
	const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);

	function samePadded(text: string, why: string): string[] {
		assert.ok(text.length < 65_536, `${why}: the unpadded text is scanned`);
		const small = lintText(text);
		assert.ok(parseDocumentDeferringDuplicates(pad(text)).gate, `${why}: the padded text takes the provisional path`);
		assert.deepEqual(lintText(pad(text)), small, why);
		return small.diagnostics.map((d) => `${d.code} ${d.pointer}`);
	}

	test('a clean config: the colon count settles the gate without the scan', () => {
		const text = pad(cfg(''));
		const { doc, keysInText, gate } = parseDocumentDeferringDuplicates(text);
		assert.ok(gate);
		assert.equal(keysInText, countKeys(doc.value), 'the bound is exact when no string starts with a colon');
		assert.deepEqual(samePadded(cfg(''), 'clean'), []);
	});

	test('duplicate keys, also escaped ones and ones a colon-led string hides from the count', () => {
		const duplicates = (codes: string[]) => codes.filter((c) => c.startsWith('duplicate-key'));
		assert.deepEqual(duplicates(samePadded(cfg(', "hostname": "a", "hostname": "b"'), 'duplicate')), ['duplicate-key /hostname']);
		assert.deepEqual(duplicates(samePadded(cfg(', "hostname": "a", "host\\u006eame": "b"'), 'escaped duplicate')), ['duplicate-key /hostname']);
		assert.deepEqual(duplicates(samePadded(cfg(', "annotations": {"a": 1}'), 'duplicate container')), ['duplicate-key /annotations']);
		// The string ":" adds a colon the bound counts: the exact scan then finds the duplicate.
		assert.deepEqual(duplicates(samePadded(cfg(', "hostname": ":", "hostname": "b"'), 'colon-led string')), ['duplicate-key /hostname']);
		assert.deepEqual(samePadded(cfg(', "annotations": {"a": ": x"}'), 'colon-led string, no duplicate'), ['duplicate-key /annotations']);
		assert.deepEqual(samePadded(cfg('').replace('"b"', '": x"'), 'colon-led string, no duplicate'), []);
	});

	test('number literals JSON.parse cannot tell apart are judged from their text', () => {
		for (const v of ['1.0', '1e3', '1E+2', '-0', '1234567890123456', '18446744073709551616', '4294967296', '-1', '7']) {
			const codes = samePadded(cfg('', v), v);
			if (v !== '7') assert.ok(codes.some((c) => c.endsWith('/process/user/uid')), `${v}: ${codes.join(', ')}`);
		}
	});

	test('many integer fields: one scan answers for all of them, a non-plain literal among them is still reported', () => {
		const devices = Array.from({ length: 100 }, (_, i) => `{"path": "/dev/d${i}", "type": "c", "major": ${i + 1}, "minor": ${i}, "fileMode": 438}`);
		const text = (major: string) => cfg(`, "linux": {"devices": [${devices.join(', ').replace('"major": 8,', `"major": ${major},`)}]}`);
		assert.deepEqual(samePadded(text('8'), 'plain'), []);
		assert.deepEqual(samePadded(text('8.0'), 'a fraction'), ['integer-expected /linux/devices/7/major']);
	});

	test('nesting beyond Go\'s limit is found, wherever the value hides it', () => {
		const over = deep(10_001);
		for (const [extra, why] of [
			[`, "x": ${over}`, 'unknown member'],
			[`, "windows": {"credentialSpec": {"a": ${over}}}`, 'opaque value'],
			[`, "hostname": ${over}`, 'wrong type'],
			[`, "x": ${over}, "x": 1`, 'a duplicate key drops it from the value'],
		]) {
			assert.deepEqual(samePadded(cfg(extra), why).map((c) => c.split(' ')[0]), ['parse-too-deep'], why);
		}
		assert.deepEqual(samePadded(cfg(`, "x": ${deep(9_990)}`), 'just within').map((c) => c.split(' ')[0]), ['unknown-key']);
	});

	test('diagnostics deep in a large config get the ranges the scanned tree gives', () => {
		const mounts = Array.from({ length: 2000 }, (_, i) => `{"destination": "${i % 3 ? '/' : ''}data/v${i}", "type": "bind", "source": "/srv/v${i}", "options": ["rbind", "${i % 5 ? 'ro' : 'bogus'}"]}`);
		const text = cfg(`, "mounts": [\n\t\t${mounts.join(',\n\t\t')}\n\t], "linux": {"resources": {"memory": {"limit": 1.5}}}`).replace('"com.example.a"', '"org.opencontainers.a": "x", "": "y", "com.example.a"');
		assert.ok(text.length >= 65_536, 'large without padding');
		assert.ok(parseDocumentDeferringDuplicates(text).gate);
		const r = lintText(text);
		assert.ok(r.diagnostics.length > 600, `${r.diagnostics.length} diagnostics`);
		// A comment line in front sends the same document down the full parser (one line lower).
		const full = lintText(`/* c */\n${text}`).diagnostics.filter((d) => d.code !== 'parse-comment');
		const where = (ds: typeof full, shift: number) => ds.map((d) => [d.code, d.severity, d.pointer, d.message, d.range.start.line - shift, d.range.start.character, d.range.end.line - shift, d.range.end.character]);
		assert.deepEqual(where(r.diagnostics, 0), where(full, 1));
	});
});
