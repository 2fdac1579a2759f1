import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, parseCriuVersionOutput, parseRuncVersionOutput, parseVersion, versionAtLeast, dottedAtLeast } from '../../../server/src/restore/index';

describe('runc versions', () => {
	test('parses what runc --version prints', () => {
		assert.deepEqual(parseRuncVersionOutput('runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n'), { major: 1, minor: 1, patch: 5, raw: '1.1.5+ds1' });
		assert.deepEqual(parseVersion('1.2.0-rc.3+dev'), { major: 1, minor: 2, patch: 0, rc: 3, raw: '1.2.0-rc.3+dev' });
		assert.deepEqual(parseVersion('v1.0.0-rc92'), { major: 1, minor: 0, patch: 0, rc: 92, raw: 'v1.0.0-rc92' });
		assert.equal(parseVersion('1.2')?.major, undefined);
		assert.equal(parseRuncVersionOutput('runc: command not found'), undefined);
	});
	test('orders release candidates before their release, rc numbers numerically', () => {
		const order = ['1.0.0-rc4', '1.0.0-rc5', '1.0.0-rc10', '1.0.0-rc95', '1.0.0', '1.1.0-rc.1', '1.1.0', '1.1.5+ds1', '1.2.0-rc.1', '1.2.0', '1.4.0'];
		for (let i = 1; i < order.length; i++) {
			const a = parseVersion(order[i - 1])!;
			const b = parseVersion(order[i])!;
			assert.ok(compareVersions(a, b) < 0, `${order[i - 1]} < ${order[i]}`);
			assert.ok(compareVersions(b, a) > 0);
		}
		assert.equal(compareVersions(parseVersion('1.1.5+ds1')!, parseVersion('1.1.5')!), 0);
		assert.ok(versionAtLeast(parseVersion('1.2.0-rc.1')!, '1.2.0-rc.1'));
		assert.ok(!versionAtLeast(parseVersion('1.2.0-rc.1')!, '1.2.0'));
	});
	test('CRIU versions', () => {
		assert.equal(parseCriuVersionOutput('Version: 4.1.1\n'), '4.1.1');
		assert.equal(parseCriuVersionOutput('Version: 3.17.1\nGitID: v3.17.1\n'), '3.17.1');
		assert.equal(parseCriuVersionOutput('criu: not found'), undefined);
		assert.ok(dottedAtLeast('3.16.1', '3.16'));
		assert.ok(dottedAtLeast('4.1', '3.16'));
		assert.ok(!dottedAtLeast('3.15.9', '3.16'));
	});
});
