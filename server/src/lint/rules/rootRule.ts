import type { Rule } from '../model';
import { isObj, isWindowsConfig, specHref } from './helpers';

/** `root` is required and `root.path` non-empty on every platform but Windows (runtime-tools CheckRoot, runc specconv). */
export const rootRule: Rule = {
	codes: ['root-required', 'root-path-empty'],
	check(ctx) {
		const c = ctx.config;
		if (isWindowsConfig(c)) return;
		const href = specHref(ctx, 'config.md', 'root');
		if (c.root === undefined) {
			if (!ctx.doc.root || ctx.doc.root.type !== 'object') return;
			ctx.report({ code: 'root-required', severity: 'error', message: 'root is missing; on Linux a config needs "root": {"path": "rootfs"} (runc: "root must be specified").', path: [], href });
			return;
		}
		if (isObj(c.root) && c.root.path === '') {
			ctx.report({ code: 'root-path-empty', severity: 'error', message: 'root.path is empty; give the container\'s root file system, absolute or relative to the bundle (usually "rootfs").', path: ['root', 'path'], href });
		}
	},
};
