import { lstatSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { PreflightCheck, PreflightParams, PreflightResult } from '../common/helperProtocol';
import { lintBytes } from '../lint/index';
import type { LintOptions, LintResult } from '../lint/types';
import { imageDirProblem } from './checkRestorePaths';
import { checkToolSafe, UnsafeToolError } from './checkToolSafe';
import { containerIdProblem } from './fieldChecks';
import { findCriu, findRunc, type FoundTool } from './findTool';
import { findPython, PYTHON_HOW_TO, PythonMissingError } from './findPython';
import { ProbeCache } from './probeCache';
import { nodeRestoreFileSystem, type RestoreFileSystem } from './restoreFileSystem';
import { runTool, SYSTEM_PATH, type ToolRun } from './runTool';
import { OLDEST_RUNC } from './runcArgvCommon';
import { dottedAtLeast, parseVersion, versionAtLeast } from './runcVersion';

/** Everything preflight touches, injectable for tests. */
export interface PreflightDeps {
	euid(): number;
	findRunc(setting?: string): Promise<FoundTool>;
	findCriu(setting?: string): Promise<FoundTool>;
	/** Returns the real path or throws why root must not run it. */
	checkToolSafe(path: string): string;
	runTool(path: string, args: string[], opts: { timeoutMs?: number; env?: Record<string, string> }): Promise<ToolRun>;
	readFile(path: string): Uint8Array | undefined;
	lint(bytes: Uint8Array, options: LintOptions): LintResult;
	/** The python3 a detached terminal restore runs (absolute, checked for root); throws as findPython does. */
	findPython(euid: number): string;
	fs: RestoreFileSystem;
	/**
	 * Remembers a passing `criu check` per CRIU binary and kernel release (root only). Consulted only
	 * when `runTool` is the real one: a cache of real runs must not answer for injected ones.
	 */
	cache: ProbeCache;
}

export const defaultPreflightDeps: PreflightDeps = {
	euid: () => process.geteuid?.() ?? -1,
	findRunc: (s) => findRunc(s),
	findCriu: (s) => findCriu(s),
	checkToolSafe: (p) => checkToolSafe(p),
	runTool,
	readFile(path) {
		try {
			return readFileSync(path);
		} catch {
			return undefined;
		}
	},
	lint: lintBytes,
	findPython: (euid) => findPython(undefined, euid),
	fs: nodeRestoreFileSystem,
	cache: new ProbeCache(),
};

/** CRIU releases runc can drive (runc's own minimum) and the one our lsm flags need. */
const MIN_CRIU = '3.0';

/**
 * Checks, before a restore, everything that would make it fail, each with a specific message and
 * fix: root, runc (found, safe for root, version), CRIU (found, safe, version), `criu check`, the
 * image directory, the bundle's config.json (linted with our engine: errors fail), python3 when a
 * terminal container is to be restored detached, and that the id
 * is free (runc's state directory for it; `runc state` when something is there). Checks that do not
 * apply (no bundle, no id) are left out. Never throws.
 */
export async function preflight(params: PreflightParams, deps: Partial<PreflightDeps> = {}): Promise<PreflightResult> {
	const d: PreflightDeps = { ...defaultPreflightDeps, ...deps };
	const checks: PreflightCheck[] = [];
	const euid = d.euid();
	checks.push(euid === 0
		? { name: 'root', ok: true, message: 'running as root (euid 0)' }
		: {
			name: 'root', ok: false,
			message: `running as euid ${euid}, not root: runc restore and CRIU need root`,
			fix: 'run as root (sudo oci-restore …), or let the extension start the helper elevated (setting ociRestore.elevation)',
		});

	const runc = await toolCheck('runc', () => d.findRunc(params.runc), d, (found) => {
		const v = parseVersion(found.version);
		if (v && !versionAtLeast(v, OLDEST_RUNC)) return { problem: `runc ${found.version} is too old for checkpoint/restore`, fix: 'install runc ≥ 1.0.0' };
		return undefined;
	});
	checks.push(runc.check);

	const criu = await toolCheck('criu', () => d.findCriu(params.criu), d, (found) =>
		dottedAtLeast(found.version, MIN_CRIU) ? undefined : { problem: `CRIU ${found.version} is older than ${MIN_CRIU}, the oldest runc can use`, fix: 'install CRIU 4.x' });
	checks.push(criu.check);
	checks.push(await criuCheck(criu.found, euid, d));

	const bundle = params.bundle === undefined ? undefined : resolve(params.bundle);
	if (params.imagePath !== undefined || bundle !== undefined) {
		const imagePath = params.imagePath === undefined
			? join(bundle as string, 'checkpoint')
			: isAbsolute(params.imagePath) || bundle === undefined ? resolve(params.imagePath) : resolve(bundle, params.imagePath);
		const problem = imageDirProblem(imagePath, d.fs);
		checks.push(problem
			? { name: 'image', ok: false, message: problem, fix: 'choose the directory runc checkpoint --image-path wrote (it holds inventory.img and descriptors.json)' }
			: { name: 'image', ok: true, message: `${imagePath} holds a runc checkpoint` });
	}
	if (bundle !== undefined) checks.push(bundleLintCheck(bundle, d));
	// Only a terminal container restored detached needs python3 (runc's console socket): ask no one else for it.
	if (params.detach === true && bundle !== undefined && wantsTerminal(join(bundle, 'config.json'), d)) checks.push(pythonCheck(euid, d));
	if (params.id !== undefined) checks.push(await idFreeCheck(params.id, runc.found, params.runcRoot, d));
	return { ok: checks.every((c) => c.ok), checks };
}

async function toolCheck(
	name: 'runc' | 'criu',
	find: () => Promise<FoundTool>,
	d: PreflightDeps,
	versionProblem: (found: FoundTool) => { problem: string; fix: string } | undefined,
): Promise<{ check: PreflightCheck; found?: FoundTool }> {
	let found: FoundTool;
	const label = name === 'runc' ? 'runc' : 'CRIU';
	try {
		found = await find();
	} catch (err) {
		const message = (err as Error).message;
		if (err instanceof UnsafeToolError) {
			return {
				check: {
					name, ok: false,
					message: `${label} not run, root must not run it: ${message}`,
					fix: `make it and its directories root-owned and not writable by group/others (chown root:root, chmod go-w), or install ${label} under /usr`,
				},
			};
		}
		const fix = /;\s*(install .*)$/.exec(message)?.[1];
		return { check: { name, ok: false, message, ...(fix ? { fix } : {}) } };
	}
	try {
		d.checkToolSafe(found.path);
	} catch (err) {
		return {
			found,
			check: {
				name, ok: false, version: found.version,
				message: `${label} ${found.version} at ${found.path}, but root must not run it: ${(err as Error).message}`,
				fix: `make it and its directories root-owned and not writable by group/others (chown root:root, chmod go-w), or install ${label} under /usr`,
			},
		};
	}
	const vp = versionProblem(found);
	if (vp) return { found, check: { name, ok: false, version: found.version, message: `${vp.problem} (${found.path})`, fix: vp.fix } };
	return { found, check: { name, ok: true, version: found.version, message: `${label} ${found.version} at ${found.path}${found.source === 'PATH' ? '' : ` (from ${found.source === 'setting' ? 'the setting' : 'OCI_RESTORE_CRIU'})`}` } };
}

async function criuCheck(criu: FoundTool | undefined, euid: number, d: PreflightDeps): Promise<PreflightCheck> {
	if (!criu) return { name: 'criu-check', ok: false, message: 'criu check not run: CRIU was not found', fix: 'install CRIU first (see the criu check above)' };
	if (euid !== 0) return { name: 'criu-check', ok: false, message: 'criu check not run: it needs root', fix: 'run the preflight as root (the helper does)' };
	// `criu check` takes a quarter of a second or more; its answer only changes with CRIU or the kernel.
	const cache = d.runTool === runTool ? d.cache : undefined;
	const passed = `criu check: Looks good (CRIU ${criu.version})`;
	if (cache?.get('criu check', criu.path, true) === passed) return { name: 'criu-check', ok: true, message: passed, version: criu.version };
	let run: ToolRun;
	try {
		run = await d.runTool(criu.path, ['check'], { timeoutMs: 60_000, env: { PATH: SYSTEM_PATH, LANG: 'C' } });
	} catch (err) {
		return { name: 'criu-check', ok: false, message: `criu check could not start: ${(err as Error).message}`, fix: 'reinstall CRIU' };
	}
	const out = `${run.stdout}\n${run.stderr}`;
	if (run.code === 0 && /Looks good/.test(out)) {
		// Only a pass is remembered: a failure is re-checked every time (the user is fixing it).
		cache?.set('criu check', criu.path, passed, true);
		return { name: 'criu-check', ok: true, message: passed, version: criu.version };
	}
	const firstError = out.split('\n').map((l) => l.trim()).find((l) => /Error|error|fail/i.test(l) && !/RLIMIT_NOFILE/.test(l))
		?? out.trim().split('\n').slice(-1)[0] ?? '';
	const vdso = /vDSO/.test(out);
	return {
		name: 'criu-check', ok: false, version: criu.version,
		message: `criu check failed${run.code === null ? ' (timed out)' : ` (exit ${run.code})`}: ${firstError}`,
		fix: vdso
			? `CRIU ${criu.version} does not understand this kernel's vDSO: install a newer CRIU (4.x)`
			: 'this kernel or CRIU lacks a feature checkpoint/restore needs; run criu check yourself for the full list',
	};
}

function bundleLintCheck(bundle: string, d: PreflightDeps): PreflightCheck {
	const configPath = join(bundle, 'config.json');
	const bytes = d.readFile(configPath);
	if (!bytes) return { name: 'bundle-lint', ok: false, message: `cannot read ${configPath}`, fix: 'choose the bundle directory (the one holding config.json and the rootfs)' };
	let result: LintResult;
	try {
		result = d.lint(bytes, { filePath: configPath, bundleDir: bundle });
	} catch (err) {
		return { name: 'bundle-lint', ok: false, message: `linting ${configPath} failed: ${(err as Error).message}` };
	}
	const errors = result.diagnostics.filter((x) => x.severity === 'error');
	const warnings = result.diagnostics.filter((x) => x.severity === 'warning').length;
	if (errors.length === 0) {
		return { name: 'bundle-lint', ok: true, message: `${configPath} has no lint errors${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}` };
	}
	const first = errors[0];
	return {
		name: 'bundle-lint', ok: false,
		message: `${configPath} has ${errors.length} lint error${errors.length > 1 ? 's' : ''}; first at ${first.range.start.line + 1}:${first.range.start.character + 1}: ${first.message} [${first.code}]`,
		fix: `fix them first (open the file in the editor, or run: oci-restore lint ${configPath})`,
	};
}

/** `process.terminal` of a config; false when it cannot be read or parsed (the lint check reports that). */
function wantsTerminal(configPath: string, d: PreflightDeps): boolean {
	const bytes = d.readFile(configPath);
	if (!bytes) return false;
	try {
		return (JSON.parse(new TextDecoder().decode(bytes)) as { process?: { terminal?: unknown } }).process?.terminal === true;
	} catch {
		return false;
	}
}

function pythonCheck(euid: number, d: PreflightDeps): PreflightCheck {
	const why = 'receives runc\'s console for the detached terminal container';
	try {
		return { name: 'python3', ok: true, message: `python3 at ${d.findPython(euid)} (${why})` };
	} catch (err) {
		if (err instanceof PythonMissingError) return { name: 'python3', ok: false, message: err.message, fix: `${PYTHON_HOW_TO}, or restore the container attached` };
		return {
			name: 'python3', ok: false,
			message: `python3 not run, root must not run it (it ${why}): ${(err as Error).message}`,
			fix: 'make it and its directories root-owned and not writable by group/others (chown root:root, chmod go-w), or install python3 from the distribution (apt-get install python3-minimal)',
		};
	}
}

async function idFreeCheck(id: string, runc: FoundTool | undefined, root: string | undefined, d: PreflightDeps): Promise<PreflightCheck> {
	const bad = containerIdProblem(id);
	if (bad) return { name: 'id-free', ok: false, message: `container id ${bad}`, fix: 'choose an id of letters, digits, _ + - .' };
	if (!runc) return { name: 'id-free', ok: false, message: `cannot tell whether '${id}' is free: runc was not found`, fix: 'install runc first' };
	const free = `no container named '${id}' exists`;
	if (d.runTool === runTool && d.euid() === 0 && stateEntryAbsent(join(root ?? RUNC_ROOT, id))) return { name: 'id-free', ok: true, message: free };
	const rootArgs = root ? ['--root', root] : [];
	let run: ToolRun;
	try {
		run = await d.runTool(runc.path, [...rootArgs, 'state', id], { timeoutMs: 15_000 });
	} catch (err) {
		return { name: 'id-free', ok: false, message: `runc state ${id} could not start: ${(err as Error).message}` };
	}
	if (run.code === 0) {
		let status = 'unknown';
		try {
			status = String((JSON.parse(run.stdout) as { status?: unknown }).status ?? status);
		} catch { /* keep unknown */ }
		return {
			name: 'id-free', ok: false,
			message: `a container with id '${id}' already exists (status ${status})`,
			fix: `restore under another id, or remove it: runc${root ? ` --root ${root}` : ''} delete --force ${id}`,
		};
	}
	const stateDir = join(root ?? RUNC_ROOT, id);
	if (d.fs.stat(stateDir)) {
		return {
			name: 'id-free', ok: false,
			message: `runc cannot load '${id}' but its state directory ${stateDir} is still there (left by an interrupted restore): ${firstLine(run.stderr)}`,
			fix: `unmount ${join(stateDir, 'criu-root')} and remove ${stateDir}, or restore under another id`,
		};
	}
	if (!/does not exist|not exist/i.test(run.stderr)) {
		return { name: 'id-free', ok: false, message: `runc state ${id} failed: ${firstLine(run.stderr)}` };
	}
	return { name: 'id-free', ok: true, message: free };
}

/** runc's state root when it runs as root without --root (rootless runc uses $XDG_RUNTIME_DIR/runc). */
const RUNC_ROOT = '/run/runc';

/**
 * True when nothing at all is at runc's state path for an id: `runc state` would then only say
 * "container does not exist" (runc keeps a container's state.json in `<root>/<id>/` from create to
 * delete), so its answer is known without starting it. Anything there (a live or stopped container,
 * a directory left by an interrupted restore, even a dangling link) and any other error leave the
 * question to `runc state`. Only a relative root, which runc would resolve against its own cwd, is
 * never taken as absent.
 */
function stateEntryAbsent(path: string): boolean {
	if (!isAbsolute(path)) return false;
	try {
		lstatSync(path);
		return false;
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		return code === 'ENOENT' || code === 'ENOTDIR';
	}
}

function firstLine(text: string): string {
	const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '(no output)';
	return /msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line;
}
