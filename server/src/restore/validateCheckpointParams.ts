import { isAbsolute, resolve } from 'node:path';
import type { CheckpointParams } from '../common/helperProtocol';
import { describe, FieldReader, isRecord, type Validation } from './fieldChecks';

/** A checkpoint request after validation: imagePath and workPath absolute; parentPath relative. */
export type NormalizedCheckpointParams = CheckpointParams;

export const CHECKPOINT_FIELDS = [
	'id', 'imagePath', 'workPath', 'leaveRunning', 'tcpEstablished', 'extUnixSk', 'shellJob', 'fileLocks',
	'preDump', 'parentPath', 'manageCgroupsMode', 'emptyNs', 'autoDedup', 'runc', 'criu', 'runcRoot',
] as const;

/**
 * Validates an untrusted checkpoint request. imagePath is required (a checkpoint must say where
 * its images go); relative imagePath/workPath resolve against `cwd`; parentPath must be relative
 * (runc ≥ 1.0.0-rc94 refuses absolute parent paths: it is resolved against the image path).
 */
export function validateCheckpointParams(input: unknown, cwd: string): Validation<NormalizedCheckpointParams> {
	if (!isRecord(input)) return { ok: false, errors: [{ field: '', message: 'the checkpoint request must be an object' }] };
	const r = new FieldReader(input, CHECKPOINT_FIELDS);
	r.refuseUnknown();
	const id = r.containerId();
	const base = typeof cwd === 'string' && isAbsolute(cwd) ? cwd : undefined;
	if (base === undefined) r.error('imagePath', `the current directory must be an absolute path to resolve paths, not ${describe(cwd)}`);
	const imagePath = r.path('imagePath', base, true);
	const value: NormalizedCheckpointParams = { id: id ?? '', imagePath: imagePath ?? '' };
	const workPath = r.path('workPath', base);
	if (workPath !== undefined) value.workPath = workPath;
	const parentPath = r.string('parentPath');
	if (parentPath !== undefined) {
		if (isAbsolute(parentPath)) r.error('parentPath', `must be relative to the image path (runc refuses absolute parent paths), e.g. ../pre-dump, not '${parentPath}'`);
		else if (resolve('/image', parentPath) === '/image') r.error('parentPath', 'must name another directory than the image path itself');
		else value.parentPath = parentPath;
	}
	for (const f of ['leaveRunning', 'tcpEstablished', 'extUnixSk', 'shellJob', 'fileLocks', 'preDump', 'autoDedup'] as const) {
		const b = r.boolean(f);
		if (b !== undefined) value[f] = b;
	}
	Object.assign(value, r.cgroupsAndNamespaces());
	Object.assign(value, r.tools());
	return r.errors.length ? { ok: false, errors: r.errors } : { ok: true, value };
}
