import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { restoreArgv, RuncPlanError, validateRestoreParams, type NormalizedRestoreParams } from '../../../server/src/restore/index';

const RUNC_115 = { path: '/usr/sbin/runc', version: '1.1.5+ds1' };
const RUNC_120 = { path: '/usr/sbin/runc', version: '1.2.0' };
const RUNC_140 = { path: '/usr/bin/runc', version: '1.4.0' };
const CRIU = '/usr/local/sbin/criu';

function params(extra: Record<string, unknown> = {}): NormalizedRestoreParams {
	const r = validateRestoreParams({ id: 'ctr', bundle: '/b', ...extra }, '/');
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.value;
}

function refused(fn: () => unknown, field: string, message: RegExp, needs?: string): void {
	assert.throws(fn, (err: unknown) => {
		assert.ok(err instanceof RuncPlanError, `expected a RuncPlanError, got ${String(err)}`);
		assert.equal(err.field, field);
		assert.match(err.message, message);
		if (needs !== undefined) assert.equal(err.needs, needs);
		return true;
	});
}

describe('restoreArgv: the minimal call', () => {
	test('bundle and image path absolute, id last', () => {
		assert.deepEqual(restoreArgv(params(), RUNC_115), { argv: ['restore', '--bundle', '/b', '--image-path', '/b/checkpoint', 'ctr'] });
	});
	test('--root goes before the subcommand', () => {
		assert.deepEqual(restoreArgv(params(), RUNC_140, { root: '/run/r' }).argv.slice(0, 3), ['--root', '/run/r', 'restore']);
	});
	test('accepts `runc --version` output as the version too', () => {
		const out = 'runc version 1.2.0-rc.1+dev\ncommit: v1.2.0-rc.1-0\nspec: 1.2.0\ngo: go1.22\n';
		assert.equal(restoreArgv(params({ manageCgroupsMode: 'ignore' }), { path: '/r', version: out }).argv.includes('ignore'), true);
	});
	test('refuses a version it cannot read, and runc before 1.0.0-rc3', () => {
		refused(() => restoreArgv(params(), { path: '/r', version: 'dev' }), 'runc', /cannot tell the version of \/r from 'dev'/);
		refused(() => restoreArgv(params(), { path: '/r', version: '0.1.1' }), 'runc', /too old/);
		refused(() => restoreArgv(params(), { path: '/r', version: '1.0.0-rc2' }), 'runc', /too old/);
	});
});

describe('restoreArgv: CRIU handed over as each runc expects', () => {
	test('runc 1.1.5: global --criu before the subcommand (and PATH too)', () => {
		const r = restoreArgv(params(), RUNC_115, { criuPath: CRIU });
		assert.deepEqual(r.argv.slice(0, 3), ['--criu', CRIU, 'restore']);
		assert.equal(r.pathPrepend, '/usr/local/sbin');
	});
	test('runc 1.2.0 ignores --criu (warning): PATH only', () => {
		const r = restoreArgv(params(), RUNC_120, { criuPath: CRIU, root: '/run/r' });
		assert.equal(r.argv.includes('--criu'), false);
		assert.deepEqual(r.argv.slice(0, 3), ['--root', '/run/r', 'restore']);
		assert.equal(r.pathPrepend, '/usr/local/sbin');
	});
	test('runc 1.4.0 has no --criu at all: PATH only', () => {
		const r = restoreArgv(params(), RUNC_140, { criuPath: '/opt/criu/bin/criu' });
		assert.equal(r.argv.includes('--criu'), false);
		assert.equal(r.pathPrepend, '/opt/criu/bin');
	});
	test('from runc 1.2 a CRIU not named criu cannot be found through PATH: refused', () => {
		refused(() => restoreArgv(params(), RUNC_140, { criuPath: '/opt/criu-4.1' }), 'criu', /not named criu/);
		assert.deepEqual(restoreArgv(params(), RUNC_115, { criuPath: '/opt/criu-4.1' }).argv.slice(0, 2), ['--criu', '/opt/criu-4.1']);
	});
	test('without a CRIU path nothing is added', () => {
		assert.equal(restoreArgv(params(), RUNC_140).pathPrepend, undefined);
	});
});

describe('restoreArgv: every flag', () => {
	test('each field maps to runc\'s flag, in a fixed order', () => {
		const v = params({
			imagePath: '/img', workPath: '/w', tcpEstablished: true, extUnixSk: true, shellJob: true, fileLocks: true,
			manageCgroupsMode: 'strict', detach: true, pidFile: '/p', noSubreaper: true, noPivot: true, emptyNs: ['network'],
			autoDedup: true, lazyPages: true, lsmProfile: 'apparmor:p', lsmMountContext: 'ctx',
		});
		assert.deepEqual(restoreArgv(v, RUNC_140).argv, [
			'restore', '--bundle', '/b', '--image-path', '/img', '--work-path', '/w', '--tcp-established', '--ext-unix-sk',
			'--shell-job', '--file-locks', '--manage-cgroups-mode', 'strict', '--detach', '--pid-file', '/p', '--no-subreaper',
			'--no-pivot', '--empty-ns', 'network', '--auto-dedup', '--lazy-pages', '--lsm-profile', 'apparmor:p',
			'--lsm-mount-context', 'ctx', 'ctr',
		]);
	});
	test('false booleans add nothing', () => {
		const v = params({ tcpEstablished: false, detach: false, noPivot: false, autoDedup: false });
		assert.deepEqual(restoreArgv(v, RUNC_140).argv, ['restore', '--bundle', '/b', '--image-path', '/b/checkpoint', 'ctr']);
	});
	test('a value that looks like a flag stays one argument after its flag', () => {
		const argv = restoreArgv(params({ pidFile: '/x/--detach' }), RUNC_140).argv;
		assert.equal(argv[argv.indexOf('--pid-file') + 1], '/x/--detach');
	});
});

describe('restoreArgv: version-dependent flags', () => {
	test('manage-cgroups-mode ignore needs runc 1.2.0 (1.2.0-rc.1 has it)', () => {
		refused(() => restoreArgv(params({ manageCgroupsMode: 'ignore' }), RUNC_115), 'manageCgroupsMode', /ignore needs runc ≥ 1\.2\.0; this runc is 1\.1\.5\+ds1/, '1.2.0');
		assert.deepEqual(restoreArgv(params({ manageCgroupsMode: 'ignore' }), RUNC_120).argv.slice(-3), ['--manage-cgroups-mode', 'ignore', 'ctr']);
		assert.ok(restoreArgv(params({ manageCgroupsMode: 'ignore' }), { path: '/r', version: '1.2.0-rc.1' }).argv.includes('ignore'));
		refused(() => restoreArgv(params({ manageCgroupsMode: 'ignore' }), { path: '/r', version: '1.1.15' }), 'manageCgroupsMode', /1\.2\.0/);
	});
	test('runc < 1.2 ignored manage-cgroups-mode on restore: full/strict refused, soft (its behaviour) passed', () => {
		refused(() => restoreArgv(params({ manageCgroupsMode: 'full' }), RUNC_115), 'manageCgroupsMode', /ignores --manage-cgroups-mode on restore/);
		refused(() => restoreArgv(params({ manageCgroupsMode: 'strict' }), RUNC_115), 'manageCgroupsMode', /ignores/);
		assert.ok(restoreArgv(params({ manageCgroupsMode: 'soft' }), RUNC_115).argv.includes('soft'));
		assert.ok(restoreArgv(params({ manageCgroupsMode: 'full' }), RUNC_120).argv.includes('full'));
	});
	test('lsm-mount-context needs runc 1.1.0, lsm-profile 1.0.0', () => {
		assert.ok(restoreArgv(params({ lsmMountContext: 'c' }), RUNC_115).argv.includes('--lsm-mount-context'));
		refused(() => restoreArgv(params({ lsmMountContext: 'c' }), { path: '/r', version: '1.0.3' }), 'lsmMountContext', /needs runc ≥ 1\.1\.0-rc\.1; this runc is 1\.0\.3/, '1.1.0-rc.1');
		assert.ok(restoreArgv(params({ lsmProfile: 'apparmor:x' }), { path: '/r', version: '1.0.0' }).argv.includes('--lsm-profile'));
		refused(() => restoreArgv(params({ lsmProfile: 'apparmor:x' }), { path: '/r', version: '1.0.0-rc95' }), 'lsmProfile', /needs runc ≥ 1\.0\.0;/, '1.0.0');
	});
	test('lsm flags need CRIU 3.16 when the CRIU version is known', () => {
		refused(() => restoreArgv(params({ lsmProfile: 'apparmor:x' }), RUNC_140, { criuVersion: '3.15' }), 'lsmProfile', /needs CRIU ≥ 3\.16; this CRIU is 3\.15/);
		assert.ok(restoreArgv(params({ lsmProfile: 'apparmor:x' }), RUNC_140, { criuVersion: '4.1.1' }).argv.includes('--lsm-profile'));
	});
	test('auto-dedup and lazy-pages need 1.0.0-rc5 (rc numbers compare numerically)', () => {
		refused(() => restoreArgv(params({ autoDedup: true }), { path: '/r', version: '1.0.0-rc4' }), 'autoDedup', /rc5/);
		refused(() => restoreArgv(params({ lazyPages: true }), { path: '/r', version: '1.0.0-rc4' }), 'lazyPages', /rc5/);
		assert.ok(restoreArgv(params({ lazyPages: true }), { path: '/r', version: '1.0.0-rc92' }).argv.includes('--lazy-pages'));
	});
	test('--console-socket: needs rc4 and --detach', () => {
		const argv = restoreArgv(params({ detach: true }), RUNC_115, { consoleSocket: '/tmp/s.sock' }).argv;
		assert.deepEqual(argv.slice(0, 3), ['restore', '--console-socket', '/tmp/s.sock']);
		refused(() => restoreArgv(params(), RUNC_115, { consoleSocket: '/s' }), 'detach', /only with --detach/);
		refused(() => restoreArgv(params({ detach: true }), { path: '/r', version: '1.0.0-rc3' }, { consoleSocket: '/s' }), 'detach', /rc4/);
	});
});
