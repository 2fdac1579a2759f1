import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRestoreParams, RESTORE_FIELDS, type FieldError } from '../../../server/src/restore/index';

const cwd = '/srv/work';

function errorsOf(input: unknown, at = cwd): FieldError[] {
	const r = validateRestoreParams(input, at);
	assert.equal(r.ok, false, `expected ${JSON.stringify(input)} to be refused`);
	return r.ok ? [] : r.errors;
}

function valueOf(input: unknown, at = cwd) {
	const r = validateRestoreParams(input, at);
	if (!r.ok) assert.fail(`expected ${JSON.stringify(input)} to be valid: ${JSON.stringify(r.errors)}`);
	return r.value;
}

function onlyErrorFor(input: unknown, field: string, pattern: RegExp): void {
	const errors = errorsOf(input);
	assert.deepEqual(errors.map((e) => e.field), [field], JSON.stringify(errors));
	assert.match(errors[0].message, pattern);
}

describe('validateRestoreParams: the request as a whole', () => {
	test('refuses anything but an object', () => {
		for (const bad of [null, undefined, 'x', 3, [], true]) assert.match(errorsOf(bad)[0].message, /must be an object/);
	});

	test('a minimal request gets runc\'s defaults: bundle = cwd, image path = <bundle>/checkpoint', () => {
		assert.deepEqual(valueOf({ id: 'ctr' }), { id: 'ctr', bundle: '/srv/work', imagePath: '/srv/work/checkpoint' });
	});

	test('refuses unknown fields, naming each and suggesting the right spelling', () => {
		const errors = errorsOf({ id: 'a', 'image-path': '/x', consoleSocket: '/s' });
		assert.deepEqual(errors.map((e) => e.field).sort(), ['consoleSocket', 'image-path']);
		assert.match(errors.find((e) => e.field === 'image-path')!.message, /did you mean 'imagePath'/);
		assert.match(errors[0].message, /unknown field/);
	});

	test('reports every bad field at once', () => {
		const errors = errorsOf({ id: '-x', detach: 'yes', cols: 0, emptyNs: ['pid'] });
		assert.deepEqual(errors.map((e) => e.field).sort(), ['cols', 'detach', 'emptyNs[0]', 'id']);
	});

	test('accepts every field at once and keeps each', () => {
		const all = {
			id: 'web-1', bundle: '/b', imagePath: 'img', workPath: '/w/job', tcpEstablished: true, extUnixSk: false, shellJob: true,
			fileLocks: true, manageCgroupsMode: 'full', detach: true, pidFile: 'run/pid', noSubreaper: true, noPivot: false,
			emptyNs: ['network'], autoDedup: true, lazyPages: false, lsmProfile: 'apparmor:my-prof', lsmMountContext: 'system_u:object_r:container_file_t:s0',
			cols: 120, rows: 40, runc: '/usr/sbin/runc', criu: 'criu', runcRoot: '/run/my-runc',
		};
		assert.deepEqual(Object.keys(all).sort(), [...RESTORE_FIELDS].sort(), 'the test covers every field');
		assert.deepEqual(valueOf(all), { ...all, imagePath: '/b/img', pidFile: '/b/run/pid' });
	});
});

describe('validateRestoreParams: id (runc\'s rule)', () => {
	test('accepts letters, digits and _ + - .', () => {
		for (const id of ['a', 'A9', 'my_ctr', 'c+1', 'x-y', 'v1.2', '0', 'a..b', 'x'.repeat(255)]) assert.equal(valueOf({ id }).id, id);
	});
	test('is required and must be a non-empty string', () => {
		onlyErrorFor({}, 'id', /is required/);
		onlyErrorFor({ id: '' }, 'id', /must not be empty/);
		onlyErrorFor({ id: 7 }, 'id', /must be a string, not number 7/);
	});
	test('refuses a leading dash (runc would take it for a flag)', () => {
		onlyErrorFor({ id: '-d' }, 'id', /must not start with '-'/);
		onlyErrorFor({ id: '--help' }, 'id', /must not start with '-'/);
	});
	test('refuses other characters, naming the first and its position', () => {
		onlyErrorFor({ id: 'a/b' }, 'id', /'\/' at position 2/);
		onlyErrorFor({ id: 'a b' }, 'id', /'space' at position 2/);
		onlyErrorFor({ id: 'a,b' }, 'id', /',' at position 2/);
		onlyErrorFor({ id: 'ü' }, 'id', /'ü' at position 1/);
		onlyErrorFor({ id: 'a\nb' }, 'id', /not allowed/);
	});
	test('refuses . and .. and ids too long to name a directory', () => {
		onlyErrorFor({ id: '.' }, 'id', /must not be '\.'/);
		onlyErrorFor({ id: '..' }, 'id', /must not be '\.\.'/);
		onlyErrorFor({ id: 'x'.repeat(256) }, 'id', /256 bytes long; at most 255/);
	});
});

describe('validateRestoreParams: paths', () => {
	test('a relative bundle resolves against cwd, and .. segments are normalized', () => {
		assert.equal(valueOf({ id: 'a', bundle: 'b/../c' }).bundle, '/srv/work/c');
		assert.equal(valueOf({ id: 'a', bundle: '/abs//x/' }).bundle, '/abs/x');
	});
	test('imagePath, workPath and pidFile resolve against the bundle, not cwd', () => {
		const v = valueOf({ id: 'a', bundle: '/b', imagePath: 'ck', workPath: '../w', pidFile: 'p.pid' });
		assert.equal(v.imagePath, '/b/ck');
		assert.equal(v.workPath, '/w');
		assert.equal(v.pidFile, '/b/p.pid');
	});
	test('absolute paths are kept (normalized)', () => {
		const v = valueOf({ id: 'a', imagePath: '/i/./x', workPath: '/w', pidFile: '/p' });
		assert.deepEqual([v.imagePath, v.workPath, v.pidFile], ['/i/x', '/w', '/p']);
	});
	test('workPath and pidFile may not be in the image directory (the images are never modified)', () => {
		onlyErrorFor({ id: 'a', bundle: '/b', workPath: 'checkpoint' }, 'workPath', /must not be the image directory or inside it \(\/b\/checkpoint\)/);
		onlyErrorFor({ id: 'a', imagePath: '/img', workPath: '/img/logs' }, 'workPath', /inside it/);
		onlyErrorFor({ id: 'a', imagePath: '/img', pidFile: '/img/pid' }, 'pidFile', /must not be inside the image directory/);
		assert.equal(valueOf({ id: 'a', imagePath: '/img', workPath: '/img-logs', pidFile: '/img2/pid' }).workPath, '/img-logs');
		assert.equal(valueOf({ id: 'a', imagePath: '/img/sub', workPath: '/img' }).workPath, '/img', 'a parent of the images is fine');
	});
	test('workPath stays unset when not given (the helper makes one per job)', () => {
		assert.equal('workPath' in valueOf({ id: 'a' }), false);
	});
	test('path fields must be non-empty strings without NUL', () => {
		for (const f of ['bundle', 'imagePath', 'workPath', 'pidFile']) {
			onlyErrorFor({ id: 'a', [f]: '' }, f, /must not be empty/);
			onlyErrorFor({ id: 'a', [f]: 5 }, f, /must be a string/);
			onlyErrorFor({ id: 'a', [f]: null }, f, /not null/);
			onlyErrorFor({ id: 'a', [f]: 'x\0y' }, f, /NUL/);
		}
	});
	test('a relative cwd is refused', () => {
		assert.match(errorsOf({ id: 'a' }, 'rel').find((e) => e.field === 'bundle')!.message, /current directory must be an absolute path to resolve the bundle, not 'rel'/);
		const missing = validateRestoreParams({ id: 'a' }, undefined as unknown as string);
		assert.equal(missing.ok, false);
		if (!missing.ok) assert.match(missing.errors[0].message, /not undefined$/);
	});
});

describe('validateRestoreParams: booleans and closed sets', () => {
	const booleans = ['tcpEstablished', 'extUnixSk', 'shellJob', 'fileLocks', 'detach', 'noSubreaper', 'noPivot', 'autoDedup', 'lazyPages'];
	test('booleans accept true and false only', () => {
		for (const f of booleans) {
			assert.equal(valueOf({ id: 'a', [f]: true })[f as 'detach'], true);
			assert.equal(valueOf({ id: 'a', [f]: false })[f as 'detach'], false);
			for (const bad of ['true', 1, 0, null, {}]) onlyErrorFor({ id: 'a', [f]: bad }, f, /must be true or false/);
		}
	});
	test('manageCgroupsMode: soft, full, strict, ignore', () => {
		for (const m of ['soft', 'full', 'strict', 'ignore']) assert.equal(valueOf({ id: 'a', manageCgroupsMode: m }).manageCgroupsMode, m);
		onlyErrorFor({ id: 'a', manageCgroupsMode: 'SOFT' }, 'manageCgroupsMode', /one of 'soft', 'full', 'strict', 'ignore', not 'SOFT'/);
		onlyErrorFor({ id: 'a', manageCgroupsMode: 'props' }, 'manageCgroupsMode', /not 'props'/);
	});
	test('emptyNs: only network (what runc maps), once', () => {
		assert.deepEqual(valueOf({ id: 'a', emptyNs: [] }).emptyNs, []);
		assert.deepEqual(valueOf({ id: 'a', emptyNs: ['network'] }).emptyNs, ['network']);
		onlyErrorFor({ id: 'a', emptyNs: 'network' }, 'emptyNs', /must be a list/);
		onlyErrorFor({ id: 'a', emptyNs: ['network', 'pid'] }, 'emptyNs[1]', /only the network namespace/);
		onlyErrorFor({ id: 'a', emptyNs: ['net'] }, 'emptyNs[0]', /'network'/);
		onlyErrorFor({ id: 'a', emptyNs: ['network', 'network'] }, 'emptyNs[1]', /listed twice/);
	});
	test('lsmProfile is TYPE:NAME with a type CRIU knows', () => {
		assert.equal(valueOf({ id: 'a', lsmProfile: 'selinux:system_u:system_r:container_t:s0' }).lsmProfile, 'selinux:system_u:system_r:container_t:s0');
		onlyErrorFor({ id: 'a', lsmProfile: 'my-profile' }, 'lsmProfile', /TYPE:NAME/);
		onlyErrorFor({ id: 'a', lsmProfile: 'apparmor:' }, 'lsmProfile', /TYPE:NAME/);
		onlyErrorFor({ id: 'a', lsmProfile: 'smack:x' }, 'lsmProfile', /apparmor or selinux/);
	});
	test('cols and rows are whole numbers from 1 to 65535', () => {
		assert.deepEqual([valueOf({ id: 'a', cols: 1, rows: 65535 }).cols, valueOf({ id: 'a', rows: 65535 }).rows], [1, 65535]);
		for (const bad of [0, -1, 1.5, 65536, '80', Number.NaN]) {
			onlyErrorFor({ id: 'a', cols: bad }, 'cols', /whole number from 1 to 65535/);
			onlyErrorFor({ id: 'a', rows: bad }, 'rows', /whole number from 1 to 65535/);
		}
	});
	test('runc and criu: absolute paths or command names; runcRoot absolute', () => {
		assert.equal(valueOf({ id: 'a', runc: 'runc' }).runc, 'runc');
		assert.equal(valueOf({ id: 'a', criu: '/opt/x/../criu' }).criu, '/opt/criu');
		onlyErrorFor({ id: 'a', runc: './runc' }, 'runc', /relative path/);
		onlyErrorFor({ id: 'a', criu: 'bin/criu' }, 'criu', /relative path/);
		onlyErrorFor({ id: 'a', runcRoot: 'state' }, 'runcRoot', /absolute path/);
	});
});
