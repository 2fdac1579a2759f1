import { mountOptionNames } from '../knowledge/mounts';
import type { Rule, RuleContext } from '../model';
import { replaceValueFix } from './fixes';
import { arr, isObj, obj, specHref, toAbsolute } from './helpers';

/** Is this mount a bind mount (type bind, or a bind/rbind option)? */
export function isBindMount(m: Record<string, unknown>): boolean {
	return m.type === 'bind' || arr(m.options).some((o) => o === 'bind' || o === 'rbind');
}

/**
 * Warn about a mount hidden by a later mount on the same directory or a parent (runtime-tools
 * CheckMounts): runc mounts in order, so the earlier one becomes invisible. Linear in the number of
 * mounts times the path depth.
 */
function checkShadowed(ctx: RuleContext, href: string): void {
	const mounts = arr(ctx.config.mounts);
	const dests: (string | undefined)[] = mounts.map((m) => (isObj(m) && typeof m.destination === 'string' ? toAbsolute(m.destination) : undefined));
	const last = new Map<string, number>();
	dests.forEach((d, i) => {
		if (d !== undefined) last.set(d, i);
	});
	dests.forEach((d, i) => {
		if (d === undefined) return;
		let p = d;
		for (;;) {
			const j = last.get(p);
			if (j !== undefined && j > i) {
				ctx.report({ code: 'mount-shadowed', severity: 'warning', message: `the mount on ${d} is hidden by the later mount on ${p} (mounts[${j}]); runc mounts in order, so list a parent directory before the mounts below it.`, path: ['mounts', i, 'destination'], href });
				return;
			}
			if (p === '/') return;
			p = p.slice(0, p.lastIndexOf('/')) || '/';
		}
	});
}

/**
 * `mounts`, `linux.maskedPaths`, `linux.readonlyPaths`: absolute container paths (a relative mount
 * destination is deprecated, as runc warns), bind mounts take no file-system data options, no mount hidden by a later one, ID-mapped mount rules (runc configs/validate checkBindOptions, checkIDMapMounts).
 */
export const mountsRule: Rule = {
	codes: ['mount-destination-relative', 'masked-path-absolute', 'readonly-path-absolute', 'mount-idmap-bind-only', 'mount-idmap-both-mappings', 'mount-bind-data-options', 'mount-shadowed'],
	check(ctx) {
		const href = specHref(ctx, 'config.md', 'mounts');
		const windows = isObj(ctx.config.windows);
		arr(ctx.config.mounts).forEach((m, i) => {
			if (!isObj(m)) return;
			if (typeof m.destination === 'string' && m.destination.charCodeAt(0) !== 47 && !windows) {
				const abs = toAbsolute(m.destination);
				const fix = replaceValueFix(ctx.doc, ['mounts', i, 'destination'], abs, `Change destination to "${abs}"`);
				ctx.report({ code: 'mount-destination-relative', severity: 'warning', message: `mount destination "${m.destination}" is relative; relative destinations are deprecated (runc reads them relative to "/"), write "${abs}".`, path: ['mounts', i, 'destination'], href, fixes: fix ? [fix] : undefined });
			}
			if (Array.isArray(m.options) && isBindMount(m)) {
				m.options.forEach((o, j) => {
					if (typeof o === 'string' && !mountOptionNames.has(o)) {
						ctx.report({ code: 'mount-bind-data-options', severity: 'error', message: `bind mounts cannot take file-system options such as "${o}" (the kernel ignores them; runc refuses the mount); use only flags like ro, nosuid, nodev, noexec, rprivate.`, path: ['mounts', i, 'options', j], href });
					}
				});
			}
			const hasUid = m.uidMappings !== undefined;
			const hasGid = m.gidMappings !== undefined;
			if (!hasUid && !hasGid) return;
			const key = hasUid ? 'uidMappings' : 'gidMappings';
			if (hasUid !== hasGid) {
				ctx.report({ code: 'mount-idmap-both-mappings', severity: 'error', message: `an ID-mapped mount needs both uidMappings and gidMappings; ${hasUid ? 'gidMappings' : 'uidMappings'} is missing.`, path: ['mounts', i, key], target: 'key', href });
			}
			if (!isBindMount(m)) {
				ctx.report({ code: 'mount-idmap-bind-only', severity: 'error', message: 'uidMappings/gidMappings are supported only for bind mounts; add "bind" or "rbind" to options (or use type "bind").', path: ['mounts', i, key], target: 'key', href });
			}
		});
		if (!windows) checkShadowed(ctx, href);
		const linux = obj(ctx.config.linux);
		for (const [field, code, anchor] of [['maskedPaths', 'masked-path-absolute', 'masked-paths'], ['readonlyPaths', 'readonly-path-absolute', 'readonly-paths']] as const) {
			arr(linux?.[field]).forEach((p, i) => {
				if (typeof p !== 'string' || p.startsWith('/')) return;
				const abs = toAbsolute(p);
				const fix = replaceValueFix(ctx.doc, ['linux', field, i], abs, `Change to "${abs}"`);
				ctx.report({ code, severity: 'error', message: `linux.${field} entry "${p}" is not absolute; paths in the container start with "/", e.g. "${abs}".`, path: ['linux', field, i], href: specHref(ctx, 'config-linux.md', anchor), fixes: fix ? [fix] : undefined });
			});
		}
	},
};
