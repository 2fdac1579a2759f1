import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../server/src/lint/index';
import { demoteConflictingFixes } from '../../../server/src/lint/demoteConflictingFixes';
import type { LintDiagnostic, TextEdit } from '../../../server/src/lint/types';

/** Applies every preferred fix of every diagnostic at once, as "fix all" does; throws on overlapping edits. */
function applyAllPreferred(text: string, ds: LintDiagnostic[]): string {
	const edits: TextEdit[] = ds.flatMap((d) => (d.fixes ?? []).filter((f) => f.isPreferred).flatMap((f) => f.edits));
	edits.sort((a, b) => b.offset - a.offset || b.length - a.length);
	let out = text;
	let limit = Infinity;
	for (const e of edits) {
		assert.ok(e.offset + e.length <= limit, `overlapping edits at ${e.offset}`);
		out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
		limit = e.offset;
	}
	return out;
}

const base = (extra: string, namespaces: string): string =>
	`{\n\t"ociVersion": "1.2.0",\n\t"process": {"cwd": "/", "args": ["sh"]},\n\t"root": {"path": "rootfs"},\n${extra}\t"linux": {\n\t\t"namespaces": [\n${namespaces}\n\t\t]\n\t}\n}`;

describe('applying all preferred fixes together', () => {
	test('hostname and domainname both missing uts: one preferred insertion, valid JSON with one uts entry', () => {
		const text = base('\t"hostname": "a",\n\t"domainname": "b",\n', '\t\t\t{"type": "pid"},\n\t\t\t{"type": "mount"}');
		const ds = lintText(text).diagnostics.filter((d) => d.code === 'namespace-uts-required');
		assert.equal(ds.length, 2);
		assert.deepEqual(ds.map((d) => d.fixes?.map((f) => f.isPreferred)), [[true], [false]]);
		// The second one still offers the same fix, just not as the preferred one.
		assert.deepEqual(ds[1].fixes![0].edits, ds[0].fixes![0].edits);
		const fixed = applyAllPreferred(text, lintText(text).diagnostics);
		const value = JSON.parse(fixed) as { linux: { namespaces: { type: string }[] } };
		assert.deepEqual(value.linux.namespaces.map((n) => n.type), ['pid', 'mount', 'uts']);
		assert.ok(!lintText(fixed).diagnostics.some((d) => d.code === 'namespace-uts-required'));
	});

	test('no linux.namespaces at all: the array is created once', () => {
		const text = '{\n\t"ociVersion": "1.2.0",\n\t"process": {"cwd": "/", "args": ["sh"]},\n\t"root": {"path": "rootfs"},\n\t"hostname": "a",\n\t"domainname": "b",\n\t"linux": {}\n}';
		const fixed = applyAllPreferred(text, lintText(text).diagnostics);
		const value = JSON.parse(fixed) as { linux: { namespaces: { type: string }[] } };
		assert.deepEqual(value.linux.namespaces, [{ type: 'uts' }]);
	});

	test('different namespaces inserted at the same point: one at a time, so the JSON stays valid and each fix lands', () => {
		const text = base('\t"hostname": "a",\n', '\t\t\t{"type": "pid"},\n\t\t\t{"type": "mount"}').replace('"linux": {', '"linux": {\n\t\t"sysctl": {"net.ipv4.ip_forward": "1", "net.core.somaxconn": "1024"},');
		let current = text;
		for (let round = 0; round < 4; round++) {
			const ds = lintText(current).diagnostics;
			if (!ds.some((d) => d.fixes?.some((f) => f.isPreferred) && /namespace-(uts-)?required/.test(d.code))) break;
			current = applyAllPreferred(current, ds);
			JSON.parse(current);
		}
		const value = JSON.parse(current) as { linux: { namespaces: { type: string }[] } };
		assert.deepEqual(value.linux.namespaces.map((n) => n.type).sort(), ['mount', 'network', 'pid', 'uts']);
	});

	test('demotion: overlapping and same-point edits conflict, adjacent replacements do not', () => {
		const fix = (offset: number, length: number, newText = 'x') => ({ title: 't', isPreferred: true, edits: [{ offset, length, newText }] });
		const d = (f: ReturnType<typeof fix>): LintDiagnostic => ({ severity: 'error', code: 'c', message: 'm', pointer: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, fixes: [f] });
		const ds = [d(fix(0, 5)), d(fix(5, 5)), d(fix(3, 4)), d(fix(20, 0)), d(fix(20, 0)), d(fix(12, 0)), d(fix(10, 0))];
		demoteConflictingFixes(ds);
		assert.deepEqual(ds.map((x) => x.fixes![0].isPreferred), [true, true, false, true, false, true, false]);
	});
});
