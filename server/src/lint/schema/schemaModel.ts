/**
 * The shape of our own runtime-spec schema (one source of truth for every spec version):
 * a tree of typed nodes whose object members and enum values carry version markers, a markdown
 * description and a spec link. The validator, the Go number checks, hover/completion
 * (schemaInfo) and the generated JSON Schemas all read this one tree.
 */
import type { SpecVersion } from '../types';

/** Go integer types (and the bounds encoding/json enforces for them). */
export type GoInt = 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64';

export interface EnumValue {
	value: string;
	doc?: string;
	since?: SpecVersion;
	until?: SpecVersion;
}

export type SchemaNode = ObjectNode | MapNode | ArrayNode | StringNode | IntegerNode | NumberNode | BooleanNode | AnyNode;

export interface ObjectNode {
	kind: 'object';
	/** Members; a member whose type changed between versions lists one variant per version range. */
	props: Record<string, Field | Field[]>;
}

/** An object used as a map (annotations, sysctl, netDevices…): any non-empty key, typed values. */
export interface MapNode {
	kind: 'map';
	values: SchemaNode;
	/** What a key names, for messages ("annotation key"). */
	keyName: string;
}

export interface ArrayNode {
	kind: 'array';
	items: SchemaNode;
	minItems?: number;
}

export interface StringNode {
	kind: 'string';
	enum?: EnumValue[];
	pattern?: RegExp;
	/** Says in words what the pattern allows (used in messages). */
	patternHint?: string;
}

export interface IntegerNode {
	kind: 'integer';
	go: GoInt;
	/** Tighter bounds than the Go type (e.g. fileMode ≤ 0o777); bigint-safe decimal strings. */
	min?: string;
	max?: string;
	/** Says in words why the bounds exist. */
	boundsHint?: string;
}

export interface NumberNode {
	kind: 'number';
}

export interface BooleanNode {
	kind: 'boolean';
}

/** No constraint (e.g. windows.credentialSpec is an opaque object). */
export interface AnyNode {
	kind: 'any';
	/** The JSON type it must at least have, if any. */
	type?: 'object';
}

/** A member of an object: its schema plus documentation and version markers. */
export interface Field {
	schema: SchemaNode;
	/** Markdown, one paragraph or a few; shown on hover. */
	doc: string;
	/** Spec document and heading anchor, e.g. `config-linux.md#namespaces`. */
	ref: string;
	/** First spec version with this member. */
	since?: SpecVersion;
	/** First spec version WITHOUT this member. */
	until?: SpecVersion;
	required?: boolean;
	/** Why the member should no longer be used. */
	deprecated?: string;
	/** Completion snippet for the value (LSP snippet syntax). */
	snippet?: string;
}

const order: Record<SpecVersion, number> = { '1.0.2': 0, '1.1.0': 1, '1.2': 2, '1.3.0': 3 };

/** Whether something marked since/until exists in version `v`. */
export function inVersion(m: { since?: SpecVersion; until?: SpecVersion }, v: SpecVersion): boolean {
	if (m.since && order[v] < order[m.since]) return false;
	if (m.until && order[v] >= order[m.until]) return false;
	return true;
}

/** The member `key` of an object as it exists in version `v`. */
export function fieldIn(o: ObjectNode, key: string, v: SpecVersion): Field | undefined {
	if (!Object.prototype.hasOwnProperty.call(o.props, key)) return undefined;
	const m = o.props[key];
	if (!Array.isArray(m)) return inVersion(m, v) ? m : undefined;
	for (const x of m) if (inVersion(x, v)) return x;
	return undefined;
}

/** Every variant of member `key`, whatever the version (for "added in …" messages). */
export function variantsOf(o: ObjectNode, key: string): Field[] {
	if (!Object.prototype.hasOwnProperty.call(o.props, key)) return [];
	const m = o.props[key];
	return Array.isArray(m) ? m : [m];
}

/** An object's members resolved for one version: lookups and required keys without re-filtering. */
export interface VersionedObject {
	fields: Map<string, Field>;
	required: string[];
}

/**
 * Resolved members per version, kept on the schema node itself: the schema walk asks once per
 * object in the config (tens of thousands of mounts in a big one), and a property read is much
 * cheaper than a WeakMap lookup.
 */
const resolvedKey = Symbol('membersByVersion');
type WithResolved = ObjectNode & { [resolvedKey]?: Partial<Record<SpecVersion, VersionedObject>> };

/** The members of `o` that exist in `v` (computed once per object and version). */
export function membersIn(o: ObjectNode, v: SpecVersion): VersionedObject {
	const byVersion = ((o as WithResolved)[resolvedKey] ??= {});
	let r = byVersion[v];
	if (!r) {
		r = { fields: new Map(), required: [] };
		for (const key of Object.keys(o.props)) {
			const f = fieldIn(o, key, v);
			if (!f) continue;
			r.fields.set(key, f);
			if (f.required) r.required.push(key);
		}
		byVersion[v] = r;
	}
	return r;
}

/** Human name of a spec version for messages. */
export function versionLabel(v: SpecVersion): string {
	return v === '1.2' ? '1.2.x' : v;
}

/** Inclusive bounds of a Go integer type as bigints. */
export function goIntBounds(go: GoInt): [bigint, bigint] {
	switch (go) {
		case 'int8': return [-128n, 127n];
		case 'int16': return [-32768n, 32767n];
		case 'int32': return [-2147483648n, 2147483647n];
		case 'int64': return [-9223372036854775808n, 9223372036854775807n];
		case 'uint8': return [0n, 255n];
		case 'uint16': return [0n, 65535n];
		case 'uint32': return [0n, 4294967295n];
		case 'uint64': return [0n, 18446744073709551615n];
	}
}
