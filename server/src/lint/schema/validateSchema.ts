/**
 * Schema and number stages: one walk of the document's VALUE against our schema for a spec
 * version. Nodes (for exact key/value ranges, literal text and fixes) are looked up only when
 * something is reported, so a valid document never needs its node tree. Integer fields are judged
 * the way Go's decoder judges them, from the literal's text (see goNumbers.ts).
 */
import type { JsonNode, JsonPath, ParsedDocument } from '../model';
import type { Fix, LintDiagnostic, Severity, SpecVersion } from '../types';
import { pointer } from '../pointer';
import { checkGoInteger } from '../goNumbers';
import { didYouMean } from '../didYouMean';
import { configSchema } from './configSchema';
import { fieldIn, goIntBounds, inVersion, membersIn, variantsOf, versionLabel, type EnumValue, type Field, type IntegerNode, type ObjectNode, type SchemaNode } from './schemaModel';
import { specHref } from './specVersion';
import { countKeys } from '../fastParse';

/**
 * Validates the value of `doc` against our schema for `v`. With `plainNumbers` (every number
 * literal is a plain integer of ≤ 15 digits) integers are judged from their JS value; otherwise
 * from the literal text.
 */
export function validateSchema(doc: ParsedDocument, v: SpecVersion, plainNumbers = false): LintDiagnostic[] {
	return validateSchemaCountingKeys(doc, v, plainNumbers).diagnostics;
}

/** {@link validateSchema} that also returns how many object keys the value holds (for duplicate detection). */
export function validateSchemaCountingKeys(doc: ParsedDocument, v: SpecVersion, plainNumbers: boolean): { diagnostics: LintDiagnostic[]; keys: number } {
	const out: LintDiagnostic[] = [];
	if (!doc.root) return { diagnostics: out, keys: 0 };
	const w = new Walker(doc, v, out, plainNumbers);
	w.value(doc.value, configSchema, undefined);
	return { diagnostics: out, keys: w.keys };
}

type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

function jsonType(x: unknown): JsonType {
	if (x === null) return 'null';
	if (Array.isArray(x)) return 'array';
	return typeof x as JsonType;
}

const typeNames: Record<JsonType, string> = {
	object: 'an object',
	array: 'an array',
	string: 'a string',
	number: 'a number',
	boolean: 'a boolean',
	null: 'null',
};

function expectedName(s: SchemaNode): string {
	switch (s.kind) {
		case 'object':
		case 'map':
			return 'an object';
		case 'array':
			return 'an array';
		case 'string':
			return 'a string';
		case 'integer':
			return `an integer (${s.go})`;
		case 'number':
			return 'a number';
		case 'boolean':
			return 'a boolean (true or false)';
		case 'any':
			return s.type === 'object' ? 'an object' : 'a value';
	}
}

const boundsCache = new WeakMap<IntegerNode, [number, number]>();

/** An integer node's bounds as doubles, clamped to the safe range (callers pass safe integers only). */
function numericBounds(s: IntegerNode): [number, number] {
	let b = boundsCache.get(s);
	if (!b) {
		const [tlo, thi] = goIntBounds(s.go);
		const lo = s.min !== undefined ? BigInt(s.min) : tlo;
		const hi = s.max !== undefined ? BigInt(s.max) : thi;
		const clamp = (v: bigint): number => Number(v < -(2n ** 53n) ? -(2n ** 53n) : v > 2n ** 53n ? 2n ** 53n : v);
		b = [clamp(lo), clamp(hi)];
		boundsCache.set(s, b);
	}
	return b;
}

function isObject(x: unknown): x is Record<string, unknown> {
	return x !== null && typeof x === 'object' && !Array.isArray(x);
}

class Walker {
	constructor(
		private readonly doc: ParsedDocument,
		private readonly v: SpecVersion,
		private readonly out: LintDiagnostic[],
		private readonly plainNumbers: boolean,
	) {}

	/** Object keys seen so far: walked ones, plus the keys of subtrees the schema does not walk. */
	keys = 0;

	/** Path of the value being checked; mutated in place (copied only when reporting). */
	private readonly at: JsonPath = [];

	/** Checks `x` as the child `seg` of the current value. */
	private child(x: unknown, seg: string | number, s: SchemaNode, field: Field | undefined): void {
		this.at.push(seg);
		this.value(x, s, field);
		this.at.pop();
	}

	private push(code: string, severity: Severity, message: string, path: JsonPath, start: number, end: number, ref: string | undefined, fixes?: Fix[]): void {
		const d: LintDiagnostic = {
			severity,
			code,
			message,
			pointer: pointer(path),
			range: { start: this.doc.positionAt(start), end: this.doc.positionAt(end) },
			href: this.href(ref),
		};
		if (fixes) d.fixes = fixes;
		this.out.push(d);
	}

	/** Offsets of the value at `path` (the node must exist: the value walk found it). */
	private valueNode(path: JsonPath): JsonNode {
		const n = this.doc.nodeAt(path);
		if (!n) throw new Error(`no node at ${pointer(path)}`);
		return n;
	}

	private keyNode(path: JsonPath): JsonNode {
		const n = this.valueNode(path);
		return n.parent?.type === 'property' ? n.parent.children![0] : n;
	}

	private href(ref: string | undefined): string {
		const [file, anchor] = (ref ?? 'config.md').split('#');
		return specHref(this.v, file, anchor);
	}

	/** How messages name the value at `path`: `process.cwd`, `mounts[2].destination`, or "The config". */
	private label(path: JsonPath): string {
		if (path.length === 0) return 'The config';
		let s = '';
		for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
		return `\`${s}\``;
	}

	value(x: unknown, s: SchemaNode, field: Field | undefined): void {
		switch (s.kind) {
			case 'object':
				if (!isObject(x)) return this.typeError(x, s, field);
				return this.object(x, s);
			case 'map':
				if (!isObject(x)) return this.typeError(x, s, field);
				if (s.values.kind === 'string') {
					for (const k in x) {
						this.keys++;
						if (typeof x[k] !== 'string') this.child(x[k], k, s.values, field);
					}
					return;
				}
				for (const k in x) {
					this.keys++;
					this.child(x[k], k, s.values, field);
				}
				return;
			case 'array': {
				if (!Array.isArray(x)) return this.typeError(x, s, field);
				if (s.minItems !== undefined && x.length < s.minItems) {
					const path = this.at.slice();
					const n = this.valueNode(path);
					this.push('min-items', 'error', `${this.label(path)} needs at least ${s.minItems} ${s.minItems === 1 ? 'entry' : 'entries'}; it is empty.`, path, n.offset, n.offset + n.length, field?.ref);
				}
				const items = s.items;
				// Arrays of plain strings are the bulk of big configs (env, options): check them inline.
				if (items.kind === 'string' && !items.enum && !items.pattern) {
					for (let i = 0; i < x.length; i++) if (typeof x[i] !== 'string') this.child(x[i], i, items, field);
					return;
				}
				for (let i = 0; i < x.length; i++) this.child(x[i], i, items, field);
				return;
			}
			case 'string':
				if (typeof x !== 'string') return this.typeError(x, s, field);
				if (s.enum) this.enumCheck(x, s.enum, field);
				else if (s.pattern && !s.pattern.test(x)) {
					const path = this.at.slice();
					const n = this.valueNode(path);
					this.push('pattern-mismatch', 'error', `${this.label(path)} ${JSON.stringify(x)} is not valid: expected ${s.patternHint ?? `a string matching ${s.pattern.source}`}.`, path, n.offset, n.offset + n.length, field?.ref);
				}
				return;
			case 'integer': {
				if (typeof x !== 'number') return this.typeError(x, s, field);
				if (Number.isNaN(x)) return; // the parser already reported the malformed literal
				// Plain literals of ≤ 15 digits are exact doubles: compare the value itself.
				if (this.plainNumbers && Number.isSafeInteger(x)) {
					const [lo, hi] = numericBounds(s);
					if (x >= lo && x <= hi) return;
				}
				const path = this.at.slice();
				const n = this.valueNode(path);
				const literal = this.doc.text.slice(n.offset, n.offset + n.length);
				const p = checkGoInteger(literal, s, this.label(path));
				if (p) {
					const fixes = p.replacement !== undefined ? [{ title: `Write ${p.replacement}`, edits: [{ offset: n.offset, length: n.length, newText: p.replacement }], isPreferred: true }] : undefined;
					this.push(p.code, 'error', p.message, path, n.offset, n.offset + n.length, field?.ref, fixes);
				}
				return;
			}
			case 'number':
				if (typeof x !== 'number') return this.typeError(x, s, field);
				return;
			case 'boolean':
				if (typeof x !== 'boolean') return this.typeError(x, s, field);
				return;
			case 'any':
				if (s.type === 'object' && !isObject(x)) return this.typeError(x, s, field);
				this.keys += countKeys(x);
				return;
		}
	}

	private typeError(x: unknown, s: SchemaNode, field: Field | undefined): void {
		this.keys += countKeys(x);
		const path = this.at.slice();
		const type = jsonType(x);
		const n = this.valueNode(path);
		let fixes: Fix[] | undefined;
		let extra = '';
		if (typeof x === 'string') {
			if ((s.kind === 'integer' && /^-?(0|[1-9]\d*)$/.test(x)) || (s.kind === 'boolean' && (x === 'true' || x === 'false'))) {
				fixes = [{ title: `Remove the quotes: ${x}`, edits: [{ offset: n.offset, length: n.length, newText: x }], isPreferred: true }];
				extra = ' Remove the quotes.';
			}
		} else if (s.kind === 'array' && (type === 'string' || type === 'number' || type === 'boolean')) {
			const text = this.doc.text.slice(n.offset, n.offset + n.length);
			fixes = [{ title: `Wrap in an array: [${text.length > 30 ? '…' : text}]`, edits: [{ offset: n.offset, length: n.length, newText: `[${text}]` }] }];
		} else if (type === 'null') {
			extra = ' (runc treats null as "not set", but the spec does not allow it: remove the member instead.)';
			if (n.parent?.type === 'property') fixes = this.removeMemberFix(n.parent);
		}
		this.push('type-mismatch', 'error', `${this.label(path)} must be ${expectedName(s)}, not ${typeNames[type]}.${extra}`, path, n.offset, n.offset + n.length, field?.ref, fixes);
	}

	private removeMemberFix(prop: JsonNode): Fix[] | undefined {
		const siblings = prop.parent?.children;
		if (!siblings) return undefined;
		const i = siblings.indexOf(prop);
		let start = prop.offset;
		let end = prop.offset + prop.length;
		if (i + 1 < siblings.length) end = siblings[i + 1].offset;
		else if (i > 0) start = siblings[i - 1].offset + siblings[i - 1].length;
		return [{ title: `Remove "${prop.children?.[0]?.value as string}"`, edits: [{ offset: start, length: end - start, newText: '' }] }];
	}

	private enumCheck(value: string, values: EnumValue[], field: Field | undefined): void {
		const allowed = values.filter((e) => inVersion(e, this.v));
		if (allowed.some((e) => e.value === value)) return;
		const path = this.at.slice();
		const n = this.valueNode(path);
		const other = values.find((e) => e.value === value);
		const list = allowed.map((e) => e.value).join(', ');
		let message: string;
		if (other) {
			message = other.since && !inVersion({ since: other.since }, this.v)
				? `${this.label(path)} ${JSON.stringify(value)} was added in runtime-spec ${versionLabel(other.since)}; this config declares ${versionLabel(this.v)}. Allowed here: ${list}.`
				: `${this.label(path)} ${JSON.stringify(value)} is not part of runtime-spec ${versionLabel(this.v)}. Allowed: ${list}.`;
		} else {
			message = `${this.label(path)} ${JSON.stringify(value)} is not allowed. Allowed: ${list}.`;
		}
		const guess = other ? undefined : didYouMean(value, allowed.map((e) => e.value));
		const fixes = guess ? [{ title: `Change to "${guess}"`, edits: [{ offset: n.offset, length: n.length, newText: JSON.stringify(guess) }], isPreferred: true }] : undefined;
		if (guess) message = message.replace(' Allowed', ` Did you mean "${guess}"? Allowed`);
		this.push('enum-value', 'error', message, path, n.offset, n.offset + n.length, field?.ref, fixes);
	}

	private object(x: Record<string, unknown>, s: ObjectNode): void {
		const path = this.at;
		const { fields, required } = membersIn(s, this.v);
		// The value holds the last of duplicate keys, as runc does (the parser warned about the rest).
		for (const key in x) {
			this.keys++;
			const field = fields.get(key);
			if (field) this.child(x[key], key, field.schema, field);
			else this.unknownKey(s, key, x[key], path);
		}
		for (const key of required) {
			if (Object.prototype.hasOwnProperty.call(x, key)) continue;
			const field = fields.get(key)!;
			const n = this.valueNode(path.slice());
			const keyNode = n.parent?.type === 'property' ? n.parent.children?.[0] : undefined;
			const start = keyNode ? keyNode.offset : n.offset;
			const end = keyNode ? keyNode.offset + keyNode.length : n.offset + 1;
			this.push('required-missing', 'error', `${this.label(path)} is missing the required member "${key}" (${expectedName(field.schema)}).`, [...path, key], start, end, field.ref, this.insertFix(n, key, field));
		}
	}

	/** Quick fix inserting a required member with a placeholder value. */
	private insertFix(n: JsonNode, key: string, field: Field): Fix[] | undefined {
		const placeholder = (() => {
			switch (field.schema.kind) {
				case 'string': return field.schema.enum ? JSON.stringify(field.schema.enum.find((e) => inVersion(e, this.v))?.value ?? '') : key === 'ociVersion' ? '"1.2.0"' : key === 'cwd' ? '"/"' : '""';
				case 'integer': return '0';
				case 'boolean': return 'false';
				case 'array': return '[]';
				default: return '{}';
			}
		})();
		const children = n.children ?? [];
		const text = `"${key}": ${placeholder}`;
		if (children.length === 0) return [{ title: `Add "${key}"`, edits: [{ offset: n.offset + 1, length: 0, newText: text }] }];
		const first = children[0];
		// Insert before the first member, copying its indentation.
		const lineStart = this.doc.text.lastIndexOf('\n', first.offset - 1) + 1;
		const indent = this.doc.text.slice(lineStart, first.offset);
		const sep = /^[ \t]*$/.test(indent) ? `,\n${indent}` : ', ';
		return [{ title: `Add "${key}"`, edits: [{ offset: first.offset, length: 0, newText: text + sep }] }];
	}

	private unknownKey(s: ObjectNode, key: string, x: unknown, path: JsonPath): void {
		const variants = variantsOf(s, key);
		const keyPath = [...path, key];
		path = path.slice();
		const k = this.keyNode(keyPath);
		if (variants.length > 0) {
			const since = variants.map((f) => f.since).find((y) => y !== undefined);
			const until = variants.map((f) => f.until).find((y) => y !== undefined);
			const when = since && !inVersion({ since }, this.v) ? `was added in runtime-spec ${versionLabel(since)}` : until ? `was removed in runtime-spec ${versionLabel(until)}` : 'is not part of this version';
			this.push('key-not-in-version', 'warning', `${this.label(keyPath)} ${when}; this config declares ${versionLabel(this.v)}, so runtimes of that version ignore it. Raise ociVersion or remove the member.`, keyPath, k.offset, k.offset + k.length, variants[0].ref);
			// runc decodes with its own (newest) Go types whatever ociVersion says: a wrongly typed value still breaks it.
			const newest = variants[variants.length - 1];
			this.child(x, key, newest.schema, newest);
			return;
		}
		this.keys += countKeys(x);
		const candidates = Object.keys(s.props).filter((c) => fieldIn(s, c, this.v));
		const guess = didYouMean(key, candidates);
		const where = path.length ? `in ${this.label(path)}` : 'at the top level';
		let message = `Unknown member "${key}" ${where}: runc ignores it.`;
		let fixes: Fix[] | undefined;
		if (guess) {
			const caseOnly = guess.toLowerCase() === key.toLowerCase();
			message += caseOnly
				? ` Did you mean "${guess}"? (Go's decoder matches keys case-insensitively, so runc would read it, but other runtimes will not.)`
				: ` Did you mean "${guess}"?`;
			fixes = [{ title: `Rename to "${guess}"`, edits: [{ offset: k.offset, length: k.length, newText: JSON.stringify(guess) }], isPreferred: true }];
		} else {
			message += ` Known members: ${candidates.join(', ')}.`;
		}
		this.push('unknown-key', 'warning', message, keyPath, k.offset, k.offset + k.length, undefined, fixes);
	}
}
