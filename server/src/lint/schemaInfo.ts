/**
 * Schema information for hover and completion (used by the language server). Reads only our schema
 * tree: it never loads the validators, so hover stays light.
 * Paths hold array indices as numbers; any index means "the items".
 */
import type { JsonPath } from './model';
import type { SpecVersion } from './types';
import { configSchema } from './schema/configSchema';
import { fieldIn, inVersion, versionLabel, type Field, type SchemaNode } from './schema/schemaModel';
import { resolveSpecVersion, specHref } from './schema/specVersion';

export { resolveSpecVersion };

export type ValueKind = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface FieldDescription {
	title: string;
	markdown: string;
	href?: string;
	deprecated?: string;
}

export interface PropertyInfo {
	name: string;
	markdown: string;
	required: boolean;
	deprecated?: string;
	snippet?: string;
}

export interface EnumValueInfo {
	value: string | number | boolean;
	markdown?: string;
}

interface Resolved {
	node: SchemaNode;
	/** The member that declares the value at the path (for items: the array's member). */
	field: Field | undefined;
	/** Name of that member, for titles. */
	name: string;
	/** True when the path ends inside an array's items or a map's values. */
	element: boolean;
}

/** Follows `path` through the schema of version `v`. */
function resolve(path: JsonPath, v: SpecVersion): Resolved | undefined {
	let r: Resolved = { node: configSchema, field: undefined, name: 'config', element: false };
	for (const seg of path) {
		const n = r.node;
		if (n.kind === 'object' && typeof seg === 'string') {
			const f = fieldIn(n, seg, v);
			if (!f) return undefined;
			r = { node: f.schema, field: f, name: seg, element: false };
		} else if (n.kind === 'map' && typeof seg === 'string') {
			r = { node: n.values, field: r.field, name: r.name, element: true };
		} else if (n.kind === 'array' && typeof seg === 'number') {
			r = { node: n.items, field: r.field, name: r.name, element: true };
		} else return undefined;
	}
	return r;
}

function typeLabel(n: SchemaNode): string {
	switch (n.kind) {
		case 'object':
		case 'map':
			return 'object';
		case 'array':
			return `array of ${typeLabel(n.items)}`;
		case 'integer':
			return n.min !== undefined || n.max !== undefined ? `${n.go}, ${n.min ?? 'min'}..${n.max ?? 'max'}` : n.go;
		case 'any':
			return n.type ?? 'any';
		default:
			return n.kind;
	}
}

function versionNote(f: Field): string {
	const parts: string[] = [];
	if (f.since) parts.push(`since runtime-spec ${versionLabel(f.since)}`);
	if (f.until) parts.push(`removed in ${versionLabel(f.until)}`);
	return parts.length ? ` · ${parts.join(', ')}` : '';
}

function hrefOf(f: Field, v: SpecVersion): string {
	const [file, anchor] = f.ref.split('#');
	return specHref(v, file, anchor);
}

/** Hover text for the value (or key) at `path`. */
export function describeAt(path: JsonPath, v: SpecVersion): FieldDescription | undefined {
	const r = resolve(path, v);
	if (!r?.field) return undefined;
	const f = r.field;
	const node = r.element ? r.node : f.schema;
	const title = r.element ? `${r.name} entry` : r.name;
	let markdown = `**${r.name}** *(${typeLabel(f.schema)}${f.required ? ', REQUIRED' : ', OPTIONAL'})*${versionNote(f)}\n\n${f.doc}`;
	if (node.kind === 'string' && node.enum) {
		const values = node.enum.filter((e) => inVersion(e, v)).map((e) => `\`${e.value}\``);
		markdown += `\n\nAllowed values: ${values.join(', ')}.`;
	}
	if (f.deprecated) markdown += `\n\n**Deprecated:** ${f.deprecated}.`;
	const out: FieldDescription = { title, markdown, href: hrefOf(f, v) };
	if (f.deprecated) out.deprecated = f.deprecated;
	return out;
}

/** The members allowed in the object at `path` (for key completion); [] when it is not an object. */
export function propertiesAt(path: JsonPath, v: SpecVersion): PropertyInfo[] {
	const r = resolve(path, v);
	if (!r || r.node.kind !== 'object') return [];
	const o = r.node;
	const out: PropertyInfo[] = [];
	for (const name of Object.keys(o.props)) {
		const f = fieldIn(o, name, v);
		if (!f) continue;
		const p: PropertyInfo = { name, markdown: `*(${typeLabel(f.schema)})*${versionNote(f)}\n\n${f.doc}`, required: f.required === true };
		if (f.deprecated) p.deprecated = f.deprecated;
		if (f.snippet) p.snippet = f.snippet;
		out.push(p);
	}
	return out;
}

/** Enum-like values for the value at `path` (strings of an enum, or true/false). */
export function enumValuesAt(path: JsonPath, v: SpecVersion): EnumValueInfo[] {
	const r = resolve(path, v);
	if (!r) return [];
	if (r.node.kind === 'boolean') return [{ value: true }, { value: false }];
	if (r.node.kind !== 'string' || !r.node.enum) return [];
	return r.node.enum.filter((e) => inVersion(e, v)).map((e) => (e.doc ? { value: e.value, markdown: e.doc } : { value: e.value }));
}

/** The JSON kind the schema expects at `path`; undefined when unknown there. */
export function valueKindAt(path: JsonPath, v: SpecVersion): ValueKind | undefined {
	const r = resolve(path, v);
	if (!r) return undefined;
	switch (r.node.kind) {
		case 'object':
		case 'map':
			return 'object';
		case 'any':
			return r.node.type;
		default:
			return r.node.kind;
	}
}
