/**
 * Small shared helpers of the semantic rules: reading the loosely typed config, spec links,
 * and the value shapes several rules check.
 */
import type { RuleContext } from '../model';
import { specHref as versionHref } from '../schema/specVersion';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The array at `v`, or [] when it is not one (the schema stage reports wrong types). */
export function arr(v: unknown): unknown[] {
	return Array.isArray(v) ? v : [];
}

export function obj(v: unknown): Obj | undefined {
	return isObj(v) ? v : undefined;
}

export function isInt(v: unknown): v is number {
	return typeof v === 'number' && Number.isInteger(v);
}

/** Link to a runtime-spec section for the spec version being linted, e.g. specHref(ctx, 'config.md', 'process'). */
export function specHref(ctx: Pick<RuleContext, 'specVersion'>, file: string, anchor?: string): string {
	return versionHref(ctx.specVersion, file, anchor);
}

/** POSIX absolute path (the container's paths are always Linux paths). */
export function isAbsolute(p: string): boolean {
	return p.startsWith('/');
}

/** The absolute form of a relative container path, as runc reads it (relative to `/`). */
export function toAbsolute(p: string): string {
	if (isCleanAbsolute(p)) return p;
	const parts: string[] = [];
	for (const seg of p.split('/')) {
		if (seg === '' || seg === '.') continue;
		if (seg === '..') parts.pop();
		else parts.push(seg);
	}
	return '/' + parts.join('/');
}

/**
 * Is `p` already what {@link toAbsolute} returns: starts with "/", no empty, "." or ".." segment,
 * no trailing "/" (except "/" itself)? Checked without allocating: most paths in a config are clean.
 */
export function isCleanAbsolute(p: string): boolean {
	const n = p.length;
	if (n === 0 || p.charCodeAt(0) !== 47) return false;
	if (n === 1) return true;
	if (p.charCodeAt(n - 1) === 47) return false;
	for (let i = 0; i < n; i++) if (p.charCodeAt(i) === 47 && badSegmentAfter(p, i, n)) return false;
	return true;
}

/** Is the segment after the "/" at `i` of `p` (length `n`) empty, "." or ".."? */
export function badSegmentAfter(p: string, i: number, n: number): boolean {
	const a = p.charCodeAt(i + 1);
	if (a === 47) return true;
	if (a !== 46) return false;
	const b = p.charCodeAt(i + 2);
	if (i + 2 >= n || b === 47) return true;
	return b === 46 && (i + 3 >= n || p.charCodeAt(i + 3) === 47);
}

/** A Windows config (`windows` section or Windows-style root) is not held to the Linux rules. */
export function isWindowsConfig(config: Obj): boolean {
	return isObj(config.windows);
}

/** One entry of `linux.namespaces`, with its index. */
export interface NamespaceEntry {
	index: number;
	type: string;
	path: string | undefined;
}

/** The namespaces of the config by type (the first entry of each type). */
export function namespaces(config: Obj): Map<string, NamespaceEntry> {
	const out = new Map<string, NamespaceEntry>();
	const list = arr(obj(config.linux)?.namespaces);
	for (let index = 0; index < list.length; index++) {
		const n = list[index];
		if (!isObj(n) || typeof n.type !== 'string' || out.has(n.type)) continue;
		out.set(n.type, entry(n, index));
	}
	return out;
}

/** The first namespace of `type` in the config, as {@link namespaces} has it (no Map for a single question). */
export function namespaceOf(config: Obj, type: string): NamespaceEntry | undefined {
	const list = arr(obj(config.linux)?.namespaces);
	for (let index = 0; index < list.length; index++) {
		const n = list[index];
		if (isObj(n) && n.type === type) return entry(n, index);
	}
	return undefined;
}

function entry(n: Obj, index: number): NamespaceEntry {
	return { index, type: n.type as string, path: typeof n.path === 'string' && n.path !== '' ? n.path : undefined };
}

/** Is this a Linux config (has a `linux` section, or nothing says another platform)? */
export function isLinuxConfig(config: Obj): boolean {
	if (isObj(config.linux)) return true;
	return !isObj(config.windows) && !isObj(config.solaris) && !isObj(config.vm) && !isObj(config.zos) && !isObj(config.freebsd);
}

/** `KEY=value` with a non-empty key (`eq`: where its first "=" is); returns a problem description or undefined (one pass: large env lists are common). */
export function envProblem(entry: string, eq = entry.indexOf('=')): { severity: 'error' | 'warning'; what: string } | undefined {
	if (eq < 0) return { severity: 'error', what: 'has no "=" (entries are KEY=value)' };
	if (eq === 0) return { severity: 'error', what: 'has an empty name (entries are KEY=value)' };
	let portable = true;
	for (let i = 0; i < eq; i++) {
		const c = entry.charCodeAt(i);
		if (c === 0) return { severity: 'error', what: 'contains a NUL byte (runc refuses it)' };
		if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95)) portable = false;
	}
	if (entry.indexOf('\0', eq) >= 0) return { severity: 'error', what: 'contains a NUL byte (runc refuses it)' };
	// The name is sliced only for a message: 35,000 valid entries must not leave 35,000 strings behind.
	if (!portable) return { severity: 'warning', what: `has the name "${entry.slice(0, eq)}", which is not portable (names should use only A-Z, a-z, 0-9 and _)` };
	const first = entry.charCodeAt(0);
	if (first >= 48 && first <= 57) return { severity: 'warning', what: `has the name "${entry.slice(0, eq)}", which starts with a digit (POSIX shells cannot use it)` };
	return undefined;
}
