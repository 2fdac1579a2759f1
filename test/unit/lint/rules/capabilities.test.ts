import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectCodes, expectNone, expectOne, fixAndRelint } from './ruleHarness';
import { closest } from '../../../../server/src/lint/rules/closest';
import { capabilityNames } from '../../../../server/src/lint/knowledge/capabilities';

function withCaps(caps: Record<string, string[]>) {
	const c = base();
	c.process.capabilities = caps;
	return c;
}

describe('capability-*', () => {
	test('misspelled capability: did-you-mean fix', () => {
		const c = withCaps({ bounding: ['CAP_SYS_ADMN'] });
		const d = expectOne(c, 'capability-unknown', '/process/capabilities/bounding/0');
		assert.match(d.message, /did you mean CAP_SYS_ADMIN/);
		assert.equal(d.fixes?.[0].title, 'Change to CAP_SYS_ADMIN');
		const fixed = fixAndRelint(c, 'capability-unknown', '/process/capabilities/bounding/0');
		assert.deepEqual(JSON.parse(fixed).process.capabilities.bounding, ['CAP_SYS_ADMIN']);
	});
	test('missing CAP_ prefix and lower case are fixed', () => {
		const c = withCaps({ bounding: ['NET_RAW', 'cap_chown'] });
		expectCodes(c, [['capability-unknown', '/process/capabilities/bounding/0'], ['capability-unknown', '/process/capabilities/bounding/1']]);
		const once = fixAndRelint(c, 'capability-unknown', '/process/capabilities/bounding/0');
		const twice = fixAndRelint(once, 'capability-unknown', '/process/capabilities/bounding/1');
		assert.deepEqual(JSON.parse(twice).process.capabilities.bounding, ['CAP_NET_RAW', 'CAP_CHOWN']);
	});
	test('an unrecognisable name has no fix', () => {
		const d = expectOne(withCaps({ bounding: ['CAP_WHATEVER_THING'] }), 'capability-unknown', '/process/capabilities/bounding/0');
		assert.equal(d.fixes, undefined);
	});
	test('duplicates warn; the fix removes the entry keeping valid JSON (middle, last, first)', () => {
		for (const [list, dup] of [[['CAP_KILL', 'CAP_KILL', 'CAP_CHOWN'], 1], [['CAP_CHOWN', 'CAP_KILL', 'CAP_KILL'], 2]] as const) {
			const c = withCaps({ bounding: [...list] });
			const d = expectOne(c, 'capability-duplicate', `/process/capabilities/bounding/${dup}`);
			assert.equal(d.severity, 'warning');
			const fixed = fixAndRelint(c, 'capability-duplicate', `/process/capabilities/bounding/${dup}`);
			assert.deepEqual(JSON.parse(fixed).process.capabilities.bounding.sort(), ['CAP_CHOWN', 'CAP_KILL']);
		}
		const oneLine = '{"ociVersion": "1.2.0", "root": {"path": "rootfs"}, "process": {"cwd": "/", "args": ["/x"], "capabilities": {"bounding": ["CAP_KILL","CAP_KILL"]}}}';
		const fixed = fixAndRelint(oneLine, 'capability-duplicate', '/process/capabilities/bounding/1');
		assert.equal(fixed.includes('["CAP_KILL"]'), true);
	});
	test('effective must be permitted', () => {
		const c = withCaps({ effective: ['CAP_KILL', 'CAP_CHOWN'], permitted: ['CAP_KILL'] });
		const d = expectOne(c, 'capability-effective-not-permitted', '/process/capabilities/effective/1');
		assert.equal(d.severity, 'error');
		expectNone(withCaps({ effective: ['CAP_KILL'], permitted: ['CAP_KILL'] }), 'capability-effective-not-permitted');
	});
	test('ambient must be permitted and inheritable (runc warns and drops it)', () => {
		const c = withCaps({ ambient: ['CAP_KILL'], permitted: ['CAP_KILL'] });
		const d = expectOne(c, 'capability-ambient-not-permitted-inheritable', '/process/capabilities/ambient/0');
		assert.equal(d.severity, 'warning');
		assert.match(d.message, /inheritable/);
		expectNone(withCaps({ ambient: ['CAP_KILL'], permitted: ['CAP_KILL'], inheritable: ['CAP_KILL'] }), 'capability-ambient-not-permitted-inheritable');
	});
});

describe('closest', () => {
	test('suggests only a clear winner', () => {
		assert.equal(closest('CAP_SYS_ADMN', capabilityNames, 'CAP_'), 'CAP_SYS_ADMIN');
		assert.equal(closest('SYS_PTRACE', capabilityNames, 'CAP_'), 'CAP_SYS_PTRACE');
		assert.equal(closest('CAP_NET_BIND_SERVCIE', capabilityNames, 'CAP_'), 'CAP_NET_BIND_SERVICE');
		assert.equal(closest('CAP_XYZZY_QUUX', capabilityNames, 'CAP_'), undefined);
	});
});
