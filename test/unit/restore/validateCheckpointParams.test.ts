import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateCheckpointParams, CHECKPOINT_FIELDS } from '../../../server/src/restore/index';

function check(input: unknown) {
	return validateCheckpointParams(input, '/home/u');
}

describe('validateCheckpointParams', () => {
	test('needs an id and an image path; relative paths resolve against cwd', () => {
		const r = check({ id: 'c1', imagePath: 'ck', workPath: 'w' });
		assert.deepEqual(r, { ok: true, value: { id: 'c1', imagePath: '/home/u/ck', workPath: '/home/u/w' } });
		const missing = check({});
		assert.equal(missing.ok, false);
		if (!missing.ok) assert.deepEqual(missing.errors.map((e) => [e.field, e.message]), [['id', 'is required'], ['imagePath', 'is required']]);
	});

	test('accepts every field', () => {
		const all = {
			id: 'c', imagePath: '/i', workPath: '/w', leaveRunning: true, tcpEstablished: true, extUnixSk: true, shellJob: false,
			fileLocks: true, preDump: true, parentPath: '../pre', manageCgroupsMode: 'strict', emptyNs: ['network'], autoDedup: true,
			runc: 'runc', criu: '/usr/local/sbin/criu', runcRoot: '/run/r',
		};
		assert.deepEqual(Object.keys(all).sort(), [...CHECKPOINT_FIELDS].sort());
		assert.deepEqual(check(all), { ok: true, value: all });
	});

	test('parentPath must be relative (runc resolves it against the image path)', () => {
		const abs = check({ id: 'c', imagePath: '/i', parentPath: '/abs/pre' });
		assert.equal(abs.ok, false);
		if (!abs.ok) {
			assert.equal(abs.errors[0].field, 'parentPath');
			assert.match(abs.errors[0].message, /must be relative to the image path/);
		}
		const self = check({ id: 'c', imagePath: '/i', parentPath: './' });
		assert.equal(self.ok, false);
	});

	test('refuses unknown fields, bad ids, non-booleans and values outside the closed sets', () => {
		const r = check({ id: 'a b', imagePath: '/i', preDump: 'yes', manageCgroupsMode: 'none', emptyNs: ['ipc'], detach: true });
		assert.equal(r.ok, false);
		if (!r.ok) assert.deepEqual(r.errors.map((e) => e.field).sort(), ['detach', 'emptyNs[0]', 'id', 'manageCgroupsMode', 'preDump']);
	});
});
