import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { definedOnly, FlagValues, oneContainerId, parseFlags, SHARED_CRIU_FLAGS, TOOL_FLAGS, type FlagSpec } from '../../../server/src/helper/cliFlags';

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

	test('typed reads: shared CRIU options, tools (CRIU from OCI_RESTORE_CRIU), paths resolved, undefined dropped', (t) => {
		const all = [...specs, ...SHARED_CRIU_FLAGS, ...TOOL_FLAGS];
		const saved = process.env.OCI_RESTORE_CRIU;
		t.after(() => (saved === undefined ? delete process.env.OCI_RESTORE_CRIU : (process.env.OCI_RESTORE_CRIU = saved)));
		process.env.OCI_RESTORE_CRIU = '/opt/criu/criu';
		const v = new FlagValues(parseFlags(['--shell-job', '--tcp-established=false', '--manage-cgroups-mode', 'soft', '--runc', 'bin/runc', 'id'], all).values);
		assert.deepEqual(definedOnly(v.criuOptions()), { shellJob: true, manageCgroupsMode: 'soft' });
		assert.deepEqual(definedOnly(v.tools()), { runc: `${process.cwd()}/bin/runc`, criu: '/opt/criu/criu' });
		const w = new FlagValues(parseFlags(['--criu', '/usr/sbin/criu', '--root', '/run/x', 'id'], all).values);
		assert.deepEqual(definedOnly(w.tools()), { criu: '/usr/sbin/criu', runcRoot: '/run/x' });
		assert.equal(oneContainerId(['id']), 'id');
		assert.throws(() => oneContainerId([]), /missing container ID/);
		assert.throws(() => oneContainerId(['a', 'b']), /one container ID expected, got: a b/);
	});
});
