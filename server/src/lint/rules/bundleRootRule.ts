import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import type { Rule, RuleContext } from '../model';
import { obj, specHref } from './helpers';

/** The host directory of `root.path` (relative to the bundle), or undefined when there is none. */
export function rootfsDir(ctx: RuleContext): string | undefined {
	const p = obj(ctx.config.root)?.path;
	if (typeof p !== 'string' || p === '' || ctx.bundleDir === undefined) return undefined;
	return isAbsolute(p) ? normalize(p) : join(ctx.bundleDir, p);
}

/** root.path exists and is a directory; SHOULD be the bundle's `rootfs` child (runtime-tools CheckRoot). */
export const bundleRootRule: Rule = {
	codes: ['bundle-root-missing', 'bundle-root-not-directory', 'bundle-root-name'],
	bundle: true,
	check(ctx) {
		const dir = rootfsDir(ctx);
		if (!dir || ctx.bundleDir === undefined) return;
		const href = specHref(ctx, 'config.md', 'root');
		const path = ['root', 'path'];
		const st = ctx.fs.stat(dir);
		if (!st) {
			ctx.report({ code: 'bundle-root-missing', severity: 'error', message: `root.path "${dir}" does not exist; create the root file system there (e.g. unpack an image into ${basename(dir)}/) or fix the path.`, path, href });
			return;
		}
		if (!st.isDirectory && !st.isSymbolicLink) {
			ctx.report({ code: 'bundle-root-not-directory', severity: 'error', message: `root.path "${dir}" is not a directory; it must be the directory holding the container's root file system.`, path, href });
			return;
		}
		if (st.isSymbolicLink) {
			ctx.report({ code: 'bundle-root-not-directory', severity: 'error', message: `root.path "${dir}" is a symbolic link; runc refuses a rootfs that is a symlink ("invalid rootfs"), point root.path at the real directory.`, path, href });
			return;
		}
		if (basename(dir) !== 'rootfs' || normalize(dirname(dir)) !== normalize(ctx.bundleDir)) {
			ctx.report({ code: 'bundle-root-name', severity: 'hint', message: 'by convention the root file system is the bundle\'s direct child named "rootfs" (root.path "rootfs").', path, href });
		}
	},
};
