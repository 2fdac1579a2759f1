import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags, type FlagSpec } from '../../../server/src/helper/cliFlags';

const specs: FlagSpec[] = [
	{ name: 'bundle', alias: 'b', kind: 'string', help: '' },
	{ name: 'detach', alias: 'd', kind: 'bool', help: '' },
	{ name: 'empty-ns', kind: 'list', help: '' },
];

describe('CLI flag parsing (runc-style)', () => {
	test('long, short, = forms, lists, -- and positionals', () => {
		const r = parseFlags(['-b', '/b', '--detach', '--empty-ns=network', '--empty-ns', 'a,b', 'id', '--', '--not-a-flag'], specs);
		assert.equal(r.values.get('bundle'), '/b');
		assert.equal(r.values.get('detach'), true);
		assert.deepEqual(r.values.get('empty-ns'), ['network', 'a', 'b']);
		assert.deepEqual(r.positionals, ['id', '--not-a-flag']);
		assert.equal(parseFlags(['--detach=false'], specs).values.get('detach'), false);
		assert.equal(parseFlags(['-h'], specs).help, true);
	});

	test('unknown flags and missing values are one-line errors', () => {
		assert.throws(() => parseFlags(['--bogus'], specs), /unknown flag '--bogus'/);
		assert.throws(() => parseFlags(['--bundle'], specs), /--bundle needs a value/);
		assert.throws(() => parseFlags(['--detach=yes'], specs), /takes no value/);
	});
});
