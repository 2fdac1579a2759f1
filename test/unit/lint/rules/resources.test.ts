import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectCodes, expectNone, expectOne } from './ruleHarness';
import { isCpusetList } from '../../../../server/src/lint/rules/resourcesRule';

function withResources(r: Record<string, unknown>) {
	const c = base();
	c.linux.resources = r;
	return c;
}

describe('memory-*', () => {
	test('limits below -1', () => {
		expectOne(withResources({ memory: { limit: -2 } }), 'memory-limit-range', '/linux/resources/memory/limit');
		expectNone(withResources({ memory: { limit: -1, swap: -1 } }), ['memory-limit-range', 'memory-swap-below-limit']);
	});
	test('swap below limit; -1 swap is unlimited', () => {
		expectOne(withResources({ memory: { limit: 1048576, swap: 524288 } }), 'memory-swap-below-limit', '/linux/resources/memory/swap');
		expectNone(withResources({ memory: { limit: 1048576, swap: 1048576 } }), 'memory-swap-below-limit');
		expectNone(withResources({ memory: { limit: 1048576, swap: -1 } }), 'memory-swap-below-limit');
	});
	test('reservation above limit', () => {
		expectOne(withResources({ memory: { limit: 1000000, reservation: 2000000 } }), 'memory-reservation-above-limit', '/linux/resources/memory/reservation');
		expectNone(withResources({ memory: { limit: 2000000, reservation: 1000000 } }), 'memory-reservation-above-limit');
	});
	test('kernel memory is deprecated (warning on the key)', () => {
		const ds = expectCodes(withResources({ memory: { kernel: 1000, kernelTCP: 1000 } }), [['memory-kernel-deprecated', '/linux/resources/memory/kernel'], ['memory-kernel-deprecated', '/linux/resources/memory/kernelTCP']]);
		assert.ok(ds.every((d) => d.severity === 'warning'));
		expectNone(withResources({ memory: { limit: 1000000 } }), 'memory-kernel-deprecated');
	});
});

describe('cpu-* and cpuset-syntax', () => {
	test('period and quota ranges', () => {
		expectCodes(withResources({ cpu: { period: 999, quota: 500 } }), [['cpu-period-range', '/linux/resources/cpu/period'], ['cpu-quota-range', '/linux/resources/cpu/quota']]);
		expectNone(withResources({ cpu: { period: 100000, quota: -1 } }), ['cpu-period-range', 'cpu-quota-range']);
		expectNone(withResources({ cpu: { period: 100000, quota: 50000 } }), ['cpu-period-range', 'cpu-quota-range']);
	});
	test('cpus/mems lists', () => {
		expectCodes(withResources({ cpu: { cpus: '0-3,5-', mems: '1,0-a' } }), [['cpuset-syntax', '/linux/resources/cpu/cpus'], ['cpuset-syntax', '/linux/resources/cpu/mems']]);
		expectNone(withResources({ cpu: { cpus: '0-3,5', mems: '0' } }), 'cpuset-syntax');
		assert.equal(isCpusetList('3-1'), false);
		assert.equal(isCpusetList(''), true);
		assert.equal(isCpusetList('0,2,4-7'), true);
	});
});

describe('cgroup-unified-key', () => {
	test('keys are CONTROLLER.PARAMETER file names', () => {
		expectCodes(withResources({ unified: { 'memory.high': '1G', 'io/weight': '10', pids: '5', '.max': '1' } }), [
			['cgroup-unified-key', '/linux/resources/unified/io~1weight'],
			['cgroup-unified-key', '/linux/resources/unified/pids'],
			['cgroup-unified-key', '/linux/resources/unified/.max'],
		]);
		expectNone(withResources({ unified: { 'memory.high': '1G', 'cpu.weight': '100' } }), 'cgroup-unified-key');
	});
});

describe('device-cgroup-access and blkio-*', () => {
	test('device access letters', () => {
		expectOne(withResources({ devices: [{ allow: false, access: 'rwx' }] }), 'device-cgroup-access', '/linux/resources/devices/0/access');
		expectNone(withResources({ devices: [{ allow: false, access: 'rwm' }] }), 'device-cgroup-access');
	});
	test('blockIO weights and weightDevice entries', () => {
		expectCodes(withResources({ blockIO: { weight: 5, weightDevice: [{ major: 8, minor: 0 }, { major: 8, minor: 16, weight: 2000 }] } }), [
			['blkio-weight-range', '/linux/resources/blockIO/weight'],
			['blkio-weight-device-empty', '/linux/resources/blockIO/weightDevice/0'],
			['blkio-weight-range', '/linux/resources/blockIO/weightDevice/1/weight'],
		]);
		expectNone(withResources({ blockIO: { weight: 500, weightDevice: [{ major: 8, minor: 0, leafWeight: 300 }] } }), ['blkio-weight-range', 'blkio-weight-device-empty']);
	});
});
