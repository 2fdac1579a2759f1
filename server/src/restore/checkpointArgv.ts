import type { NormalizedCheckpointParams } from './validateCheckpointParams';
import { CGROUPS_IGNORE_MIN_RUNC } from './runcFlags';
import { globalArgs, requireFlag, requireRuncVersion, type ArgvOptions, type RuncArgv, type RuncInfo } from './runcArgvCommon';
import { RuncPlanError } from './runcPlanError';
import { versionAtLeast } from './runcVersion';

/**
 * The argument array of `runc checkpoint` for a validated request and that runc version; a field
 * the version lacks throws a RuncPlanError naming the version needed.
 */
export function checkpointArgv(v: NormalizedCheckpointParams, runc: RuncInfo, opts: ArgvOptions = {}): RuncArgv {
	const ver = requireRuncVersion(runc);
	const planned = globalArgs(ver, opts);
	const argv = [...planned.argv, 'checkpoint'];
	const flag = (field: keyof NormalizedCheckpointParams) => requireFlag('checkpoint', field, ver, opts);
	argv.push(flag('imagePath'), v.imagePath);
	if (v.workPath !== undefined) argv.push(flag('workPath'), v.workPath);
	if (v.parentPath !== undefined) argv.push(flag('parentPath'), v.parentPath);
	for (const f of ['leaveRunning', 'tcpEstablished', 'extUnixSk', 'shellJob', 'fileLocks', 'preDump'] as const) if (v[f] === true) argv.push(flag(f));
	if (v.manageCgroupsMode !== undefined) {
		if (v.manageCgroupsMode === 'ignore' && !versionAtLeast(ver, CGROUPS_IGNORE_MIN_RUNC)) {
			throw new RuncPlanError(`--manage-cgroups-mode ignore needs runc ≥ 1.2.0; this runc is ${ver.raw}`, 'manageCgroupsMode', '1.2.0');
		}
		argv.push(flag('manageCgroupsMode'), v.manageCgroupsMode);
	}
	for (const ns of v.emptyNs ?? []) argv.push(flag('emptyNs'), ns);
	if (v.autoDedup === true) argv.push(flag('autoDedup'));
	argv.push(v.id);
	return planned.pathPrepend === undefined ? { argv } : { argv, pathPrepend: planned.pathPrepend };
}
