import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectCodes, expectNone, expectOne, fixAndRelint, text } from './ruleHarness';

const maps = { uidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }], gidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }] };

describe('namespace-*', () => {
	test('duplicate type: error with a fix that removes the entry', () => {
		const c = base();
		c.linux.namespaces.push({ type: 'pid' });
		const d = expectOne(c, 'namespace-duplicate', '/linux/namespaces/5/type');
		assert.equal(d.severity, 'error');
		const fixed = JSON.parse(fixAndRelint(c, 'namespace-duplicate', '/linux/namespaces/5/type'));
		assert.equal(fixed.linux.namespaces.length, 5);
	});
	test('relative namespace path', () => {
		const c = base();
		c.linux.namespaces[4] = { type: 'network', path: 'proc/1/ns/net' };
		assert.match(expectOne(c, 'namespace-path-absolute', '/linux/namespaces/4/path').message, /\/proc\/1234\/ns\/net/);
		c.linux.namespaces[4] = { type: 'network', path: '/var/run/netns/x' };
		expectNone(c, 'namespace-path-absolute');
	});
	test('mappings without a user namespace: fix adds it', () => {
		const c = { ...base(), linux: { ...base().linux, ...maps } };
		expectCodes(c, [['namespace-mappings-without-user', '/linux/uidMappings'], ['namespace-mappings-without-user', '/linux/gidMappings']]);
		const fixed = fixAndRelint(c, 'namespace-mappings-without-user', '/linux/uidMappings');
		expectNone(fixed, ['namespace-mappings-without-user', 'namespace-user-without-mappings']);
	});
	test('a new user namespace needs both mappings; joining one by path needs none', () => {
		const c = base();
		c.linux.namespaces.push({ type: 'user' });
		assert.match(expectOne(c, 'namespace-user-without-mappings', '/linux/namespaces/5/type').message, /uidMappings and gidMappings/);
		c.linux.uidMappings = maps.uidMappings;
		assert.match(expectOne(c, 'namespace-user-without-mappings', '/linux/namespaces/5/type').message, /linux\.gidMappings/);
		c.linux.gidMappings = maps.gidMappings;
		expectNone(c, 'namespace-user-without-mappings');
		const joined = base();
		joined.linux.namespaces.push({ type: 'user', path: '/proc/1/ns/user' });
		expectNone(joined, ['namespace-user-without-mappings', 'namespace-user-path-and-mappings']);
		Object.assign(joined.linux, maps);
		assert.equal(expectOne(joined, 'namespace-user-path-and-mappings', '/linux/uidMappings').severity, 'warning');
	});
	test('timeOffsets need a time namespace, not joined by path', () => {
		const c = base();
		c.linux.timeOffsets = { monotonic: { secs: 10, nanosecs: 0 } };
		expectOne(c, 'namespace-time-offsets-without-time', '/linux/timeOffsets');
		const fixed = fixAndRelint(c, 'namespace-time-offsets-without-time', '/linux/timeOffsets');
		expectNone(fixed, ['namespace-time-offsets-without-time', 'namespace-time-offsets-with-path']);
		c.linux.namespaces.push({ type: 'time', path: '/proc/1/ns/time' });
		expectOne(c, 'namespace-time-offsets-with-path', '/linux/timeOffsets');
	});
	test('hostname and domainname need a UTS namespace; the fix adds it', () => {
		const c = base();
		c.linux.namespaces = c.linux.namespaces.filter((n: { type: string }) => n.type !== 'uts');
		c.domainname = 'example.org';
		expectCodes(c, [['namespace-uts-required', '/hostname'], ['namespace-uts-required', '/domainname']]);
		const fixed = fixAndRelint(c, 'namespace-uts-required', '/hostname');
		assert.deepEqual(JSON.parse(fixed).linux.namespaces.at(-1), { type: 'uts' });
		expectNone(fixed, 'namespace-uts-required');
	});
	test('hostname on FreeBSD, z/OS or Windows needs no Linux namespace', () => {
		for (const platform of ['freebsd', 'zos', 'windows']) {
			const c = base();
			delete c.linux;
			c[platform] = {};
			expectNone(c, 'namespace-uts-required');
		}
	});
	test('masked/readonly paths need a mount namespace; netDevices a network namespace', () => {
		const c = base();
		c.linux.namespaces = [{ type: 'pid' }, { type: 'uts' }];
		c.linux.maskedPaths = ['/proc/kcore'];
		c.linux.readonlyPaths = ['/proc/sys'];
		c.linux.netDevices = { eth1: {} };
		expectCodes(c, [
			['namespace-mount-required', '/linux/maskedPaths'],
			['namespace-mount-required', '/linux/readonlyPaths'],
			['namespace-network-required', '/linux/netDevices'],
		]);
		const fixed = fixAndRelint(c, 'namespace-network-required', '/linux/netDevices');
		fixAndRelint(fixed, 'namespace-mount-required', '/linux/maskedPaths');
		expectNone(base(), ['namespace-mount-required', 'namespace-network-required']);
	});
});

describe('add-namespace fix keeps the surrounding layout', () => {
	const hostOnly = (linux: string) => `{\n  "ociVersion": "1.2.0",\n  "root": {"path": "rootfs"},\n  "process": {"cwd": "/", "args": ["/x"]},\n  "hostname": "h"${linux}\n}`;
	test('multi-line array of multi-line objects (runc spec style, tabs)', () => {
		const src = '{\n\t"ociVersion": "1.2.0",\n\t"root": {\n\t\t"path": "rootfs"\n\t},\n\t"process": {\n\t\t"cwd": "/",\n\t\t"args": ["/x"]\n\t},\n\t"hostname": "h",\n\t"linux": {\n\t\t"namespaces": [\n\t\t\t{\n\t\t\t\t"type": "pid"\n\t\t\t}\n\t\t]\n\t}\n}';
		const fixed = fixAndRelint(src, 'namespace-uts-required', '/hostname');
		assert.ok(fixed.includes('\t\t\t},\n\t\t\t{\n\t\t\t\t"type": "uts"\n\t\t\t}\n\t\t]'), fixed);
	});
	test('multi-line array of one-line objects (2 spaces)', () => {
		const fixed = fixAndRelint(hostOnly(',\n  "linux": {\n    "namespaces": [\n      {"type": "pid"}\n    ]\n  }'), 'namespace-uts-required', '/hostname');
		assert.ok(fixed.includes('      {"type": "pid"},\n      {"type": "uts"}\n    ]'), fixed);
	});
	test('one-line array', () => {
		const fixed = fixAndRelint(hostOnly(',\n  "linux": {"namespaces": [{ "type": "pid" }]}'), 'namespace-uts-required', '/hostname');
		assert.ok(fixed.includes('[{ "type": "pid" }, { "type": "uts" }]'), fixed);
	});
	test('empty array', () => {
		const fixed = fixAndRelint(hostOnly(',\n  "linux": {"namespaces": []}'), 'namespace-uts-required', '/hostname');
		assert.ok(fixed.includes('"namespaces": [{"type": "uts"}]'), fixed);
	});
	test('no namespaces array: created in linux', () => {
		const fixed = fixAndRelint(hostOnly(',\n  "linux": {\n    "cgroupsPath": "/x"\n  }'), 'namespace-uts-required', '/hostname');
		assert.ok(fixed.includes('    "cgroupsPath": "/x",\n    "namespaces": [{"type": "uts"}]\n'), fixed);
	});
	test('empty linux object and no linux at all', () => {
		let fixed = fixAndRelint(hostOnly(',\n  "linux": {}'), 'namespace-uts-required', '/hostname');
		assert.ok(fixed.includes('"linux": {"namespaces": [{"type": "uts"}]}'), fixed);
		fixed = fixAndRelint(hostOnly(''), 'namespace-uts-required', '/hostname');
		assert.ok(fixed.includes('  "hostname": "h",\n  "linux": {"namespaces": [{"type": "uts"}]}\n}'), fixed);
	});
	test('the range of a namespace-required diagnostic is the key', () => {
		const src = text(base()).replace('"hostname": "box",', '"hostname": "box", "domainname": "d",').replace('{\n\t\t\t\t"type": "uts"\n\t\t\t},', '');
		const d = expectCodes(src, [['namespace-uts-required', '/hostname'], ['namespace-uts-required', '/domainname']]).find((x) => x.pointer === '/domainname')!;
		const line = src.split('\n')[d.range.start.line];
		assert.equal(line.slice(d.range.start.character, d.range.end.character), '"domainname"');
	});
});
