import { isAbsolute, join, relative, resolve } from 'node:path';
import type { RestoreParams } from '../common/helperProtocol';
import { describe, FieldReader, isRecord, type Validation } from './fieldChecks';

/**
 * A restore request after validation: every path absolute and normalized (bundle against the
 * caller's cwd; imagePath, workPath and pidFile against the bundle), imagePath defaulted to
 * `<bundle>/checkpoint` like runc. workPath stays undefined when not given (the helper makes one).
 */
export interface NormalizedRestoreParams extends RestoreParams {
	bundle: string;
	imagePath: string;
}

/** Every field RestoreParams has; anything else is refused. */
export const RESTORE_FIELDS = [
	'id', 'bundle', 'imagePath', 'workPath', 'tcpEstablished', 'extUnixSk', 'shellJob', 'fileLocks',
	'manageCgroupsMode', 'detach', 'pidFile', 'noSubreaper', 'noPivot', 'emptyNs', 'autoDedup', 'lazyPages',
	'lsmProfile', 'lsmMountContext', 'cols', 'rows', 'runc', 'criu', 'runcRoot',
] as const;

/** LSM types CRIU knows for --lsm-profile (criu/lsm.c). */
const LSM_TYPES = ['apparmor', 'selinux'];

/**
 * Validates an untrusted restore request (from the protocol, the CLI or the UI) field by field
 * and normalizes its paths. Every problem is reported, each naming its field. Nothing touches
 * the file system: see {@link checkRestorePaths} for that.
 * @param cwd absolute directory that a missing or relative `bundle` resolves against.
 */
export function validateRestoreParams(input: unknown, cwd: string): Validation<NormalizedRestoreParams> {
	if (!isRecord(input)) return { ok: false, errors: [{ field: '', message: 'the restore request must be an object' }] };
	const r = new FieldReader(input, RESTORE_FIELDS);
	r.refuseUnknown();
	const id = r.containerId();
	let bundle: string | undefined;
	if (typeof cwd !== 'string' || !isAbsolute(cwd)) r.error('bundle', `the current directory must be an absolute path to resolve the bundle, not ${describe(cwd)}`);
	else bundle = input.bundle === undefined ? resolve(cwd) : r.path('bundle', cwd);
	const imagePath = input.imagePath === undefined ? (bundle === undefined ? undefined : join(bundle, 'checkpoint')) : r.path('imagePath', bundle);
	const value: NormalizedRestoreParams = { id: id ?? '', bundle: bundle ?? '', imagePath: imagePath ?? '' };
	const workPath = r.path('workPath', bundle);
	const pidFile = r.path('pidFile', bundle);
	if (workPath !== undefined) value.workPath = workPath;
	if (pidFile !== undefined) value.pidFile = pidFile;
	// CRIU writes restore.log and stats into the work path; the images must stay byte-identical.
	if (workPath !== undefined && imagePath !== undefined && isInside(workPath, imagePath)) {
		r.error('workPath', `must not be the image directory or inside it (${imagePath}): CRIU writes restore.log there, and restoring never modifies the images`);
	}
	if (pidFile !== undefined && imagePath !== undefined && isInside(pidFile, imagePath)) {
		r.error('pidFile', `must not be inside the image directory (${imagePath}): restoring never modifies the images`);
	}
	for (const f of ['tcpEstablished', 'extUnixSk', 'shellJob', 'fileLocks', 'detach', 'noSubreaper', 'noPivot', 'autoDedup', 'lazyPages'] as const) {
		const b = r.boolean(f);
		if (b !== undefined) value[f] = b;
	}
	Object.assign(value, r.cgroupsAndNamespaces());
	const lsmProfile = r.string('lsmProfile');
	if (lsmProfile !== undefined) {
		const m = /^([a-z]+):(.+)$/.exec(lsmProfile);
		if (!m) r.error('lsmProfile', `must be TYPE:NAME (e.g. apparmor:my-profile or selinux:system_u:system_r:container_t:s0), not '${lsmProfile}'`);
		else if (!LSM_TYPES.includes(m[1])) r.error('lsmProfile', `TYPE must be ${LSM_TYPES.join(' or ')} (what CRIU knows), not '${m[1]}'`);
		else value.lsmProfile = lsmProfile;
	}
	const lsmMountContext = r.string('lsmMountContext');
	if (lsmMountContext !== undefined) value.lsmMountContext = lsmMountContext;
	// struct winsize holds unsigned shorts.
	const cols = r.positiveInt('cols', 65535);
	const rows = r.positiveInt('rows', 65535);
	if (cols !== undefined) value.cols = cols;
	if (rows !== undefined) value.rows = rows;
	Object.assign(value, r.tools());
	return r.errors.length ? { ok: false, errors: r.errors } : { ok: true, value };
}

/** Whether `path` is `dir` or below it (both absolute and normalized). */
function isInside(path: string, dir: string): boolean {
	const rel = relative(dir, path);
	return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
