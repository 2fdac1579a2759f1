import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckpointParams, PreflightParams, PreflightResult, RestoreParams, ToolPaths } from '../common/helperProtocol';
import { checkCheckpointPaths, checkRestorePaths } from '../restore/checkRestorePaths';
import { checkpointArgv } from '../restore/checkpointArgv';
import { checkToolSafe, UnsafeToolError } from '../restore/checkToolSafe';
import { findCriu, findRunc, lookPath, type FoundTool } from '../restore/findTool';
import { memoryTrackingProblem } from '../restore/memoryTracking';
import { parseCriuLog } from '../restore/parseCriuLog';
import { ProbeCache } from '../restore/probeCache';
import { restoreArgv } from '../restore/restoreArgv';
import { validateCheckpointParams } from '../restore/validateCheckpointParams';
import { validateRestoreParams } from '../restore/validateRestoreParams';
import { childEnv, FIXED_PATH } from './childEnv';
import { attachSocketPath, consolePaths } from './consolePaths';
import { findConsolePython } from './consolePython';
import type { ConsolePlan } from './consoleReceiver';
import type { PipeKeeperPlan } from './pipeKeeperLauncher';
import { HelperError } from './helperError';
import type { CheckpointPlan, Planner, RestorePlan } from './planner';
import { pruneStaleJobs } from './pruneStaleJobs';
import type { RuncTool } from './runcTool';
import { warmUpConfig } from './warmUpConfig';
import { CONSOLE_LOG, DETACHED_LOG, KEEPER_LOG, RUNC_PID_FILE } from './workDirFiles';

/** Where per-job work directories go when running as root (tmpfs, root-only, gone at reboot). */
const JOBS_DIR = '/run/oci-restore/jobs';

/**
 * Tool probes by setting (undefined = the default lookup). Each runs a `--version`, the slowest part
 * of planning; the helper starts the default ones as soon as it starts, while the client is still
 * sending its request.
 */
const probes = new Map<string, Promise<{ path: string; version: string }>>();
const probeCache = new ProbeCache();

function probe(name: 'runc' | 'criu', setting: string | undefined): Promise<{ path: string; version: string }> {
	const key = `${name}\0${setting ?? ''}`;
	let p = probes.get(key);
	if (!p) {
		p = safeProbe(name, setting);
		p.catch(() => undefined);
		probes.set(key, p);
	}
	return p;
}

/**
 * Finds a tool and asks its version, but only after the safety check: `--version` already runs the
 * binary as root, so a user-writable one must be refused before that, not after.
 */
async function safeProbe(name: 'runc' | 'criu', setting: string | undefined): Promise<{ path: string; version: string }> {
	const find = name === 'runc' ? findRunc : findCriu;
	const path = lookPath(setting?.trim() || name, FIXED_PATH);
	// Not found: the core's own search runs nothing and throws its "install …" message.
	if (!path) return find(setting);
	// An unsafe tool throws its UnsafeToolError: preflight reports it as such, findSafe as not-permitted.
	const real = checkToolSafe(path);
	// A binary unchanged since its last probe (same inode, size, times) has the same version: no process.
	const probe = `${name} --version`;
	const cached = probeCache.get(probe, real);
	if (cached) return { path: real, version: cached };
	const found = await find(real);
	probeCache.set(probe, real, found.version);
	return { path: real, version: found.version };
}

/** Starts the default runc and CRIU probes early (errors surface when a request needs them). */
export function prefetchTools(): void {
	void probe('runc', undefined);
	void probe('criu', undefined);
}

/** The planner backed by the restore planning core (server/src/restore). */
export function createPlanner(): Planner {
	prefetchTools();
	return {
		planRestore,
		planCheckpoint,
		runc: resolveRunc,
		preflight: safePreflight,
		parseCriuLog: (text, log) => parseCriuLog(text, log),
		warmUp,
	};
}

/**
 * Runs the code of a preflight and a restore's planning once while the helper waits for its first
 * request (the extension starts it while the user picks the checkpoint): the lint engine on a tiny
 * config, then the preflight and the planning of a request that cannot go anywhere. The first run of
 * any code in a process pays for compiling it (about half of a cold preflight + restore), which would
 * otherwise land in the user's wait. Nothing is started and nothing is made: the request's image
 * directory does not exist, and the preflight's only way to run a tool refuses.
 */
async function warmUp(): Promise<void> {
	const { lintBytes, preflight } = loadPreflight();
	const { text, bundleDir } = warmUpConfig();
	try {
		lintBytes(new TextEncoder().encode(text), { filePath: join(bundleDir, 'config.json'), bundleDir });
	} catch {
		// only a warm-up: the real lint reports its own failures
	}
	const params = { id: 'oci-restore-warm-up', bundle: bundleDir, imagePath: join(tmpdir(), `oci-restore-warm-up-${randomBytes(8).toString('hex')}`) };
	const found = async (name: 'runc' | 'criu'): Promise<FoundTool> => ({ ...(await probe(name, undefined)), source: 'PATH' });
	await preflight(params, { findRunc: () => found('runc'), findCriu: () => found('criu'), runTool: () => Promise.reject(new Error('the warm-up starts no process')), cache: probeCache });
	// The restore's planning stops at the missing image directory, before it would make or run anything;
	// the parts after that run on their own, computing only.
	await planRestore(params).catch(() => undefined);
	const checked = validateRestoreParams(params, params.bundle);
	if (!checked.ok) return;
	try {
		bundleWantsTerminal(bundleDir);
	} catch {
		// the warm-up bundle is the host's root: no config.json there
	}
	jobDirName(params.id);
	try {
		const { runc, criu } = await resolveTools({});
		const workPath = join(jobsBase(), jobDirName(params.id));
		const planned = restoreArgv({ ...checked.value, workPath, pidFile: join(workPath, RUNC_PID_FILE) }, runc, { criuPath: criu.path, criuVersion: criu.version });
		childEnv({ pathPrepend: planned.pathPrepend });
	} catch {
		// tools missing or unusable: the real request reports that
	}
}

/** The preflight core and its lint engine, loaded on first use (a helper that only restores never needs them). */
function loadPreflight(): typeof import('../restore/preflight') & typeof import('../lint/index') {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return { ...(require('../restore/preflight') as typeof import('../restore/preflight')), ...(require('../lint/index') as typeof import('../lint/index')) };
}

async function planRestore(params: RestoreParams): Promise<RestorePlan> {
	const checked = validateRestoreParams(params, params.bundle);
	if (!checked.ok) throw badRequest(checked.errors);
	const v = checked.value;
	pathProblems(checkRestorePaths(v));
	const terminal = bundleWantsTerminal(v.bundle);
	// Terminal + detach: runc hands the pty master to a console socket; python3 receives it for our keeper.
	const python = terminal && v.detach ? findConsolePython() : undefined;
	const { runc, criu } = await resolveTools(params);
	const workPathCreated = v.workPath === undefined;
	const workPath = v.workPath ?? freshWorkDir(v.id);
	const runcPidFile = join(workPath, RUNC_PID_FILE);
	const sockets = python ? consolePaths(v.id, params.runcRoot) : undefined;
	// Pipes + detach: our keeper runs runc in the foreground (runc then gives the container real pipes,
	// which a later checkpoint can dump), so runc itself is not asked to detach.
	const pipeKeeper: PipeKeeperPlan | undefined = !terminal && v.detach
		? { attachSocket: attachSocketPath(v.id, params.runcRoot), node: process.execPath, script: keeperScript(), logPath: join(workPath, DETACHED_LOG), keeperLog: join(workPath, KEEPER_LOG) }
		: undefined;
	let planned: { argv: string[]; pathPrepend?: string };
	try {
		planned = restoreArgv({ ...v, workPath, pidFile: runcPidFile, detach: pipeKeeper ? false : v.detach }, { path: runc.path, version: runc.version }, { criuPath: criu.path, criuVersion: criu.version, root: params.runcRoot, consoleSocket: sockets?.receive });
	} catch (err) {
		throw new HelperError('unsupported', (err as Error).message);
	}
	const consolePlan: ConsolePlan | undefined =
		python && sockets
			? { python, receiveSocket: sockets.receive, attachSocket: sockets.attach, node: process.execPath, script: keeperScript(), logPath: join(workPath, CONSOLE_LOG), keeperLog: join(workPath, KEEPER_LOG) }
			: undefined;
	return {
		id: v.id,
		bundle: v.bundle,
		imagePath: v.imagePath,
		workPath,
		workPathCreated,
		runc: { ...runc, env: childEnv({ pathPrepend: planned.pathPrepend }) },
		argv: planned.argv,
		terminal,
		detach: v.detach === true,
		runcPidFile,
		userPidFile: v.pidFile,
		cols: v.cols ?? 80,
		rows: v.rows ?? 24,
		...(consolePlan ? { console: consolePlan } : {}),
		...(pipeKeeper ? { pipeKeeper } : {}),
	};
}

/** The CLI bundle this helper runs from: it also serves `console-keeper`. */
function keeperScript(): string {
	try {
		return realpathSync(process.argv[1]);
	} catch {
		throw new HelperError('internal', `cannot locate the helper's own script (${process.argv[1]}) to start the console keeper`);
	}
}

async function planCheckpoint(params: CheckpointParams): Promise<CheckpointPlan> {
	const checked = validateCheckpointParams(params, '/');
	if (!checked.ok) throw badRequest(checked.errors);
	const v = checked.value;
	pathProblems(checkCheckpointPaths(v));
	const { runc, criu } = await resolveTools(params);
	if (v.preDump || v.parentPath !== undefined) {
		// Refused before runc freezes the container, with the reason instead of runc's "CRIU is missing features".
		const problem = await memoryTrackingProblem(criu.path);
		if (problem) throw new HelperError('unsupported', problem, v.preDump ? 'preDump' : 'parentPath');
	}
	const workPath = v.workPath ?? freshWorkDir(v.id);
	mkdirSync(v.imagePath, { recursive: true, mode: 0o700 });
	let planned: { argv: string[]; pathPrepend?: string };
	try {
		planned = checkpointArgv({ ...v, workPath }, { path: runc.path, version: runc.version }, { criuPath: criu.path, criuVersion: criu.version, root: params.runcRoot });
	} catch (err) {
		throw new HelperError('unsupported', (err as Error).message);
	}
	return { id: v.id, imagePath: v.imagePath, workPath, runc: { ...runc, env: childEnv({ pathPrepend: planned.pathPrepend }) }, argv: planned.argv };
}

async function resolveRunc(tools: ToolPaths): Promise<RuncTool> {
	const runc = await findSafe('runc', () => probe('runc', tools.runc));
	if (tools.runcRoot !== undefined && !tools.runcRoot.startsWith('/')) throw new HelperError('bad-request', 'runcRoot must be an absolute path', 'runcRoot');
	return { path: runc.path, version: runc.version, root: tools.runcRoot, env: childEnv() };
}

async function resolveTools(tools: ToolPaths): Promise<{ runc: RuncTool; criu: { path: string; version: string } }> {
	// Each probe runs a `--version`; in parallel they cost one.
	const [runc, criu] = await Promise.all([resolveRunc(tools), findSafe('criu', () => probe('criu', tools.criu))]);
	return { runc, criu };
}

/** The probe's result; its errors as protocol errors (a missing tool is not-found). */
async function findSafe(name: string, find: () => Promise<{ path: string; version: string }>): Promise<{ path: string; version: string }> {
	try {
		// The path is the real path checkToolSafe resolved, not a symlink that could be swapped afterwards.
		return await find();
	} catch (err) {
		if (err instanceof HelperError) throw err;
		if (err instanceof UnsafeToolError) throw new HelperError('not-permitted', `refusing to run ${name} as root: ${err.message}`, name);
		throw new HelperError('not-found', (err as Error).message, name);
	}
}

/**
 * Preflight on this helper's tool probes: the same safety check before anything runs, and the
 * versions the helper already asked for (started at start-up, or remembered in the probe cache), so
 * a preflight followed by a restore runs `--version` at most once per tool, usually never.
 */
async function safePreflight(p: PreflightParams): Promise<PreflightResult> {
	// A tool the client named that root must not run (or that is missing) refuses the request itself.
	if (p.runc !== undefined) await findSafe('runc', () => probe('runc', p.runc));
	if (p.criu !== undefined) await findSafe('criu', () => probe('criu', p.criu));
	const { preflight } = loadPreflight();
	const found = async (name: 'runc' | 'criu', setting: string | undefined): Promise<FoundTool> => {
		const r = await probe(name, setting);
		return { path: r.path, version: r.version, source: setting?.trim() ? 'setting' : 'PATH' };
	};
	return preflight(p, { findRunc: (s) => found('runc', s), findCriu: (s) => found('criu', s), cache: probeCache });
}

/** A fresh, root-only work directory for one job, so CRIU's logs never mix and the image dir is untouched. */
function freshWorkDir(id: string): string {
	const base = jobsBase();
	mkdirSync(base, { recursive: true, mode: 0o700 });
	schedulePrune(base);
	const dir = join(base, jobDirName(id));
	mkdirSync(dir, { mode: 0o700 });
	return dir;
}

function jobsBase(): string {
	return (process.geteuid?.() ?? -1) === 0 ? JOBS_DIR : join(tmpdir(), 'oci-restore-jobs');
}

/** `<id>-<time>-<random>`: sorted by id then time, never reused. */
function jobDirName(id: string): string {
	return `${id}-${new Date().toISOString().replace(/[:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

/** Bases pruned (or about to be) by this process. */
const pruned = new Set<string>();
/** Long enough for runc and CRIU to have restored: the prune never competes with them for the CPU. */
const PRUNE_DELAY_MS = 3000;

/**
 * Every job leaves its logs (for "Open restore.log" and the detached logs); a week untouched is enough.
 * Pruning walks every job directory (tens of milliseconds with a thousand of them), so it runs once per
 * helper, after the restore it would otherwise delay, or as the helper exits when its job was shorter;
 * it never keeps the helper alive.
 */
function schedulePrune(base: string): void {
	if (pruned.has(base)) return;
	pruned.add(base);
	let done = false;
	const prune = () => {
		if (done) return;
		done = true;
		process.off('exit', prune);
		pruneStaleJobs(base);
	};
	setTimeout(prune, PRUNE_DELAY_MS).unref();
	process.once('exit', prune);
}

function bundleWantsTerminal(bundle: string): boolean {
	try {
		const config = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as { process?: { terminal?: unknown } };
		return config.process?.terminal === true;
	} catch (err) {
		throw new HelperError('bad-request', `cannot read ${join(bundle, 'config.json')}: ${(err as Error).message}`, 'bundle');
	}
}

function badRequest(errors: { field: string; message: string }[]): HelperError {
	return new HelperError('bad-request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors[0]?.field);
}

/** Throws the path problems the core found (missing bundle, image directory without inventory.img…). */
function pathProblems(errors: { field: string; message: string }[]): void {
	if (errors.length > 0) throw new HelperError('not-found', errors.map((e) => e.message).join('; '), errors[0].field);
}
