/**
 * Schema and number stages: the document's VALUE is validated by the ajv validator compiled at build
 * time from our schema for the spec version (generated/validators.js, see validatorSource.ts); each
 * ajv error is then mapped to our diagnostic (code, message, severity, exact key or value range,
 * spec link, quick fixes). Nodes are looked up only for errors, so a valid document never needs its
 * node tree. Integer fields are judged the way Go's decoder judges them, from the literal's text
 * (see goNumbers.ts): the validator only sorts out the values that are provably fine.
 */
import type { JsonNode, JsonPath, ParsedDocument } from '../model';
import type { Fix, LintDiagnostic, Severity, SpecVersion } from '../types';
import { pointer } from '../pointer';
import { checkGoInteger } from '../goNumbers';
import { didYouMean } from '../didYouMean';
import { countKeys } from '../fastParse';
import { configSchema } from './configSchema';
import { fieldIn, inVersion, membersIn, variantsOf, versionLabel, type EnumValue, type Field, type ObjectNode, type SchemaNode, type StringNode } from './schemaModel';
import { specHref } from './specVersion';
import { safeIntegerBounds } from './toValidationSchema';
import type { ValidationContext } from './ociKeywords';
import { v1_0_2, v1_1_0, v1_2, v1_3_0, type GeneratedValidator, type ValidatorError } from './generated/validators';

const validators: Record<SpecVersion, GeneratedValidator> = { '1.0.2': v1_0_2, '1.1.0': v1_1_0, '1.2': v1_2, '1.3.0': v1_3_0 };

/**
 * Validates the value of `doc` against our schema for `v`. With `plainNumbers` (every number
 * literal is a plain integer of ≤ 15 digits) integers are judged from their JS value; otherwise
 * from the literal text.
 */
export function validateSchema(doc: ParsedDocument, v: SpecVersion, plainNumbers = false): LintDiagnostic[] {
	return validateSchemaCountingKeys(doc, v, plainNumbers).diagnostics;
}

/** The object keys a value holds, and a bound of its nesting depth (containers, the root counting 1). */
export interface KeyCount {
	keys: number;
	depth: number;
}

/** Integer literals checked one by one from the text before the exact answer for all of them is cheaper. */
const manyLiterals = 64;

/**
 * {@link validateSchema} that also counts the object keys the value holds and bounds its nesting
 * (for duplicate and depth detection). `settle`, if given, gets that count after the validator
 * ran and before any error is mapped to a node (so it can confirm unique keys first, or throw).
 * `exactPlain`: with `plainNumbers` false, tells whether every literal is plain after all (an
 * expensive answer, asked only when many integers would otherwise be read from the text).
 */
export function validateSchemaCountingKeys(
	doc: ParsedDocument,
	v: SpecVersion,
	plainNumbers: boolean,
	settle?: (count: KeyCount) => void,
	exactPlain?: () => boolean,
): { diagnostics: LintDiagnostic[]; notableMapKey: boolean } & KeyCount {
	const out: LintDiagnostic[] = [];
	if (!doc.root) return { diagnostics: out, keys: 0, depth: 0, notableMapKey: false };
	const validate = validators[v];
	// The validator counts the keys of every object and map it walks (at most `schemaDepth` deep);
	// subtrees it does not walk (opaque values, unknown members, wrongly typed values) are counted here.
	const ctx: ValidationContext = { plain: plainNumbers, keys: 0, opaque: [], notableMapKey: false };
	validate.call(ctx, doc.value);
	const errors = validate.errors;
	const bound = schemaDepth();
	const nesting = { depth: bound };
	let keys = ctx.keys;
	for (const o of ctx.opaque) keys += countKeys(o, nesting, bound);
	if (!errors) {
		settle?.({ keys, depth: nesting.depth });
		return { diagnostics: out, keys, depth: nesting.depth, notableMapKey: ctx.notableMapKey };
	}
	const r = new Reporter(doc, v, out);
	const targets = errors.map((e) => r.resolve(e.instancePath));
	let literals = 0;
	for (let i = 0; i < targets.length; i++) {
		const e = errors[i];
		const t = targets[i];
		if (e.keyword === 'type') keys += countKeys(t.value, nesting, t.path.length);
		else if (e.keyword === 'ociKeys') keys += countKeys((t.value as Record<string, unknown>)[e.params.key!], nesting, t.path.length + 1);
		else if (e.keyword === 'ociGoInt') literals++;
	}
	settle?.({ keys, depth: nesting.depth });
	// Many integers to read from the text: one scan may show they are all plain, as the validator would have seen.
	if (literals > manyLiterals && !plainNumbers && exactPlain?.()) r.plainNumbers = true;
	for (let i = 0; i < targets.length; i++) r.report(errors[i], targets[i]);
	return { diagnostics: out, keys, depth: nesting.depth, notableMapKey: ctx.notableMapKey };
}

let deepestSchema: number | undefined;

/** Containers on the deepest path of our schema (any version): the nesting the validator itself walks. */
export function schemaDepth(): number {
	const depthOf = (s: SchemaNode): number => {
		switch (s.kind) {
			case 'object': {
				let d = 0;
				for (const key of Object.keys(s.props)) for (const f of variantsOf(s, key)) d = Math.max(d, depthOf(f.schema));
				return 1 + d;
			}
			case 'map':
				return 1 + depthOf(s.values);
			case 'array':
				return 1 + depthOf(s.items);
			default:
				return s.kind === 'any' && s.type === 'object' ? 1 : 0;
		}
	};
	return (deepestSchema ??= depthOf(configSchema));
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

/** Where an ajv error points: the value, its path, and the schema node and member that apply. */
interface Target {
	path: JsonPath;
	value: unknown;
	schema: SchemaNode;
	/** The nearest enclosing member (array items and map values keep their member's docs and link). */
	field: Field | undefined;
	/** The object node holding the last path segment, if the value is an object member. */
	parent: ObjectNode | undefined;
}

/** Maps ajv errors to our diagnostics. */
class Reporter {
	constructor(
		private readonly doc: ParsedDocument,
		private readonly v: SpecVersion,
		private readonly out: LintDiagnostic[],
	) {}

	/**
	 * Every number literal of the document is known to be a plain integer of ≤ 15 digits, though the
	 * validator ran without knowing it: an integer it sent for a literal check is then fine if its
	 * value is a safe integer within bounds (exactly what the validator would have let through).
	 */
	plainNumbers = false;

	/** Reports one ajv error at `t`, its {@link Reporter.resolve}d instance path. */
	report(e: ValidatorError, t: Target): void {
		switch (e.keyword) {
			case 'type':
				this.typeError(t);
				return;
			case 'ociGoInt':
				this.goInteger(t);
				return;
			case 'enum':
				// ajv checks `enum` whatever the type; a wrong type is reported once, by `type`.
				if (typeof t.value === 'string') this.enumCheck(t.value, (t.schema as StringNode).enum ?? [], t);
				return;
			case 'pattern':
				this.patternMismatch(t);
				return;
			case 'minItems':
				this.minItems(t);
				return;
			case 'required':
				this.requiredMissing(t, e.params.missingProperty!);
				return;
			case 'ociKeys':
				this.unknownKey(t.schema as ObjectNode, e.params.key!, t.path);
				return;
			case 'ociNotInVersion':
				this.notInVersion(t);
				return;
			default:
				throw new Error(`unexpected ajv keyword "${e.keyword}" at ${e.instancePath}`);
		}
	}

	/** Walks our schema tree and the value along an ajv instance path (a JSON pointer). */
	resolve(instancePath: string): Target {
		const t: Target = { path: [], value: this.doc.value, schema: configSchema, field: undefined, parent: undefined };
		if (instancePath === '') return t;
		for (const raw of instancePath.slice(1).split('/')) {
			const seg = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
			const s = t.schema;
			t.parent = undefined;
			if (s.kind === 'array') {
				const i = Number(seg);
				t.path.push(i);
				t.value = (t.value as unknown[])[i];
				t.schema = s.items;
				continue;
			}
			t.path.push(seg);
			t.value = (t.value as Record<string, unknown>)[seg];
			if (s.kind === 'map') {
				t.schema = s.values;
			} else if (s.kind === 'object') {
				// A member of another spec version is checked against its newest variant, as runc decodes it.
				const f = membersIn(s, this.v).fields.get(seg) ?? variantsOf(s, seg).at(-1);
				if (!f) throw new Error(`ajv reported ${instancePath}, which our schema does not have`);
				t.parent = s;
				t.field = f;
				t.schema = f.schema;
			} else {
				throw new Error(`ajv reported ${instancePath} below a ${s.kind} value`);
			}
		}
		return t;
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

	/** Offsets of the value at `path` (the node must exist: the validator found the value). */
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

	private minItems({ path, schema, field }: Target): void {
		const min = schema.kind === 'array' ? schema.minItems ?? 0 : 0;
		const n = this.valueNode(path);
		this.push('min-items', 'error', `${this.label(path)} needs at least ${min} ${min === 1 ? 'entry' : 'entries'}; it is empty.`, path, n.offset, n.offset + n.length, field?.ref);
	}

	private patternMismatch({ path, value, schema, field }: Target): void {
		const s = schema as StringNode;
		const n = this.valueNode(path);
		this.push('pattern-mismatch', 'error', `${this.label(path)} ${JSON.stringify(value)} is not valid: expected ${s.patternHint ?? `a string matching ${s.pattern?.source}`}.`, path, n.offset, n.offset + n.length, field?.ref);
	}

	private goInteger({ path, value, schema, field }: Target): void {
		if (Number.isNaN(value) || schema.kind !== 'integer') return; // NaN: the parser already reported the malformed literal
		if (this.plainNumbers && Number.isSafeInteger(value)) {
			const [lo, hi] = safeIntegerBounds(schema);
			if ((value as number) >= lo && (value as number) <= hi) return;
		}
		const n = this.valueNode(path);
		const literal = this.doc.text.slice(n.offset, n.offset + n.length);
		const p = checkGoInteger(literal, schema, this.label(path));
		if (p) {
			const fixes = p.replacement !== undefined ? [{ title: `Write ${p.replacement}`, edits: [{ offset: n.offset, length: n.length, newText: p.replacement }], isPreferred: true }] : undefined;
			this.push(p.code, 'error', p.message, path, n.offset, n.offset + n.length, field?.ref, fixes);
		}
	}

	private typeError({ path, value: x, schema: s, field }: Target): void {
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

	private enumCheck(value: string, values: EnumValue[], { path, field }: Target): void {
		const allowed = values.filter((e) => inVersion(e, this.v));
		if (allowed.some((e) => e.value === value)) return;
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

	private requiredMissing({ path, schema }: Target, key: string): void {
		const field = membersIn(schema as ObjectNode, this.v).fields.get(key)!;
		const n = this.valueNode(path);
		const keyNode = n.parent?.type === 'property' ? n.parent.children?.[0] : undefined;
		const start = keyNode ? keyNode.offset : n.offset;
		const end = keyNode ? keyNode.offset + keyNode.length : n.offset + 1;
		this.push('required-missing', 'error', `${this.label(path)} is missing the required member "${key}" (${expectedName(field.schema)}).`, [...path, key], start, end, field.ref, this.insertFix(n, key, field));
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

	/** A member that exists only in other spec versions (its value is checked by the newest variant's schema). */
	private notInVersion({ path, parent }: Target): void {
		const key = path[path.length - 1] as string;
		const variants = variantsOf(parent!, key);
		const k = this.keyNode(path);
		const since = variants.map((f) => f.since).find((y) => y !== undefined);
		const until = variants.map((f) => f.until).find((y) => y !== undefined);
		const when = since && !inVersion({ since }, this.v) ? `was added in runtime-spec ${versionLabel(since)}` : until ? `was removed in runtime-spec ${versionLabel(until)}` : 'is not part of this version';
		this.push('key-not-in-version', 'warning', `${this.label(path)} ${when}; this config declares ${versionLabel(this.v)}, so runtimes of that version ignore it. Raise ociVersion or remove the member.`, path, k.offset, k.offset + k.length, variants[0].ref);
	}

	private unknownKey(s: ObjectNode, key: string, path: JsonPath): void {
		const keyPath = [...path, key];
		const k = this.keyNode(keyPath);
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
