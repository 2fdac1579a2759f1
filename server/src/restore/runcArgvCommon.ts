import { basename, dirname } from 'node:path';
import { CRIU_FROM_PATH_MIN_RUNC, RUNC_FLAGS, type RuncCommand } from './runcFlags';
import { RuncPlanError } from './runcPlanError';
import { dottedAtLeast, parseRuncVersionOutput, parseVersion, versionAtLeast, type RuncVersion } from './runcVersion';

/** The runc to plan for: its absolute path and `runc --version`'s version (e.g. `1.1.5+ds1`). */
export interface RuncInfo {
	path: string;
	version: string;
}

/** Options of the planned runc call that are the caller's business, not the user's. */
export interface ArgvOptions {
	/** The CRIU binary runc must use (absolute). */
	criuPath?: string;
	/** CRIU's version (`criu --version`), to refuse flags the CRIU lacks. */
	criuVersion?: string;
	/** runc's `--console-socket` (restore of terminal containers, detached). */
	consoleSocket?: string;
	/** runc's `--root` state directory. */
	root?: string;
}

/** A planned runc call: arguments after the runc binary, and the directory to put first in PATH. */
export interface RuncArgv {
	/** Global flags, the subcommand, its flags, the container id. */
	argv: string[];
	/**
	 * Directory the caller must put first in runc's PATH so runc finds this CRIU as `criu`
	 * (runc ≥ 1.2 ignores, and ≥ 1.4 no longer has, the global `--criu`).
	 */
	pathPrepend?: string;
}

/** The oldest runc whose checkpoint/restore flags we know (the flag set of v1.0.0-rc3). */
export const OLDEST_RUNC = '1.0.0-rc3';

/** Parses runc's version or throws a RuncPlanError. */
export function requireRuncVersion(runc: RuncInfo): RuncVersion {
	const v = parseVersion(runc.version) ?? parseRuncVersionOutput(runc.version);
	if (!v) throw new RuncPlanError(`cannot tell the version of ${runc.path} from '${runc.version}' (expected e.g. 1.1.5)`, 'runc');
	if (!versionAtLeast(v, OLDEST_RUNC)) throw new RuncPlanError(`runc ${v.raw} is too old: checkpoint/restore needs runc ≥ 1.0.0`, 'runc', '1.0.0');
	return v;
}

/**
 * Global runc flags (`--root`, and `--criu` for runc < 1.2) and the PATH entry that hands runc
 * the chosen CRIU. runc 1.2 ignores `--criu` with a warning and runc 1.4 removed it; both find
 * `criu` in PATH, so from 1.2 on the CRIU must be called `criu` inside the directory we prepend.
 */
export function globalArgs(v: RuncVersion, opts: ArgvOptions): RuncArgv {
	const argv: string[] = [];
	if (opts.root !== undefined) argv.push('--root', opts.root);
	if (opts.criuPath === undefined) return { argv };
	const fromPath = versionAtLeast(v, CRIU_FROM_PATH_MIN_RUNC);
	if (!fromPath) argv.push('--criu', opts.criuPath);
	else if (basename(opts.criuPath) !== 'criu') {
		throw new RuncPlanError(
			`runc ${v.raw} finds CRIU only as 'criu' in PATH, and ${opts.criuPath} is not named criu: point the setting at a file (or symlink) named criu`,
			'criu',
		);
	}
	return { argv, pathPrepend: dirname(opts.criuPath) };
}

/** Refuses a set field whose flag this runc (or CRIU) does not have. */
export function requireFlag(command: RuncCommand, field: string, v: RuncVersion, opts: ArgvOptions): string {
	const spec = RUNC_FLAGS.find((f) => f.field === field && f.commands.includes(command));
	if (!spec) throw new RuncPlanError(`runc ${command} has no flag for '${field}'`, field);
	if (spec.minRunc && !versionAtLeast(v, spec.minRunc)) {
		throw new RuncPlanError(`${spec.flag} (${field}) needs runc ≥ ${spec.minRunc}; this runc is ${v.raw}`, field, spec.minRunc);
	}
	if (spec.minCriu && opts.criuVersion !== undefined && !dottedAtLeast(opts.criuVersion, spec.minCriu)) {
		throw new RuncPlanError(`${spec.flag} (${field}) needs CRIU ≥ ${spec.minCriu}; this CRIU is ${opts.criuVersion}`, field, `criu ${spec.minCriu}`);
	}
	return spec.flag;
}
