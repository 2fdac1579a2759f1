import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectCodes, expectNone, expectOne, fixAndRelint } from './ruleHarness';

describe('mount-* and masked/readonly paths', () => {
	test('relative destination: deprecated warning with a fix', () => {
		const c = base();
		c.mounts.push({ destination: 'data', type: 'tmpfs', source: 'tmpfs' });
		const d = expectOne(c, 'mount-destination-relative', '/mounts/1/destination');
		assert.equal(d.severity, 'warning');
		assert.equal(JSON.parse(fixAndRelint(c, 'mount-destination-relative', '/mounts/1/destination')).mounts[1].destination, '/data');
		expectNone(base(), 'mount-destination-relative');
	});
	test('masked and readonly paths must be absolute; fixes make them so', () => {
		const c = base();
		c.linux.maskedPaths = ['/proc/kcore', 'proc/keys'];
		c.linux.readonlyPaths = ['proc/sys'];
		expectCodes(c, [['masked-path-absolute', '/linux/maskedPaths/1'], ['readonly-path-absolute', '/linux/readonlyPaths/0']]);
		const fixed = fixAndRelint(fixAndRelint(c, 'masked-path-absolute', '/linux/maskedPaths/1'), 'readonly-path-absolute', '/linux/readonlyPaths/0');
		assert.deepEqual(JSON.parse(fixed).linux.maskedPaths, ['/proc/kcore', '/proc/keys']);
		assert.deepEqual(JSON.parse(fixed).linux.readonlyPaths, ['/proc/sys']);
	});
	test('bind mounts cannot take file-system data options', () => {
		const c = base();
		c.mounts.push({ destination: '/data', type: 'bind', source: '/srv', options: ['rbind', 'ro', 'mode=755'] });
		expectOne(c, 'mount-bind-data-options', '/mounts/1/options/2');
		c.mounts[1].options = ['rbind', 'ro', 'nosuid', 'rprivate'];
		expectNone(c, 'mount-bind-data-options');
		c.mounts.push({ destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['mode=1777', 'size=64m'] });
		expectNone(c, 'mount-bind-data-options');
	});
	test('a mount hidden by a later mount on the same or a parent directory', () => {
		const c = base();
		c.mounts = [
			{ destination: '/dev/pts', type: 'devpts', source: 'devpts' },
			{ destination: '/dev', type: 'tmpfs', source: 'tmpfs' },
			{ destination: '/data', type: 'tmpfs', source: 'tmpfs' },
			{ destination: '/data/', type: 'tmpfs', source: 'tmpfs' },
		];
		const ds = expectCodes(c, [['mount-shadowed', '/mounts/0/destination'], ['mount-shadowed', '/mounts/2/destination']]);
		assert.ok(ds.every((d) => d.severity === 'warning'));
		assert.match(ds[0].message, /mounts\[1\]/);
		c.mounts = [
			{ destination: '/dev', type: 'tmpfs', source: 'tmpfs' },
			{ destination: '/dev/pts', type: 'devpts', source: 'devpts' },
			{ destination: '/devices', type: 'tmpfs', source: 'tmpfs' },
		];
		expectNone(c, 'mount-shadowed');
	});
	test('ID-mapped mounts: bind only, both mappings', () => {
		const map = [{ containerID: 0, hostID: 1000, size: 1 }];
		const c = base();
		c.mounts.push({ destination: '/data', type: 'tmpfs', source: 'tmpfs', uidMappings: map });
		expectCodes(c, [['mount-idmap-both-mappings', '/mounts/1/uidMappings'], ['mount-idmap-bind-only', '/mounts/1/uidMappings']]);
		c.mounts[1] = { destination: '/data', type: 'bind', source: '/srv', options: ['rbind'], uidMappings: map, gidMappings: map };
		expectNone(c, ['mount-idmap-both-mappings', 'mount-idmap-bind-only']);
	});
});

describe('device-*', () => {
	const dev = (o: Record<string, unknown>) => ({ path: '/dev/fuse', type: 'c', major: 10, minor: 229, ...o });
	test('relative device path with a fix', () => {
		const c = base();
		c.linux.devices = [dev({ path: 'dev/fuse' })];
		expectOne(c, 'device-path-absolute', '/linux/devices/0/path');
		assert.equal(JSON.parse(fixAndRelint(c, 'device-path-absolute', '/linux/devices/0/path')).linux.devices[0].path, '/dev/fuse');
	});
	test('c/b/u need major and minor; p has none', () => {
		const c = base();
		c.linux.devices = [{ path: '/dev/sda', type: 'b', major: 8 }, { path: '/dev/fifo', type: 'p', major: 1, minor: 0 }, dev({})];
		expectCodes(c, [['device-major-minor-required', '/linux/devices/0/type'], ['device-fifo-numbers', '/linux/devices/1/major']]);
		c.linux.devices = [dev({}), { path: '/dev/fifo', type: 'p' }];
		expectNone(c, ['device-major-minor-required', 'device-fifo-numbers']);
	});
	test('duplicate path is an error (fix removes it); duplicate number a warning', () => {
		const c = base();
		c.linux.devices = [dev({}), dev({ path: '/dev/fuse2' }), dev({})];
		const ds = expectCodes(c, [['device-duplicate-path', '/linux/devices/2/path'], ['device-duplicate-number', '/linux/devices/1/major']]);
		assert.deepEqual(ds.map((d) => d.severity).sort(), ['error', 'warning']);
		const fixed = JSON.parse(fixAndRelint(c, 'device-duplicate-path', '/linux/devices/2/path'));
		assert.equal(fixed.linux.devices.length, 2);
	});
});
