import type { Rule } from '../model';
import { arr, envProblem, isObj, obj, specHref } from './helpers';

/** Hook kinds of `hooks`, in the order the runtime runs them. */
export const hookKinds = ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'] as const;

/** `hooks`: absolute paths, `KEY=value` env, prestart deprecated (runtime-tools CheckHooks; the schema checks timeout ≥ 1). */
export const hooksRule: Rule = {
	codes: ['hook-path-absolute', 'hook-env-format', 'hook-prestart-deprecated'],
	check(ctx) {
		const hooks = obj(ctx.config.hooks);
		if (!hooks) return;
		const href = specHref(ctx, 'config.md', 'posix-platform-hooks');
		for (const kind of hookKinds) {
			const list = arr(hooks[kind]);
			if (kind === 'prestart' && list.length > 0) {
				ctx.report({ code: 'hook-prestart-deprecated', severity: 'warning', message: 'hooks.prestart is deprecated; use createRuntime (runs in the runtime namespace) or createContainer instead.', path: ['hooks', 'prestart'], target: 'key', href });
			}
			list.forEach((h, i) => {
				if (!isObj(h)) return;
				const base = ['hooks', kind, i];
				if (typeof h.path === 'string' && !h.path.startsWith('/')) {
					ctx.report({ code: 'hook-path-absolute', severity: 'error', message: `hook path "${h.path}" is not absolute; hooks run on the host and need an absolute path, e.g. "/usr/bin/${h.path.replace(/^.*\//, '')}".`, path: [...base, 'path'], href });
				}
				arr(h.env).forEach((e, j) => {
					if (typeof e !== 'string') return;
					const problem = envProblem(e);
					if (problem) ctx.report({ code: 'hook-env-format', severity: problem.severity, message: `hook env entry "${e}" ${problem.what}.`, path: [...base, 'env', j], href });
				});
			});
		}
	},
};
