import type { Rule, RuleContext } from '../model';
import { arr, isInt, isObj, namespaceOf, obj, specHref } from './helpers';

interface IdRange {
	index: number;
	container: number;
	host: number;
	size: number;
}

function ranges(v: unknown): IdRange[] {
	const out: IdRange[] = [];
	arr(v).forEach((m, index) => {
		if (isObj(m) && isInt(m.containerID) && isInt(m.hostID) && isInt(m.size)) out.push({ index, container: m.containerID, host: m.hostID, size: m.size });
	});
	return out;
}

function overlaps(a: number, asize: number, b: number, bsize: number): boolean {
	return a < b + bsize && b < a + asize;
}

function checkField(ctx: RuleContext, field: 'uidMappings' | 'gidMappings', ids: [unknown, (string | number)[]][]): void {
	const list = ranges(obj(ctx.config.linux)?.[field]);
	if (list.length === 0) return;
	const href = specHref(ctx, 'config-linux.md', 'user-namespace-mappings');
	for (const r of list) {
		if (r.size <= 0) ctx.report({ code: 'id-mapping-size', severity: 'error', message: `linux.${field}[${r.index}].size is ${r.size}; a mapping covers at least one id.`, path: ['linux', field, r.index, 'size'], href });
	}
	// The kernel refuses overlapping lines in uid_map/gid_map, on either side of the mapping.
	for (let i = 0; i < list.length && i < 340; i++) {
		for (let j = i + 1; j < list.length && j < 340; j++) {
			const a = list[i];
			const b = list[j];
			if (a.size <= 0 || b.size <= 0) continue;
			const side = overlaps(a.container, a.size, b.container, b.size) ? 'container' : overlaps(a.host, a.size, b.host, b.size) ? 'host' : undefined;
			if (side) ctx.report({ code: 'id-mapping-overlap', severity: 'error', message: `linux.${field}[${b.index}] overlaps linux.${field}[${a.index}] on the ${side} side; the kernel refuses overlapping ranges.`, path: ['linux', field, b.index], href });
		}
	}
	for (const [id, path] of ids) {
		if (isInt(id) && !list.some((r) => id >= r.container && id < r.container + r.size)) {
			const name = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1);
			ctx.report({ code: 'id-unmapped', severity: 'error', message: `${name} ${id} is not mapped by linux.${field}, so the process cannot take it in the user namespace; map it (e.g. a range starting at containerID 0) or change the id.`, path, href });
		}
	}
}

/**
 * User namespace mappings of a new user namespace: sizes, overlaps (the kernel refuses them), and
 * process.user.uid/gid/additionalGids mapped (runc cannot switch to an unmapped id).
 */
export const idMappingsRule: Rule = {
	codes: ['id-mapping-size', 'id-mapping-overlap', 'id-unmapped'],
	check(ctx) {
		const user = namespaceOf(ctx.config, 'user');
		if (!user || user.path) return;
		const u = obj(obj(ctx.config.process)?.user);
		// An absent process.user means uid/gid 0 (the path then points at the missing member's parent).
		checkField(ctx, 'uidMappings', [[u ? (u.uid ?? 0) : 0, ['process', 'user', 'uid']]]);
		const gids: [unknown, (string | number)[]][] = [[u ? (u.gid ?? 0) : 0, ['process', 'user', 'gid']]];
		arr(u?.additionalGids).forEach((g, i) => gids.push([g, ['process', 'user', 'additionalGids', i]]));
		checkField(ctx, 'gidMappings', gids);
	},
};
