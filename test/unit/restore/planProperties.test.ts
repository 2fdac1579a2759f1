import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAbsolute } from 'node:path';
import fc from 'fast-check';
import {
	checkpointArgv, parseCriuLog, restoreArgv, RuncPlanError, validateCheckpointParams, validateRestoreParams,
	RESTORE_FIELDS, CHECKPOINT_FIELDS,
} from '../../../server/src/restore/index';

const anyJson = fc.jsonValue();
const idChars = fc.constantFrom(...'abcXYZ019_+-.'.split(''));
const validId = fc.string({ unit: idChars, minLength: 1, maxLength: 20 }).filter((s: string) => !s.startsWith('-') && s !== '.' && s !== '..');
const pathish = fc.oneof(fc.constant('/abs/p'), fc.constant('rel/p'), fc.constant('../up'), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0')));
const versions = fc.constantFrom('1.0.0-rc3', '1.0.0-rc5', '1.0.0-rc95', '1.0.0', '1.1.0-rc.1', '1.1.5+ds1', '1.2.0-rc.1', '1.2.0', '1.3.1', '1.4.0', '1.5.0-rc.1+dev');

/** Requests with valid field types (values may still be refused by the version checks). */
const restoreRequest = fc.record({
	id: validId,
	bundle: pathish, imagePath: pathish, workPath: pathish, pidFile: pathish,
	tcpEstablished: fc.boolean(), extUnixSk: fc.boolean(), shellJob: fc.boolean(), fileLocks: fc.boolean(),
	manageCgroupsMode: fc.constantFrom('soft', 'full', 'strict', 'ignore'), detach: fc.boolean(), noSubreaper: fc.boolean(),
	noPivot: fc.boolean(), emptyNs: fc.constantFrom([], ['network']), autoDedup: fc.boolean(), lazyPages: fc.boolean(),
	lsmProfile: fc.constantFrom('apparmor:p', 'selinux:system_u:system_r:container_t:s0'), lsmMountContext: fc.constant('ctx'),
	cols: fc.integer({ min: 1, max: 65535 }), rows: fc.integer({ min: 1, max: 65535 }),
}, { requiredKeys: ['id'] });

describe('planning core properties', () => {
	test('validation never throws, whatever the input', () => {
		fc.assert(fc.property(fc.oneof(anyJson, fc.dictionary(fc.constantFrom(...RESTORE_FIELDS, ...CHECKPOINT_FIELDS, 'x'), anyJson)), fc.oneof(fc.constant('/cwd'), fc.string()), (input, cwd) => {
			const r = validateRestoreParams(input, cwd);
			const c = validateCheckpointParams(input, cwd);
			assert.ok(r.ok || r.errors.length > 0);
			assert.ok(c.ok || c.errors.length > 0);
		}), { numRuns: 2000 });
	});

	test('a valid request gives runc an argv of strings with absolute paths and the id last, or a RuncPlanError', () => {
		fc.assert(fc.property(restoreRequest, versions, fc.boolean(), (input, version, withCriu) => {
			const v = validateRestoreParams(input, '/cwd');
			if (!v.ok) {
				// The only refusal possible here: a work path or pid file inside the image directory.
				assert.ok(v.errors.every((e) => (e.field === 'workPath' || e.field === 'pidFile') && /image directory/.test(e.message)), JSON.stringify(v.errors));
				return;
			}
			for (const p of [v.value.bundle, v.value.imagePath, v.value.workPath, v.value.pidFile]) if (p !== undefined) assert.ok(isAbsolute(p));
			let planned;
			try {
				planned = restoreArgv(v.value, { path: '/usr/sbin/runc', version }, withCriu ? { criuPath: '/usr/local/sbin/criu' } : {});
			} catch (err) {
				assert.ok(err instanceof RuncPlanError, String(err));
				assert.ok((RESTORE_FIELDS as readonly string[]).includes(err.field) || err.field === 'runc', err.field);
				return;
			}
			const { argv } = planned;
			assert.ok(argv.every((a) => typeof a === 'string' && a.length > 0));
			assert.equal(argv[argv.length - 1], v.value.id);
			assert.equal(argv.filter((a) => a === 'restore').length >= 1, true);
			for (const flag of ['--bundle', '--image-path', '--work-path', '--pid-file']) {
				const i = argv.indexOf(flag);
				if (i >= 0) assert.ok(isAbsolute(argv[i + 1]), `${flag} ${argv[i + 1]}`);
			}
			if (withCriu) assert.equal(planned.pathPrepend, '/usr/local/sbin');
		}), { numRuns: 2000 });
	});

	test('checkpoint argv: id last, image path absolute, parent path kept relative', () => {
		fc.assert(fc.property(validId, pathish, fc.option(fc.constantFrom('../pre', 'pre/1')), versions, (id, imagePath, parentPath, version) => {
			const v = validateCheckpointParams(parentPath === null ? { id, imagePath } : { id, imagePath, parentPath }, '/cwd');
			if (!v.ok) return;
			const { argv } = checkpointArgv(v.value, { path: '/r', version });
			assert.equal(argv[argv.length - 1], id);
			assert.ok(isAbsolute(argv[argv.indexOf('--image-path') + 1]));
			if (parentPath !== null) assert.equal(argv[argv.indexOf('--parent-path') + 1], parentPath);
		}), { numRuns: 1000 });
	});

	test('log parsing never throws and every entry points at a line that says Error', () => {
		fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.constant('(00.1) Error (criu/x.c:1): boom'), fc.constant('pie: 3: Error (a.c:2): x')), { maxLength: 30 }), (lines) => {
			const text = lines.join('\n');
			for (const e of parseCriuLog(text, '/l')) {
				assert.match(text.split('\n')[e.logLine - 1], /Error/);
				assert.ok(Number.isInteger(e.line));
			}
		}), { numRuns: 1000 });
	});
});
