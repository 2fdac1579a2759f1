import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument, parseDocumentDeferringDuplicates, parseDocumentFull } from '../../../server/src/lint/parseDocument';
import { LazyContainer } from '../../../server/src/lint/fastParse';
import type { JsonNode, JsonPath } from '../../../server/src/lint/model';

/** Every path to a value in a JSON value, plus a few that lead nowhere. */
function paths(v: unknown, at: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
	out.push(at);
	if (Array.isArray(v)) {
		v.forEach((x, i) => paths(x, [...at, i], out));
		out.push([...at, v.length], [...at, 'length'], [...at, -1], [...at, 0.5]);
	} else if (v !== null && typeof v === 'object') {
		for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
		out.push([...at, 'missing'], [...at, 0]);
	}
	return out;
}

function range(n: JsonNode | undefined): unknown {
	return n && { type: n.type, offset: n.offset, length: n.length, value: n.value, key: n.parent?.type === 'property' ? n.parent.children?.[0].value : undefined };
}

describe('nodeAt on the lazy tree (one child looked up without building its siblings)', () => {
	test('finds what the full parser finds, and the node stays the same object once all children are built', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 2, '\t'), (v, indent) => {
				const text = JSON.stringify(v, null, indent) ?? 'null';
				const lazy = parseDocument(text);
				const full = parseDocumentFull(text);
				const all = paths(v);
				const found = all.map((p) => lazy.nodeAt(p));
				all.forEach((p, i) => assert.deepEqual(range(found[i]), range(full.nodeAt(p)), JSON.stringify(p)));
				// Building every container's children afterwards must hand back the very nodes found.
				all.forEach((p, i) => {
					const n = found[i];
					if (!n || p.length === 0) return;
					const siblings = n.parent!.type === 'property' ? n.parent!.parent!.children!.map((c) => c.children![1]) : n.parent!.children!;
					assert.ok(siblings.includes(n), `${JSON.stringify(p)} is among its parent's children`);
					assert.equal(lazy.nodeAt(p), n, JSON.stringify(p));
				});
			}),
			{ numRuns: 300 },
		);
	});

	test('repeated keys: the last one wins; escaped keys are matched decoded', () => {
		// lintText keeps the lazy tree of a document with repeated keys (and reports them itself).
		const { doc } = parseDocumentDeferringDuplicates('{"a": {"x": 1}, "b": 2, "a": {"x": 3}}');
		assert.ok(doc.root instanceof LazyContainer);
		assert.equal(doc.nodeAt(['a', 'x'])?.value, 3);
		assert.equal(doc.nodeAt(['a'])?.offset, doc.text.lastIndexOf('{'));
		const escaped = parseDocument('{"a": 1, "b\\u0041": 2}');
		assert.ok(escaped.root instanceof LazyContainer);
		assert.equal(escaped.nodeAt(['bA'])?.value, 2);
		assert.equal(escaped.nodeAt(['b\\u0041']), undefined);
	});
});
