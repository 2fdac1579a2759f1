import type { NormalizedRestoreParams } from './validateRestoreParams';
import { CGROUPS_IGNORE_MIN_RUNC, CONSOLE_SOCKET_MIN_RUNC, RESTORE_HONOURS_CGROUPS_MODE_MIN_RUNC } from './runcFlags';
import { globalArgs, requireFlag, requireRuncVersion, type ArgvOptions, type RuncArgv, type RuncInfo } from './runcArgvCommon';
import { RuncPlanError } from './runcPlanError';
import { versionAtLeast } from './runcVersion';

/**
 * The argument array of `runc restore` for a validated request and THAT runc version (pass it to
 * the runc binary without a shell). A field the runc version lacks throws a RuncPlanError naming
 * the version needed. Paths are passed absolute, so the result does not depend on runc's cwd.
 */
export function restoreArgv(v: NormalizedRestoreParams, runc: RuncInfo, opts: ArgvOptions = {}): RuncArgv {
	const ver = requireRuncVersion(runc);
	const planned = globalArgs(ver, opts);
	const argv = [...planned.argv, 'restore'];
	if (opts.consoleSocket !== undefined) {
		if (!versionAtLeast(ver, CONSOLE_SOCKET_MIN_RUNC)) {
			throw new RuncPlanError(`--console-socket on restore needs runc ≥ ${CONSOLE_SOCKET_MIN_RUNC}; this runc is ${ver.raw}`, 'detach', CONSOLE_SOCKET_MIN_RUNC);
		}
		// runc's checkTerminal: a console socket is used only when runc detaches.
		if (v.detach !== true) throw new RuncPlanError('runc uses --console-socket only with --detach', 'detach');
		argv.push('--console-socket', opts.consoleSocket);
	}
	const flag = (field: keyof NormalizedRestoreParams) => requireFlag('restore', field, ver, opts);
	argv.push(flag('bundle'), v.bundle, flag('imagePath'), v.imagePath);
	if (v.workPath !== undefined) argv.push(flag('workPath'), v.workPath);
	for (const f of ['tcpEstablished', 'extUnixSk', 'shellJob', 'fileLocks'] as const) if (v[f] === true) argv.push(flag(f));
	if (v.manageCgroupsMode !== undefined) {
		const mode = v.manageCgroupsMode;
		if (mode === 'ignore' && !versionAtLeast(ver, CGROUPS_IGNORE_MIN_RUNC)) {
			throw new RuncPlanError(`--manage-cgroups-mode ignore needs runc ≥ 1.2.0; this runc is ${ver.raw}`, 'manageCgroupsMode', '1.2.0');
		}
		if (mode !== 'soft' && !versionAtLeast(ver, RESTORE_HONOURS_CGROUPS_MODE_MIN_RUNC)) {
			throw new RuncPlanError(
				`runc ${ver.raw} ignores --manage-cgroups-mode on restore (always soft; fixed in runc 1.2.0): '${mode}' needs runc ≥ 1.2.0`,
				'manageCgroupsMode',
				'1.2.0',
			);
		}
		argv.push(flag('manageCgroupsMode'), mode);
	}
	if (v.detach === true) argv.push(flag('detach'));
	if (v.pidFile !== undefined) argv.push(flag('pidFile'), v.pidFile);
	if (v.noSubreaper === true) argv.push(flag('noSubreaper'));
	if (v.noPivot === true) argv.push(flag('noPivot'));
	for (const ns of v.emptyNs ?? []) argv.push(flag('emptyNs'), ns);
	if (v.autoDedup === true) argv.push(flag('autoDedup'));
	if (v.lazyPages === true) argv.push(flag('lazyPages'));
	if (v.lsmProfile !== undefined) argv.push(flag('lsmProfile'), v.lsmProfile);
	if (v.lsmMountContext !== undefined) argv.push(flag('lsmMountContext'), v.lsmMountContext);
	argv.push(v.id);
	return planned.pathPrepend === undefined ? { argv } : { argv, pathPrepend: planned.pathPrepend };
}
