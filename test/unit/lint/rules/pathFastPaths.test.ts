import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCleanAbsolute, toAbsolute } from '../../../../server/src/lint/rules/helpers';
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

	test('mount-shadowed: the memoized check reports exactly what walking every ancestor reports', () => {
		fc.assert(
			fc.property(fc.array(path, { maxLength: 12 }), (dests) => {
				const c = base();
				c.mounts = dests.map((destination) => ({ destination, type: 'tmpfs', source: 'tmpfs' }));
				const got = lintRules(c)
					.filter((d) => d.code === 'mount-shadowed')
					.map((d) => `${d.pointer} hidden by ${/later mount on (\S+)/.exec(d.message)![1]} (${/\((mounts\[\d+\])\)/.exec(d.message)![1]})`);
				assert.deepEqual(got, referenceShadowed(dests));
			}),
			{ numRuns: 500 },
		);
	});

	test('a destination with 20,000 segments does not exhaust the stack', () => {
		const c = base();
		c.mounts = [{ destination: '/x'.repeat(20_000), type: 'tmpfs', source: 'tmpfs' }, { destination: '/x', type: 'tmpfs', source: 'tmpfs' }];
		assert.deepEqual(lintRules(c).filter((d) => d.code === 'mount-shadowed').map((d) => d.pointer), ['/mounts/0/destination']);
	});
});
