/**
 * Schema and number stages: one walk of the parsed tree against our schema for a spec version.
 * Diagnostics land on the exact key or value; integer fields are judged from the literal's text
 * the way Go's decoder judges them (see goNumbers.ts).
 */
import type { JsonNode, JsonPath, ParsedDocument } from '../model';
import type { Fix, LintDiagnostic, Severity, SpecVersion } from '../types';
import { pointer } from '../pointer';
import { checkGoInteger } from '../goNumbers';
import { didYouMean } from '../didYouMean';
import { configSchema } from './configSchema';
import { fieldIn, inVersion, variantsOf, versionLabel, type EnumValue, type Field, type ObjectNode, type SchemaNode } from './schemaModel';
import { specHref } from './specVersion';

/** Validates `doc` (which must have a root) against our schema for `v`. */
export function validateSchema(doc: ParsedDocument, v: SpecVersion): LintDiagnostic[] {
	const out: LintDiagnostic[] = [];
	if (!doc.root) return out;
	new Walker(doc, v, out).node(doc.root, configSchema, [], undefined);
	return out;
}

const typeNames: Record<string, string> = {
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

class Walker {
	constructor(
		private readonly doc: ParsedDocument,
		private readonly v: SpecVersion,
		private readonly out: LintDiagnostic[],
	) {}

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

	node(n: JsonNode, s: SchemaNode, path: JsonPath, field: Field | undefined): void {
		switch (s.kind) {
			case 'object':
				if (n.type !== 'object') return this.typeError(n, s, path, field);
				return this.object(n, s, path);
			case 'map':
				if (n.type !== 'object') return this.typeError(n, s, path, field);
				for (const prop of n.children ?? []) {
					const [k, val] = prop.children ?? [];
					if (k && val) this.node(val, s.values, [...path, k.value as string], field);
				}
				return;
			case 'array': {
				if (n.type !== 'array') return this.typeError(n, s, path, field);
				const items = n.children ?? [];
				if (s.minItems !== undefined && items.length < s.minItems) {
					this.push('min-items', 'error', `${this.label(path)} needs at least ${s.minItems} ${s.minItems === 1 ? 'entry' : 'entries'}; it is empty.`, path, n.offset, n.offset + n.length, field?.ref);
				}
				for (let i = 0; i < items.length; i++) this.node(items[i], s.items, [...path, i], field);
				return;
			}
			case 'string':
				if (n.type !== 'string') return this.typeError(n, s, path, field);
				if (s.enum) this.enumCheck(n, s.enum, path, field);
				else if (s.pattern && !s.pattern.test(n.value as string)) {
					this.push('pattern-mismatch', 'error', `${this.label(path)} ${JSON.stringify(n.value)} is not valid: expected ${s.patternHint ?? `a string matching ${s.pattern.source}`}.`, path, n.offset, n.offset + n.length, field?.ref);
				}
				return;
			case 'integer': {
				if (n.type !== 'number') return this.typeError(n, s, path, field);
				if (Number.isNaN(n.value)) return; // the parser already reported the malformed literal
				const literal = this.doc.text.slice(n.offset, n.offset + n.length);
				const p = checkGoInteger(literal, s, this.label(path));
				if (p) {
					const fixes = p.replacement !== undefined ? [{ title: `Write ${p.replacement}`, edits: [{ offset: n.offset, length: n.length, newText: p.replacement }], isPreferred: true }] : undefined;
					this.push(p.code, 'error', p.message, path, n.offset, n.offset + n.length, field?.ref, fixes);
				}
				return;
			}
			case 'number':
				if (n.type !== 'number') return this.typeError(n, s, path, field);
				return;
			case 'boolean':
				if (n.type !== 'boolean') return this.typeError(n, s, path, field);
				return;
			case 'any':
				if (s.type === 'object' && n.type !== 'object') return this.typeError(n, s, path, field);
				return;
		}
	}

	private typeError(n: JsonNode, s: SchemaNode, path: JsonPath, field: Field | undefined): void {
		const found = typeNames[n.type] ?? n.type;
		let fixes: Fix[] | undefined;
		let extra = '';
		if (n.type === 'string') {
			const str = n.value as string;
			if ((s.kind === 'integer' && /^-?(0|[1-9]\d*)$/.test(str)) || (s.kind === 'boolean' && (str === 'true' || str === 'false'))) {
				fixes = [{ title: `Remove the quotes: ${str}`, edits: [{ offset: n.offset, length: n.length, newText: str }], isPreferred: true }];
				extra = ' Remove the quotes.';
			}
		} else if (s.kind === 'array' && n.type !== 'null' && n.type !== 'object' && n.type !== 'array') {
			const text = this.doc.text.slice(n.offset, n.offset + n.length);
			fixes = [{ title: `Wrap in an array: [${text.length > 30 ? '…' : text}]`, edits: [{ offset: n.offset, length: n.length, newText: `[${text}]` }] }];
		}
		if (n.type === 'null') extra = ' (runc treats null as "not set", but the spec does not allow it: remove the member instead.)';
		const fixesNull = n.type === 'null' && n.parent?.type === 'property' ? this.removeMemberFix(n.parent) : undefined;
		this.push('type-mismatch', 'error', `${this.label(path)} must be ${expectedName(s)}, not ${found}.${extra}`, path, n.offset, n.offset + n.length, field?.ref, fixes ?? fixesNull);
	}

	private removeMemberFix(prop: JsonNode): Fix[] | undefined {
		const obj = prop.parent;
		const siblings = obj?.children;
		if (!siblings) return undefined;
		const i = siblings.indexOf(prop);
		let start = prop.offset;
		let end = prop.offset + prop.length;
		if (i + 1 < siblings.length) end = siblings[i + 1].offset;
		else if (i > 0) start = siblings[i - 1].offset + siblings[i - 1].length;
		return [{ title: `Remove "${prop.children?.[0]?.value as string}"`, edits: [{ offset: start, length: end - start, newText: '' }] }];
	}

	private enumCheck(n: JsonNode, values: EnumValue[], path: JsonPath, field: Field | undefined): void {
		const value = n.value as string;
		const allowed = values.filter((e) => inVersion(e, this.v));
		if (allowed.some((e) => e.value === value)) return;
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

	private object(n: JsonNode, s: ObjectNode, path: JsonPath): void {
		const props = n.children ?? [];
		// Duplicate keys: runc keeps the last one, so only the last is validated (the parser warned).
		const present = new Set<string>();
		for (let i = props.length - 1; i >= 0; i--) {
			const prop = props[i];
			const k = prop.children?.[0];
			const val = prop.children?.[1];
			if (!k) continue;
			const key = k.value as string;
			if (present.has(key)) continue;
			present.add(key);
			const field = fieldIn(s, key, this.v);
			if (field) {
				if (val) this.node(val, field.schema, [...path, key], field);
				continue;
			}
			this.unknownKey(s, key, k, path);
		}
		for (const key of Object.keys(s.props)) {
			if (present.has(key)) continue;
			const field = fieldIn(s, key, this.v);
			if (!field?.required) continue;
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
				case 'string': return field.schema.enum ? JSON.stringify(field.schema.enum.find((e) => inVersion(e, this.v))?.value ?? '') : key === 'ociVersion' ? '"1.2.0"' : key === 'cwd' ? '"/"' : key === 'path' ? '""' : '""';
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

	private unknownKey(s: ObjectNode, key: string, k: JsonNode, path: JsonPath): void {
		const variants = variantsOf(s, key);
		const keyPath = [...path, key];
		if (variants.length > 0) {
			const since = variants.map((f) => f.since).find((x) => x !== undefined);
			const until = variants.map((f) => f.until).find((x) => x !== undefined);
			const when = since && !inVersion({ since }, this.v) ? `was added in runtime-spec ${versionLabel(since)}` : until ? `was removed in runtime-spec ${versionLabel(until)}` : 'is not part of this version';
			this.push('key-not-in-version', 'warning', `${this.label(keyPath)} ${when}; this config declares ${versionLabel(this.v)}, so runtimes of that version ignore it. Raise ociVersion or remove the member.`, keyPath, k.offset, k.offset + k.length, variants[0].ref);
			// runc decodes with its own (newest) Go types whatever ociVersion says: a wrongly typed value still breaks it.
			const val = k.parent?.children?.[1];
			if (val) {
				const newest = variants[variants.length - 1];
				this.node(val, newest.schema, keyPath, newest);
			}
			return;
		}
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
