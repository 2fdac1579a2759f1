import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { checkToolSafe } from './checkToolSafe';
import { runTool, SYSTEM_PATH } from './runTool';
import { parseCriuVersionOutput, parseRuncVersionOutput } from './runcVersion';

/** A tool found and asked for its version. */
export interface FoundTool {
	/** Absolute path (as found; symlinks are resolved by checkToolSafe). */
	path: string;
	/** Version as the tool prints it: runc `1.1.5+ds1`, CRIU `4.1.1`. */
	version: string;
	/** Where the path came from: `setting`, `OCI_RESTORE_CRIU` or `PATH`. */
	source: 'setting' | 'OCI_RESTORE_CRIU' | 'PATH';
}

/** How discovery treats a candidate before it runs it. */
export interface FindOptions {
	/**
	 * Called with the candidate's path before `--version` runs it; throw to refuse it. Default: when
	 * this process is root, {@link checkToolSafe} (asking a binary its version already runs it).
	 */
	beforeRun?: (path: string) => void;
}

function rootSafety(path: string): void {
	if ((process.geteuid?.() ?? -1) === 0) checkToolSafe(path);
}

const RUNC_INSTALL = 'install runc (Debian/Ubuntu: apt-get install runc) or point ociRestore.runcPath / --runc at it';
const CRIU_INSTALL =
	'install CRIU ≥ 3.16 (on Debian 12 the packaged CRIU 3.17 fails on current kernels; use CRIU 4.x, see docs/restore.md) or point ociRestore.criuPath / --criu / OCI_RESTORE_CRIU at it';

function isExecutableFile(p: string): boolean {
	try {
		accessSync(p, constants.X_OK);
		return statSync(p).isFile();
	} catch {
		return false;
	}
}

/** Absolute path of `name` (an absolute path, or a command looked up in `pathEnv`), or undefined. */
export function lookPath(name: string, pathEnv: string): string | undefined {
	if (isAbsolute(name)) return isExecutableFile(name) ? name : undefined;
	if (name.includes('/')) return undefined;
	for (const dir of pathEnv.split(delimiter)) {
		// Relative PATH entries would depend on the cwd of a root process.
		if (!isAbsolute(dir)) continue;
		const p = join(dir, name);
		if (isExecutableFile(p)) return p;
	}
	return undefined;
}

/**
 * Finds runc: the setting (absolute path or command name) when given, else `runc` in PATH; then
 * asks it for its version. Throws an Error saying what to install when missing or broken, and
 * (as root, by default) an UnsafeToolError before running a binary a non-root user could replace.
 */
export async function findRunc(setting?: string, env: NodeJS.ProcessEnv = process.env, opts: FindOptions = {}): Promise<FoundTool> {
	const pathEnv = env.PATH || SYSTEM_PATH;
	const wanted = setting?.trim() || 'runc';
	const path = lookPath(wanted, pathEnv);
	if (!path) {
		throw new Error(setting?.trim()
			? `runc not found at '${wanted}' (the runc setting): not an executable file; ${RUNC_INSTALL}`
			: `runc not found in PATH (${pathEnv}); ${RUNC_INSTALL}`);
	}
	(opts.beforeRun ?? rootSafety)(path);
	const run = await runTool(path, ['--version']);
	const v = parseRuncVersionOutput(run.stdout);
	if (run.code !== 0 || !v) throw new Error(`${path} --version did not print a runc version (exit ${run.code}): ${(run.stderr || run.stdout).trim().slice(0, 200)}`);
	return { path, version: v.raw, source: setting?.trim() ? 'setting' : 'PATH' };
}

/**
 * Finds CRIU in this order: the setting (or the CLI's --criu), the OCI_RESTORE_CRIU environment
 * variable, `criu` in PATH; then asks it for its version. Throws saying what to install, and
 * (as root, by default) an UnsafeToolError before running a binary a non-root user could replace.
 */
export async function findCriu(setting?: string, env: NodeJS.ProcessEnv = process.env, opts: FindOptions = {}): Promise<FoundTool> {
	const pathEnv = env.PATH || SYSTEM_PATH;
	const fromSetting = setting?.trim();
	const fromEnv = env.OCI_RESTORE_CRIU?.trim();
	const source: FoundTool['source'] = fromSetting ? 'setting' : fromEnv ? 'OCI_RESTORE_CRIU' : 'PATH';
	const wanted = fromSetting || fromEnv || 'criu';
	const path = lookPath(wanted, pathEnv);
	if (!path) {
		throw new Error(source === 'PATH'
			? `criu not found in PATH (${pathEnv}); ${CRIU_INSTALL}`
			: `criu not found at '${wanted}' (from ${source === 'setting' ? 'the criu setting' : 'OCI_RESTORE_CRIU'}): not an executable file; ${CRIU_INSTALL}`);
	}
	(opts.beforeRun ?? rootSafety)(path);
	const run = await runTool(path, ['--version']);
	const version = parseCriuVersionOutput(run.stdout);
	if (run.code !== 0 || !version) throw new Error(`${path} --version did not print a CRIU version (exit ${run.code}): ${(run.stderr || run.stdout).trim().slice(0, 200)}`);
	return { path, version, source };
}
