import type { Rule } from '../model';
import { rootfsDir } from './bundleRootRule';
import { arr, isObj, obj, specHref, toAbsolute } from './helpers';
import { resolveInRoot } from './resolveInRoot';

/** The PATH runc's init uses when process.env has none. */
export const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Is the container path at or below one of the mount destinations (its content is not in the rootfs)? */
function underMount(mounts: string[], p: string): boolean {
	return mounts.some((m) => m !== '/' && (p === m || p.startsWith(m + '/')));
}

function joinContainer(dir: string, name: string): string {
	return (dir.endsWith('/') ? dir : dir + '/') + name;
}

/**
 * process.args[0] resolves inside the rootfs (absolute, relative to cwd, or through process.env's
 * PATH) to an executable regular file, following symlinks inside the rootfs (runc: exec.LookPath in
 * the container; runtime-tools CheckProcess).
 */
export const bundleExecRule: Rule = {
	codes: ['bundle-exec-not-found', 'bundle-exec-not-executable'],
	bundle: true,
	check(ctx) {
		const root = rootfsDir(ctx);
		const proc = obj(ctx.config.process);
		const arg0 = arr(proc?.args)[0];
		if (!root || typeof arg0 !== 'string' || arg0 === '') return;
		const rootSt = ctx.fs.stat(root);
		if (!rootSt || !rootSt.isDirectory) return;
		const mounts = arr(ctx.config.mounts).flatMap((m) => (isObj(m) && typeof m.destination === 'string' ? [toAbsolute(m.destination)] : []));
		const href = specHref(ctx, 'config.md', 'process');
		const path = ['process', 'args', 0];
		let candidates: string[];
		let pathVar: string | undefined;
		if (arg0.includes('/')) {
			const cwd = typeof proc?.cwd === 'string' && proc.cwd.startsWith('/') ? proc.cwd : '/';
			candidates = [arg0.startsWith('/') ? arg0 : joinContainer(cwd, arg0)];
		} else {
			for (const e of arr(proc?.env)) if (typeof e === 'string' && e.startsWith('PATH=')) pathVar = e.slice(5);
			const dirs = (pathVar ?? defaultPath).split(':').filter((d) => d.startsWith('/'));
			candidates = dirs.map((d) => joinContainer(d, arg0));
		}
		let notExecutable: string | undefined;
		for (const c of candidates) {
			if (underMount(mounts, c)) return;
			const r = resolveInRoot(ctx.fs, root, c);
			if (r.kind !== 'found') continue;
			if (r.isFile && (r.mode & 0o111) !== 0) return;
			notExecutable ??= r.isDirectory ? `${c} is a directory` : !r.isFile ? `${c} is not a regular file` : `${c} has no execute permission (mode ${(r.mode & 0o777).toString(8).padStart(4, '0')})`;
			if (arg0.includes('/')) break;
		}
		if (notExecutable) {
			ctx.report({ code: 'bundle-exec-not-executable', severity: 'error', message: `process.args[0] "${arg0}" cannot be executed: ${notExecutable} in the rootfs; make it an executable file (chmod +x).`, path, href });
			return;
		}
		const where = arg0.includes('/') ? `at ${candidates[0]}` : `in PATH ${pathVar !== undefined ? `"${pathVar}" (process.env)` : `"${defaultPath}" (runc's default; process.env has no PATH)`}`;
		ctx.report({ code: 'bundle-exec-not-found', severity: 'error', message: `process.args[0] "${arg0}" is not found ${where} inside the rootfs ${root}; runc create would fail with "executable file not found".`, path, href });
	},
};
