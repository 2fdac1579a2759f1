import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectCodes, expectNone, expectOne } from './ruleHarness';

function userns(uid: object[], gid: object[] = [{ containerID: 0, hostID: 100000, size: 65536 }]) {
	const c = base();
	c.linux.namespaces.push({ type: 'user' });
	c.linux.uidMappings = uid;
	c.linux.gidMappings = gid;
	return c;
}

describe('id-mapping-* and id-unmapped', () => {
	test('a well-formed mapping passes', () => {
		expectNone(userns([{ containerID: 0, hostID: 100000, size: 65536 }]), ['id-mapping-size', 'id-mapping-overlap', 'id-unmapped']);
	});
	test('size 0', () => {
		expectOne(userns([{ containerID: 0, hostID: 100000, size: 1 }, { containerID: 1, hostID: 200000, size: 0 }]), 'id-mapping-size', '/linux/uidMappings/1/size');
	});
	test('overlap on the container or the host side', () => {
		const c = userns([{ containerID: 0, hostID: 100000, size: 1000 }, { containerID: 500, hostID: 300000, size: 10 }, { containerID: 2000, hostID: 100500, size: 10 }]);
		const ds = expectCodes(c, [['id-mapping-overlap', '/linux/uidMappings/1'], ['id-mapping-overlap', '/linux/uidMappings/2']]);
		assert.match(ds[0].message, /container side/);
		assert.match(ds[1].message, /host side/);
		expectNone(userns([{ containerID: 0, hostID: 100000, size: 1000 }, { containerID: 1000, hostID: 101000, size: 10 }]), 'id-mapping-overlap');
	});
	test('process.user.uid/gid must be mapped', () => {
		const c = userns([{ containerID: 1000, hostID: 100000, size: 1 }], [{ containerID: 0, hostID: 100000, size: 10 }]);
		expectOne(c, 'id-unmapped', '/process/user/uid');
		c.process.user.uid = 1000;
		c.process.user.gid = 10;
		expectOne(c, 'id-unmapped', '/process/user/gid');
		c.process.user.gid = 9;
		expectNone(c, 'id-unmapped');
		c.process.user.additionalGids = [5, 10];
		assert.match(expectOne(c, 'id-unmapped', '/process/user/additionalGids/1').message, /process\.user\.additionalGids\[1\] 10/);
	});
	test('a joined user namespace is not judged', () => {
		const c = userns([{ containerID: 1000, hostID: 100000, size: 1 }]);
		c.linux.namespaces.at(-1).path = '/proc/1/ns/user';
		expectNone(c, ['id-unmapped', 'id-mapping-size', 'id-mapping-overlap']);
	});
});
