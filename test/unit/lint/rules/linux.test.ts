import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectCodes, expectNone, expectOne } from './ruleHarness';
import { isInterfaceName } from '../../../../server/src/lint/rules/linuxRule';

describe('linux misc rules', () => {
	test('systemd cgroupsPath is slice:prefix:name', () => {
		const c = base();
		c.linux.cgroupsPath = 'system.slice:runc';
		assert.equal(expectOne(c, 'cgroups-path-systemd-format', '/linux/cgroupsPath').severity, 'warning');
		c.linux.cgroupsPath = 'mygroup:runc:abc';
		expectOne(c, 'cgroups-path-systemd-format', '/linux/cgroupsPath');
		for (const ok of ['system.slice:runc:abc', ':runc:abc', '/myns/abc', 'relative/path']) {
			c.linux.cgroupsPath = ok;
			expectNone(c, 'cgroups-path-systemd-format');
		}
	});
	test('net device names', () => {
		const c = base();
		c.linux.netDevices = { 'eth/0': {}, eth1: { name: 'a-very-long-interface-name' }, eth2: { name: 'ok0' } };
		expectCodes(c, [['netdevice-name', '/linux/netDevices/eth~10'], ['netdevice-name', '/linux/netDevices/eth1/name']]);
		assert.equal(isInterfaceName('eth0'), true);
		assert.equal(isInterfaceName('..'), false);
		assert.equal(isInterfaceName('a b'), false);
		assert.equal(isInterfaceName('x'.repeat(16)), false);
	});
	test('memory policy nodes by mode', () => {
		const c = base();
		c.linux.memoryPolicy = { mode: 'MPOL_BIND' };
		expectOne(c, 'memory-policy-nodes', '/linux/memoryPolicy/mode');
		c.linux.memoryPolicy = { mode: 'MPOL_DEFAULT', nodes: '0' };
		expectOne(c, 'memory-policy-nodes', '/linux/memoryPolicy/nodes');
		c.linux.memoryPolicy = { mode: 'MPOL_INTERLEAVE', nodes: '0-' };
		expectOne(c, 'memory-policy-nodes', '/linux/memoryPolicy/nodes');
		for (const ok of [{ mode: 'MPOL_BIND', nodes: '0-1,3' }, { mode: 'MPOL_LOCAL' }, { mode: 'MPOL_PREFERRED', nodes: '' }]) {
			c.linux.memoryPolicy = ok;
			expectNone(c, 'memory-policy-nodes');
		}
	});
	test('personality flags are ignored by runc', () => {
		const c = base();
		c.linux.personality = { domain: 'LINUX32', flags: ['SHORT_INODE'] };
		assert.equal(expectOne(c, 'personality-flags-ignored', '/linux/personality/flags').severity, 'warning');
		c.linux.personality = { domain: 'LINUX32' };
		expectNone(c, 'personality-flags-ignored');
	});
	test('intelRdt closID', () => {
		const c = base();
		c.linux.intelRdt = { closID: '../x' };
		expectOne(c, 'intel-rdt-clos-id', '/linux/intelRdt/closID');
		c.linux.intelRdt = { closID: 'guaranteed' };
		expectNone(c, 'intel-rdt-clos-id');
	});
});
