import { isAbsolute, join } from 'node:path';
import type { Rule } from '../model';
import { hookKinds } from './hooksRule';
import { arr, isObj, obj, specHref } from './helpers';
import { isBindMount } from './mountsRule';
import { resolveInRoot } from './resolveInRoot';

/** Hook executables exist and are executable on the host; bind-mount sources exist (relative: to the bundle). */
export const bundleHostPathsRule: Rule = {
	codes: ['bundle-hook-missing', 'bundle-hook-not-executable', 'bundle-mount-source-missing'],
	bundle: true,
	check(ctx) {
		const bundle = ctx.bundleDir;
		if (bundle === undefined) return;
		const hooks = obj(ctx.config.hooks);
		const hooksHref = specHref(ctx, 'config.md', 'posix-platform-hooks');
		for (const kind of hookKinds) {
			arr(hooks?.[kind]).forEach((h, i) => {
				if (!isObj(h) || typeof h.path !== 'string' || !h.path.startsWith('/')) return;
				const path = ['hooks', kind, i, 'path'];
				const r = resolveInRoot(ctx.fs, '/', h.path);
				if (r.kind !== 'found') {
					ctx.report({ code: 'bundle-hook-missing', severity: 'error', message: `hook "${h.path}" does not exist on this host${r.kind === 'loop' ? ' (symlink loop)' : ''}; hooks run on the host, install it or fix the path.`, path, href: hooksHref });
				} else if (!r.isFile || (r.mode & 0o111) === 0) {
					ctx.report({ code: 'bundle-hook-not-executable', severity: 'error', message: `hook "${h.path}" is not an executable file on this host${r.isFile ? ` (mode ${(r.mode & 0o777).toString(8).padStart(4, '0')}; chmod +x it)` : ''}.`, path, href: hooksHref });
				}
			});
		}
		const mountsHref = specHref(ctx, 'config.md', 'mounts');
		arr(ctx.config.mounts).forEach((m, i) => {
			if (!isObj(m) || typeof m.source !== 'string' || m.source === '' || !isBindMount(m)) return;
			const host = isAbsolute(m.source) ? m.source : join(bundle, m.source);
			const r = resolveInRoot(ctx.fs, '/', host);
			if (r.kind !== 'found') {
				ctx.report({ code: 'bundle-mount-source-missing', severity: 'error', message: `bind-mount source "${host}" does not exist on this host${r.kind === 'loop' ? ' (symlink loop)' : ''}; runc create would fail, create it or fix the source.`, path: ['mounts', i, 'source'], href: mountsHref });
			}
		});
	},
};
