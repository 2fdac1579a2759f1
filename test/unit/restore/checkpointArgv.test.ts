import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkpointArgv, RuncPlanError, validateCheckpointParams, type NormalizedCheckpointParams } from '../../../server/src/restore/index';

function params(extra: Record<string, unknown> = {}): NormalizedCheckpointParams {
	const r = validateCheckpointParams({ id: 'ctr', imagePath: '/img', ...extra }, '/');
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.value;
}

describe('checkpointArgv', () => {
	test('every flag, in a fixed order, id last', () => {
		const v = params({
			workPath: '/w', parentPath: '../pre', leaveRunning: true, tcpEstablished: true, extUnixSk: true, shellJob: true,
			fileLocks: true, preDump: true, manageCgroupsMode: 'full', emptyNs: ['network'], autoDedup: true,
		});
		assert.deepEqual(checkpointArgv(v, { path: '/r', version: '1.1.5' }).argv, [
			'checkpoint', '--image-path', '/img', '--work-path', '/w', '--parent-path', '../pre', '--leave-running',
			'--tcp-established', '--ext-unix-sk', '--shell-job', '--file-locks', '--pre-dump', '--manage-cgroups-mode', 'full',
			'--empty-ns', 'network', '--auto-dedup', 'ctr',
		]);
	});
	test('runc 1.1 honours full/strict on checkpoint, but ignore needs 1.2', () => {
		assert.ok(checkpointArgv(params({ manageCgroupsMode: 'strict' }), { path: '/r', version: '1.1.5' }).argv.includes('strict'));
		assert.throws(() => checkpointArgv(params({ manageCgroupsMode: 'ignore' }), { path: '/r', version: '1.1.5' }), (e: unknown) => e instanceof RuncPlanError && e.needs === '1.2.0');
		assert.ok(checkpointArgv(params({ manageCgroupsMode: 'ignore' }), { path: '/r', version: '1.4.0' }).argv.includes('ignore'));
	});
	test('CRIU: --criu for 1.1, PATH for 1.2 and 1.4', () => {
		assert.deepEqual(checkpointArgv(params(), { path: '/r', version: '1.1.5' }, { criuPath: '/c/criu' }), {
			argv: ['--criu', '/c/criu', 'checkpoint', '--image-path', '/img', 'ctr'], pathPrepend: '/c',
		});
		for (const version of ['1.2.0', '1.4.0']) {
			assert.deepEqual(checkpointArgv(params(), { path: '/r', version }, { criuPath: '/c/criu', root: '/st' }), {
				argv: ['--root', '/st', 'checkpoint', '--image-path', '/img', 'ctr'], pathPrepend: '/c',
			});
		}
	});
	test('auto-dedup needs rc5', () => {
		assert.throws(() => checkpointArgv(params({ autoDedup: true }), { path: '/r', version: '1.0.0-rc4' }), /needs runc ≥ 1\.0\.0-rc5/);
	});
});
