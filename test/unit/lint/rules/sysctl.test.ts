import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectCodes, expectNone, expectOne, fixAndRelint } from './ruleHarness';
import { normalizeSysctl, sysctlScope } from '../../../../server/src/lint/knowledge/sysctls';

describe('sysctl-*', () => {
	test('namespaced sysctls pass with their namespaces', () => {
		const c = base();
		c.linux.sysctl = { 'net.ipv4.ip_forward': '1', 'kernel.shmmax': '1024', 'fs.mqueue.msg_max': '10', 'kernel.domainname': 'x', 'net/ipv4/conf/eth0.100/rp_filter': '1' };
		expectNone(c, ['sysctl-namespace-required', 'sysctl-not-namespaced', 'sysctl-hostname-conflict']);
	});
	test('each sysctl needs its namespace; the fix adds it', () => {
		const c = base();
		c.linux.namespaces = [{ type: 'pid' }, { type: 'mount' }];
		delete c.hostname;
		c.linux.sysctl = { 'net.core.somaxconn': '1024', 'kernel.msgmax': '8192', 'kernel.domainname': 'x' };
		const ds = expectCodes(c, [
			['sysctl-namespace-required', '/linux/sysctl/net.core.somaxconn'],
			['sysctl-namespace-required', '/linux/sysctl/kernel.msgmax'],
			['sysctl-namespace-required', '/linux/sysctl/kernel.domainname'],
		]);
		assert.deepEqual(ds.map((d) => /a (\w+) namespace/.exec(d.message)?.[1]), ['network', 'ipc', 'uts']);
		let fixed = fixAndRelint(c, 'sysctl-namespace-required', '/linux/sysctl/net.core.somaxconn');
		fixed = fixAndRelint(fixed, 'sysctl-namespace-required', '/linux/sysctl/kernel.msgmax');
		assert.deepEqual(JSON.parse(fixed).linux.namespaces.map((n: { type: string }) => n.type), ['pid', 'mount', 'network', 'ipc']);
	});
	test('a sysctl the kernel does not namespace is refused', () => {
		const c = base();
		c.linux.sysctl = { 'vm.swappiness': '10', 'kernel.pid_max': '100' };
		expectCodes(c, [['sysctl-not-namespaced', '/linux/sysctl/vm.swappiness'], ['sysctl-not-namespaced', '/linux/sysctl/kernel.pid_max']]);
	});
	test('kernel.hostname conflicts with the hostname field', () => {
		const c = base();
		c.linux.sysctl = { 'kernel.hostname': 'x' };
		expectOne(c, 'sysctl-hostname-conflict', '/linux/sysctl/kernel.hostname');
	});
	test('slash-separated names are normalised as runc does', () => {
		assert.equal(normalizeSysctl('net/ipv4/conf/eth0.100/rp_filter'), 'net.ipv4.conf.eth0/100.rp_filter');
		assert.equal(normalizeSysctl('net.ipv4.ip_forward'), 'net.ipv4.ip_forward');
		assert.equal(sysctlScope('kernel/shmmax'), 'ipc');
		assert.equal(sysctlScope('kernel.shm_rmid_forced'), 'ipc');
		assert.equal(sysctlScope('kernel.shmfoo'), undefined);
		assert.equal(sysctlScope('vm.overcommit_memory'), undefined);
	});
});
