import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { envProblem, isCleanAbsolute, toAbsolute } from '../../../../server/src/lint/rules/helpers';
import { LastIndexTable } from '../../../../server/src/lint/rules/lastIndexTable';
import { base, lintRules } from './ruleHarness';

/** toAbsolute as it was before its fast path: the reference. */
function referenceAbsolute(p: string): string {
	const parts: string[] = [];
	for (const seg of p.split('/')) {
		if (seg === '' || seg === '.') continue;
		if (seg === '..') parts.pop();
		else parts.push(seg);
	}
	return '/' + parts.join('/');
}

/** The straightforward mount-shadowed check (every ancestor of every mount): the reference. */
function referenceShadowed(dests: string[]): string[] {
	const abs = dests.map(referenceAbsolute);
	const last = new Map<string, number>();
	abs.forEach((d, i) => last.set(d, i));
	const out: string[] = [];
	abs.forEach((d, i) => {
		let p = d;
		for (;;) {
			const j = last.get(p);
			if (j !== undefined && j > i) {
				out.push(`/mounts/${i}/destination hidden by ${p} (mounts[${j}])`);
				return;
			}
			if (p === '/') return;
			p = p.slice(0, p.lastIndexOf('/')) || '/';
		}
	});
	return out;
}

const segment = fc.constantFrom('', '.', '..', 'a', 'b', '.a', '..b', 'a.');
const path = fc.array(segment, { maxLength: 5 }).chain((segs) => fc.boolean().map((lead) => (lead ? '/' : '') + segs.join('/')));

describe('allocation-free path fast paths agree with the plain algorithms', () => {
	test('isCleanAbsolute(p) exactly when toAbsolute would return p unchanged; toAbsolute unchanged', () => {
		fc.assert(
			fc.property(path, (p) => {
				assert.equal(isCleanAbsolute(p), referenceAbsolute(p) === p, p);
				assert.equal(toAbsolute(p), referenceAbsolute(p), p);
			}),
			{ numRuns: 3000 },
		);
	});

	/** Over `lists` of mount destinations, the rule reports exactly what walking every ancestor reports. */
	const shadowedAsReference = (lists: fc.Arbitrary<string[]>, numRuns: number): void =>
		fc.assert(
			fc.property(lists, (dests) => {
				const c = base();
				c.mounts = dests.map((destination) => ({ destination, type: 'tmpfs', source: 'tmpfs' }));
				const got = lintRules(c)
					.filter((d) => d.code === 'mount-shadowed')
					.map((d) => `${d.pointer} hidden by ${/later mount on (\S+)/.exec(d.message)![1]} (${/\((mounts\[\d+\])\)/.exec(d.message)![1]})`);
				assert.deepEqual(got, referenceShadowed(dests));
			}),
			{ numRuns },
		);

	test('mount-shadowed: the memoized check reports exactly what walking every ancestor reports', () => {
		shadowedAsReference(fc.array(path, { maxLength: 12 }), 500);
	});

	test('mount-shadowed: the table-based check for many mounts reports exactly what walking every ancestor reports', () => {
		shadowedAsReference(fc.array(path, { minLength: 33, maxLength: 70 }), 100);
	});

	test('process-env-duplicate: pairwise (few entries) and hashed (many) agree with a Map of names', () => {
		const entry = fc.tuple(fc.constantFrom('A', 'B', 'AB', 'PATH', 'A_1', ''), fc.constantFrom('=1', '=', '=x=y', '')).map(([k, v]) => k + v);
		fc.assert(
			fc.property(fc.array(entry, { maxLength: 40 }), (env) => {
				const c = base();
				(c.process as { env: string[] }).env = env;
				const last = new Map<string, number>();
				env.forEach((e, i) => e.indexOf('=') > 0 && last.set(e.slice(0, e.indexOf('=')), i));
				const expected = env.flatMap((e, i) => {
					const j = e.indexOf('=') > 0 ? last.get(e.slice(0, e.indexOf('=')))! : i;
					return j !== i ? [`/process/env/${i} ${j}`] : [];
				});
				const got = lintRules(c)
					.filter((d) => d.code === 'process-env-duplicate')
					.map((d) => `${d.pointer} ${/process\.env\[(\d+)\]/.exec(d.message)![1]}`);
				assert.deepEqual(got, expected);
			}),
			{ numRuns: 500 },
		);
	});

	test('process-env-format: the in-loop check of many entries reports exactly what envProblem finds', () => {
		const name = fc.array(fc.constantFrom('A', 'z', '_', '7', '-', '.', '\0', 'é', ' '), { maxLength: 4 }).map((cs) => cs.join(''));
		const entry = fc.tuple(name, fc.constantFrom('=1', '=', '=a\0b', '', '=x=y')).map(([k, v]) => k + v);
		fc.assert(
			fc.property(fc.array(entry, { minLength: 17, maxLength: 40 }), (env) => {
				const c = base();
				(c.process as { env: string[] }).env = env;
				const expected = env.flatMap((e, i) => {
					const p = envProblem(e);
					return p ? [`/process/env/${i} ${p.severity} process.env entry "${e}" ${p.what}.`] : [];
				});
				const got = lintRules(c)
					.filter((d) => d.code === 'process-env-format')
					.map((d) => `${d.pointer} ${d.severity} ${d.message}`);
				assert.deepEqual(got, expected);
			}),
			{ numRuns: 300 },
		);
	});

	test('LastIndexTable.repeats: set exactly when two keyed entries share a key (else no entry has a later twin)', () => {
		fc.assert(
			fc.property(fc.array(fc.option(fc.constantFrom('A', 'B', 'AB', 'ABC', 'B=1', 'C'), { nil: undefined }), { maxLength: 40 }), (entries) => {
				const lengths = new Int32Array(entries.map((e) => (e === undefined ? -1 : e.indexOf('=') < 0 ? e.length : e.indexOf('='))));
				const table = new LastIndexTable(entries, lengths);
				const keys = entries.flatMap((e, i) => (lengths[i] < 0 ? [] : [e!.slice(0, lengths[i])]));
				assert.equal(table.repeats, new Set(keys).size < keys.length);
				if (!table.repeats) entries.forEach((_, i) => assert.equal(table.lastOf(i), lengths[i] < 0 ? -1 : i));
			}),
			{ numRuns: 300 },
		);
	});

	test('a destination with 20,000 segments does not exhaust the stack', () => {
		const c = base();
		c.mounts = [{ destination: '/x'.repeat(20_000), type: 'tmpfs', source: 'tmpfs' }, { destination: '/x', type: 'tmpfs', source: 'tmpfs' }];
		assert.deepEqual(lintRules(c).filter((d) => d.code === 'mount-shadowed').map((d) => d.pointer), ['/mounts/0/destination']);
	});
});
