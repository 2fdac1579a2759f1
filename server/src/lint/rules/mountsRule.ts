import { mountOptionNames } from '../knowledge/mounts';
import type { Rule, RuleContext } from '../model';
import { replaceValueFix } from './fixes';
import { keyHash, keyHashStart, keyHashStep, LastIndexTable } from './lastIndexTable';
import { arr, badSegmentAfter, isObj, obj, specHref, toAbsolute } from './helpers';

/** Is this mount a bind mount (type bind, or a bind/rbind option)? */
export function isBindMount(m: Record<string, unknown>): boolean {
	if (m.type === 'bind') return true;
	const options = m.options;
	if (!Array.isArray(options)) return false;
	for (let i = 0; i < options.length; i++) if (options[i] === 'bind' || options[i] === 'rbind') return true;
	return false;
}

/**
 * Warn about a mount hidden by a later mount on the same directory or a parent (runtime-tools
 * CheckMounts): runc mounts in order, so the earlier one becomes invisible. Most mounts hide
 * nothing: a per-directory memo of the latest mount index on that directory or above lets them
 * pass with one parent lookup; only a mount that is hidden walks its ancestors for the message.
 * Destinations are matched in a {@link LastIndexTable}, and consecutive mounts under the same
 * directory reuse its lookup: no per-mount garbage on configs with thousands of mounts.
 */
function checkShadowed(ctx: RuleContext, href: string, dests: readonly (string | undefined)[], lengths: Int32Array, hashes: Int32Array): void {
	const last = new LastIndexTable(dests, lengths, hashes);
	// Without repeated destinations no mount is hidden by a later one on the same directory.
	const repeats = last.repeats;
	// Directory → the latest index of a mount on it or on one of its ancestors (-1: none).
	const latestAbove = new Map<string, number>();
	const pending: string[] = [];
	const latestAt = (dir: string): number => {
		// Iterative: a destination may have thousands of segments.
		let r = latestAbove.get(dir);
		let p = dir;
		while (r === undefined) {
			pending.push(p);
			if (p === '/') {
				r = -1;
				break;
			}
			p = parentOf(p);
			r = latestAbove.get(p);
		}
		while (pending.length) {
			const q = pending.pop()!;
			r = Math.max(r, last.find(q));
			latestAbove.set(q, r);
		}
		return r;
	};
	let prevParent = '';
	let prevAbove = -1;
	for (let i = 0; i < dests.length; i++) {
		const d = dests[i];
		if (d === undefined) continue;
		if (repeats && last.lastOf(i) > i) {
			report(ctx, href, i, d, last);
			continue;
		}
		if (d === '/') continue;
		// The last "/" (d is absolute: there is one at 0), found in place: the last segment is short.
		let cut = d.length - 1;
		while (d.charCodeAt(cut) !== 47) cut--;
		let above: number;
		if (cut > 0 && cut === prevParent.length && samePrefix(d, prevParent, cut)) above = prevAbove;
		else {
			const parent = cut > 0 ? d.slice(0, cut) : '/';
			above = latestAt(parent);
			if (cut > 0) {
				prevParent = parent;
				prevAbove = above;
			}
		}
		if (above > i) report(ctx, href, i, d, last);
	}
}

/** Do `a` and `b` start with the same `len` characters? (Compared in place: parents are short.) */
function samePrefix(a: string, b: string, len: number): boolean {
	for (let k = 0; k < len; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
	return true;
}

/**
 * {@link keyHash} of `p` when {@link isCleanAbsolute}(p) (so {@link toAbsolute} returns `p` itself),
 * else undefined: the checks and the hash in one pass over the characters.
 */
function cleanPathHash(p: string): number | undefined {
	const n = p.length;
	if (n === 0 || p.charCodeAt(0) !== 47) return undefined;
	if (n > 1 && p.charCodeAt(n - 1) === 47) return undefined;
	let h = keyHashStart;
	for (let i = 0; i < n; i++) {
		const c = p.charCodeAt(i);
		h = keyHashStep(h, c);
		if (c === 47 && badSegmentAfter(p, i, n)) return undefined;
	}
	return h;
}

/** Are `a` and `b` the same list of strings? (A config repeats one option list across many mounts.) */
function sameStrings(a: unknown[], b: unknown[] | undefined): boolean {
	if (!b || a.length !== b.length) return false;
	for (let k = 0; k < a.length; k++) if (a[k] !== b[k] || typeof a[k] !== 'string') return false;
	return true;
}

/** Up to this many mounts (a typical config has a dozen) every pair is compared instead of building tables. */
const fewMounts = 32;

/**
 * {@link checkShadowed} for a few mounts, without tables or sliced parent paths: mount `i` is hidden
 * when a later mount is on its destination or on an ancestor of it, and the message names the
 * nearest such directory (the longest destination) and the last mount on it.
 */
function checkShadowedFew(ctx: RuleContext, href: string, mounts: unknown[]): void {
	const n = mounts.length;
	const dests: (string | undefined)[] = [];
	for (let i = 0; i < n; i++) {
		const m = mounts[i];
		dests.push(isObj(m) && typeof m.destination === 'string' ? toAbsolute(m.destination) : undefined);
	}
	for (let i = 0; i < n; i++) {
		const d = dests[i];
		if (d === undefined) continue;
		let by = -1;
		let byLength = -1;
		for (let j = i + 1; j < n; j++) {
			const e = dests[j];
			// Two ancestors of the same length are the same directory: the later mount wins the tie.
			if (e === undefined || e.length < byLength || !covers(e, d)) continue;
			by = j;
			byLength = e.length;
		}
		if (by >= 0) {
			const p = dests[by]!;
			ctx.report({ code: 'mount-shadowed', severity: 'warning', message: `the mount on ${d} is hidden by the later mount on ${p} (mounts[${by}]); runc mounts in order, so list a parent directory before the mounts below it.`, path: ['mounts', i, 'destination'], href });
		}
	}
}

/** Is the clean absolute path `dir` the clean absolute path `p` or one of its ancestors? */
function covers(dir: string, p: string): boolean {
	if (dir.length === p.length) return dir === p;
	return dir.length < p.length && p.startsWith(dir) && (dir.length === 1 || p.charCodeAt(dir.length) === 47);
}

/** Reports mount `i` on `d`, naming the nearest later mount on it or above it. */
function report(ctx: RuleContext, href: string, i: number, d: string, last: LastIndexTable): void {
	let p = d;
	for (;;) {
		const j = last.find(p);
		if (j > i) {
			ctx.report({ code: 'mount-shadowed', severity: 'warning', message: `the mount on ${d} is hidden by the later mount on ${p} (mounts[${j}]); runc mounts in order, so list a parent directory before the mounts below it.`, path: ['mounts', i, 'destination'], href });
			return;
		}
		if (p === '/') return;
		p = parentOf(p);
	}
}

/** Parent directory of a clean absolute path other than "/". */
function parentOf(p: string): string {
	return p.slice(0, p.lastIndexOf('/')) || '/';
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
		const mounts = arr(ctx.config.mounts);
		// The destinations for the mount-shadowed tables of many mounts, gathered in this one pass over the mounts.
		const many = !windows && mounts.length > fewMounts;
		const dests: (string | undefined)[] | undefined = many ? new Array(mounts.length) : undefined;
		const lengths = many ? new Int32Array(mounts.length).fill(-1) : undefined;
		const hashes = many ? new Int32Array(mounts.length) : undefined;
		// The last bind mount options found fine: the next mount with the same list needs no lookups.
		let fineOptions: unknown[] | undefined;
		for (let i = 0; i < mounts.length; i++) {
			const m = mounts[i];
			if (!isObj(m)) continue;
			if (dests && lengths && hashes && typeof m.destination === 'string') {
				const h = cleanPathHash(m.destination);
				const d = h === undefined ? toAbsolute(m.destination) : m.destination;
				dests[i] = d;
				lengths[i] = d.length;
				hashes[i] = h ?? keyHash(d, d.length);
			}
			if (typeof m.destination === 'string' && m.destination.charCodeAt(0) !== 47 && !windows) {
				const abs = toAbsolute(m.destination);
				const fix = replaceValueFix(ctx.doc, ['mounts', i, 'destination'], abs, `Change destination to "${abs}"`);
				ctx.report({ code: 'mount-destination-relative', severity: 'warning', message: `mount destination "${m.destination}" is relative; relative destinations are deprecated (runc reads them relative to "/"), write "${abs}".`, path: ['mounts', i, 'destination'], href, fixes: fix ? [fix] : undefined });
			}
			const options = m.options;
			if (Array.isArray(options) && isBindMount(m) && !sameStrings(options, fineOptions)) {
				let fine = true;
				for (let j = 0; j < options.length; j++) {
					const o = options[j];
					if (typeof o !== 'string') fine = false;
					else if (!mountOptionNames.has(o)) {
						fine = false;
						ctx.report({ code: 'mount-bind-data-options', severity: 'error', message: `bind mounts cannot take file-system options such as "${o}" (the kernel ignores them; runc refuses the mount); use only flags like ro, nosuid, nodev, noexec, rprivate.`, path: ['mounts', i, 'options', j], href });
					}
				}
				if (fine) fineOptions = options;
			}
			const hasUid = m.uidMappings !== undefined;
			const hasGid = m.gidMappings !== undefined;
			if (!hasUid && !hasGid) continue;
			const key = hasUid ? 'uidMappings' : 'gidMappings';
			if (hasUid !== hasGid) {
				ctx.report({ code: 'mount-idmap-both-mappings', severity: 'error', message: `an ID-mapped mount needs both uidMappings and gidMappings; ${hasUid ? 'gidMappings' : 'uidMappings'} is missing.`, path: ['mounts', i, key], target: 'key', href });
			}
			if (!isBindMount(m)) {
				ctx.report({ code: 'mount-idmap-bind-only', severity: 'error', message: 'uidMappings/gidMappings are supported only for bind mounts; add "bind" or "rbind" to options (or use type "bind").', path: ['mounts', i, key], target: 'key', href });
			}
		}
		if (dests && lengths && hashes) checkShadowed(ctx, href, dests, lengths, hashes);
		else if (!windows) checkShadowedFew(ctx, href, mounts);
		const linux = obj(ctx.config.linux);
		if (!linux) return;
		checkAbsolutePaths(ctx, linux, 'maskedPaths', 'masked-path-absolute', 'masked-paths');
		checkAbsolutePaths(ctx, linux, 'readonlyPaths', 'readonly-path-absolute', 'readonly-paths');
	},
};

/** `linux.maskedPaths` or `linux.readonlyPaths`: every entry absolute. */
function checkAbsolutePaths(ctx: RuleContext, linux: Record<string, unknown>, field: 'maskedPaths' | 'readonlyPaths', code: string, anchor: string): void {
	const list = arr(linux[field]);
	for (let i = 0; i < list.length; i++) {
		const p = list[i];
		if (typeof p !== 'string' || p.charCodeAt(0) === 47) continue;
		const abs = toAbsolute(p);
		const fix = replaceValueFix(ctx.doc, ['linux', field, i], abs, `Change to "${abs}"`);
		ctx.report({ code, severity: 'error', message: `linux.${field} entry "${p}" is not absolute; paths in the container start with "/", e.g. "${abs}".`, path: ['linux', field, i], href: specHref(ctx, 'config-linux.md', anchor), fixes: fix ? [fix] : undefined });
	}
}
