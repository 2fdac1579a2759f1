import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectNone, expectOne, fixAndRelint, text } from './ruleHarness';

describe('rlimit-*', () => {
	test('unknown type with a did-you-mean fix', () => {
		const c = base();
		c.process.rlimits = [{ type: 'RLIMIT_NOFLIE', hard: 1024, soft: 1024 }];
		const d = expectOne(c, 'rlimit-unknown-type', '/process/rlimits/0/type');
		assert.match(d.message, /RLIMIT_NOFILE/);
		assert.equal(JSON.parse(fixAndRelint(c, 'rlimit-unknown-type', '/process/rlimits/0/type')).process.rlimits[0].type, 'RLIMIT_NOFILE');
		c.process.rlimits = [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }];
		expectNone(c, 'rlimit-unknown-type');
		// A malformed name is the schema's pattern error, not reported twice.
		c.process.rlimits = [{ type: 'rlimit_nofile', hard: 1024, soft: 1024 }];
		expectNone(c, 'rlimit-unknown-type');
	});
	test('duplicate type: error, fix removes the second entry', () => {
		const c = base();
		c.process.rlimits = [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }, { type: 'RLIMIT_CORE', hard: 0, soft: 0 }, { type: 'RLIMIT_NOFILE', hard: 2048, soft: 2048 }];
		expectOne(c, 'rlimit-duplicate', '/process/rlimits/2/type');
		const fixed = JSON.parse(fixAndRelint(c, 'rlimit-duplicate', '/process/rlimits/2/type'));
		assert.deepEqual(fixed.process.rlimits.map((r: { type: string }) => r.type), ['RLIMIT_NOFILE', 'RLIMIT_CORE']);
	});
	test('soft above hard, compared exactly beyond 2^53', () => {
		const c = base();
		c.process.rlimits = [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 4096 }];
		expectOne(c, 'rlimit-soft-above-hard', '/process/rlimits/0/soft');
		const big = text(base()).replace('"cwd": "/"', '"cwd": "/", "rlimits": [{"type": "RLIMIT_AS", "hard": 18446744073709551614, "soft": 18446744073709551615}]');
		expectOne(big, 'rlimit-soft-above-hard', '/process/rlimits/0/soft');
		const equal = big.replace('18446744073709551614', '18446744073709551615');
		expectNone(equal, 'rlimit-soft-above-hard');
	});
});
