import type { Rule, RuleContext } from '../model';
import { removeElementFix, replaceValueFix } from './fixes';
import { keyHashStart, keyHashStep, LastIndexTable } from './lastIndexTable';
import { arr, envProblem, isInt, isObj, isWindowsConfig, obj, specHref, toAbsolute } from './helpers';

/** `process`: args, cwd, env, consoleSize, oomScoreAdj, umask (runtime-tools CheckProcess, runc validateProcessSpec). */
export const processRule: Rule = {
	codes: ['process-args-empty', 'process-cwd-absolute', 'process-env-format', 'process-env-duplicate', 'process-console-size-without-terminal', 'process-oom-score-adj-range', 'process-umask-range'],
	check(ctx) {
		const p = obj(ctx.config.process);
		if (!p) return;
		const href = specHref(ctx, 'config.md', 'process');
		const windows = isWindowsConfig(ctx.config);
		if (!windows && p.commandLine === undefined && Array.isArray(p.args) && p.args.length === 0) {
			ctx.report({ code: 'process-args-empty', severity: 'error', message: 'process.args is empty; give at least the program to run, e.g. ["/bin/sh"] (runc: "args must not be empty").', path: ['process', 'args'], href });
		} else if (!windows && p.args === undefined && p.commandLine === undefined) {
			ctx.report({ code: 'process-args-empty', severity: 'error', message: 'process.args is missing; give at least the program to run, e.g. ["/bin/sh"].', path: ['process'], target: 'key', href });
		}
		if (typeof p.cwd === 'string' && !windows && !p.cwd.startsWith('/')) {
			const abs = toAbsolute(p.cwd);
			const fix = replaceValueFix(ctx.doc, ['process', 'cwd'], abs, `Change cwd to "${abs}"`);
			ctx.report({
				code: 'process-cwd-absolute',
				severity: 'error',
				message: `process.cwd "${p.cwd}" is not an absolute path; it must start with "/" (relative to the container's root), e.g. "${abs}".`,
				path: ['process', 'cwd'],
				href,
				fixes: fix ? [fix] : undefined,
			});
		}
		checkEnv(ctx, arr(p.env), href);
		if (p.consoleSize !== undefined && p.terminal !== true) {
			ctx.report({ code: 'process-console-size-without-terminal', severity: 'warning', message: 'process.consoleSize is ignored because process.terminal is not true; set "terminal": true or remove consoleSize.', path: ['process', 'consoleSize'], target: 'key', href });
		}
		if (isInt(p.oomScoreAdj) && (p.oomScoreAdj < -1000 || p.oomScoreAdj > 1000)) {
			ctx.report({ code: 'process-oom-score-adj-range', severity: 'error', message: `process.oomScoreAdj ${p.oomScoreAdj} is out of range; the kernel accepts -1000 to 1000.`, path: ['process', 'oomScoreAdj'], href });
		}
		const user = isObj(p.user) ? p.user : undefined;
		if (user && isInt(user.umask) && (user.umask < 0 || user.umask > 0o777)) {
			ctx.report({ code: 'process-umask-range', severity: 'error', message: `process.user.umask ${user.umask} is out of range; a umask is 0 to 511 (0777 octal; JSON has no octal literals, so 0022 is written 18).`, path: ['process', 'user', 'umask'], href: specHref(ctx, 'config.md', 'user') });
		}
	},
};

/** Up to this many env entries the names are compared pairwise instead of hashed into a table. */
const fewEnv = 16;

/**
 * `process.env`: every entry `KEY=value`, no name set twice. Names are compared in place (no sliced
 * strings, no Map). With many entries each name is read once: the loop that checks its characters
 * also hashes them for the duplicate table.
 */
function checkEnv(ctx: RuleContext, env: unknown[], href: string): void {
	const n = env.length;
	if (n > fewEnv) {
		checkManyEnv(ctx, env, href);
		return;
	}
	const nameLengths: number[] = [];
	for (let i = 0; i < n; i++) {
		const e = env[i];
		nameLengths[i] = -1;
		if (typeof e !== 'string') continue;
		const eq = e.indexOf('=');
		reportFormat(ctx, e, eq, i, href);
		if (eq > 0) nameLengths[i] = eq;
	}
	for (let i = 0; i < n; i++) reportDuplicate(ctx, env, nameLengths, i, lastWithName(env, nameLengths, i), href);
}

/** {@link checkEnv} for more than {@link fewEnv} entries: names hashed into a {@link LastIndexTable}. */
function checkManyEnv(ctx: RuleContext, env: unknown[], href: string): void {
	const n = env.length;
	const nameLengths = new Int32Array(n);
	const hashes = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const e = env[i];
		nameLengths[i] = -1;
		if (typeof e !== 'string') continue;
		const eq = e.indexOf('=');
		if (eq <= 0) {
			reportFormat(ctx, e, eq, i, href);
			continue;
		}
		// What envProblem accepts without a word: a name of A-Z, a-z, 0-9 and _ not starting with a
		// digit, no NUL after it. Anything else goes to envProblem for its message.
		let h = keyHashStart;
		let fine = true;
		for (let k = 0; k < eq; k++) {
			const c = e.charCodeAt(k);
			h = keyHashStep(h, c);
			if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95)) fine = false;
		}
		const first = e.charCodeAt(0);
		if (!fine || (first >= 48 && first <= 57) || e.indexOf('\0', eq) >= 0) reportFormat(ctx, e, eq, i, href);
		nameLengths[i] = eq;
		hashes[i] = h;
	}
	const names = new LastIndexTable(env, nameLengths, hashes);
	if (names.repeats) for (let i = 0; i < n; i++) reportDuplicate(ctx, env, nameLengths, i, names.lastOf(i), href);
}

/** Reports entry `i` (its `=` at `eq`) when {@link envProblem} finds fault with it. */
function reportFormat(ctx: RuleContext, e: string, eq: number, i: number, href: string): void {
	const problem = envProblem(e, eq);
	if (problem) ctx.report({ code: 'process-env-format', severity: problem.severity, message: `process.env entry "${e}" ${problem.what}.`, path: ['process', 'env', i], href });
}

/** Reports entry `i` when `j`, the last entry with its name, is a later one. */
function reportDuplicate(ctx: RuleContext, env: unknown[], nameLengths: ArrayLike<number>, i: number, j: number, href: string): void {
	if (j < 0 || j === i) return;
	const key = (env[i] as string).slice(0, nameLengths[i]);
	const fix = removeElementFix(ctx.doc, ['process', 'env', i], `Remove this ${key} (the later one wins)`);
	ctx.report({ code: 'process-env-duplicate', severity: 'warning', message: `${key} is set again in process.env[${j}], which wins (runc keeps the last); remove this entry.`, path: ['process', 'env', i], href, fixes: fix ? [fix] : undefined });
}

/** The last index whose name equals entry `i`'s (what {@link LastIndexTable.lastOf} answers); -1 when it has none. */
function lastWithName(env: unknown[], nameLengths: ArrayLike<number>, i: number): number {
	const len = nameLengths[i];
	if (len < 0) return -1;
	const name = env[i] as string;
	for (let j = env.length - 1; j > i; j--) {
		if (nameLengths[j] !== len) continue;
		const other = env[j] as string;
		let k = 0;
		while (k < len && other.charCodeAt(k) === name.charCodeAt(k)) k++;
		if (k === len) return j;
	}
	return i;
}
