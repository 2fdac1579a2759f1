/**
 * Renders our schema tree for one spec version as the JSON Schema the engine validates with
 * (compiled by ajv at build time, see validatorSource.ts). Unlike {@link toJsonSchema} (the export
 * for generic tooling) it carries no documentation, and it uses our own ajv keywords where plain
 * JSON Schema cannot say what runc's decoder does:
 *   - `ociKeys` (instead of `additionalProperties`) closes an object or types a map's values, and
 *     counts the keys it walks (lintText detects duplicate keys by comparing with the text's count);
 *   - `ociGoInt: [lo, hi]` on integer fields: integers are judged from the literal text (goNumbers.ts),
 *     so the validator only sorts out the values that are provably fine;
 *   - `ociNotInVersion` marks a member that exists only in other spec versions: it is reported, and
 *     its value is still checked against the newest variant (runc decodes with its newest types);
 *   - `ociOpaque` hands an unconstrained subtree to the key count.
 */
import type { SpecVersion } from '../types';
import { configSchema } from './configSchema';
import { goIntBounds, inVersion, membersIn, variantsOf, type IntegerNode, type SchemaNode } from './schemaModel';

type Json = Record<string, unknown>;

/** Our `config.json` schema for `v` in the form the engine's ajv validator is compiled from. */
export function toValidationSchema(v: SpecVersion): Json {
	return node(configSchema, v);
}

/** Bounds of an integer node as doubles, clamped to the safe-integer range (larger values are judged from their text). */
export function safeIntegerBounds(s: IntegerNode): [number, number] {
	const [tlo, thi] = goIntBounds(s.go);
	const lo = s.min !== undefined ? BigInt(s.min) : tlo;
	const hi = s.max !== undefined ? BigInt(s.max) : thi;
	const limit = BigInt(Number.MAX_SAFE_INTEGER);
	const clamp = (x: bigint): number => Number(x < -limit ? -limit : x > limit ? limit : x);
	return [clamp(lo), clamp(hi)];
}

function node(s: SchemaNode, v: SpecVersion): Json {
	switch (s.kind) {
		case 'object': {
			const { fields, required } = membersIn(s, v);
			const properties: Json = {};
			for (const [key, f] of fields) properties[key] = node(f.schema, v);
			// Members of other versions: reported, and typed by their newest variant.
			for (const key of Object.keys(s.props)) {
				if (fields.has(key)) continue;
				const variants = variantsOf(s, key);
				properties[key] = { ...node(variants[variants.length - 1].schema, v), ociNotInVersion: true };
			}
			const out: Json = { type: 'object', properties, ociKeys: false };
			if (required.length) out.required = required;
			return out;
		}
		case 'map':
			return { type: 'object', ociKeys: node(s.values, v) };
		case 'array':
			return s.minItems !== undefined ? { type: 'array', items: node(s.items, v), minItems: s.minItems } : { type: 'array', items: node(s.items, v) };
		case 'string': {
			if (s.enum) return { type: 'string', enum: s.enum.filter((e) => inVersion(e, v)).map((e) => e.value) };
			if (s.pattern && s.pattern.flags) throw new Error(`pattern /${s.pattern.source}/${s.pattern.flags}: flags cannot be carried into the JSON Schema`);
			return s.pattern ? { type: 'string', pattern: s.pattern.source } : { type: 'string' };
		}
		case 'integer':
			return { type: 'number', ociGoInt: safeIntegerBounds(s) };
		case 'number':
			return { type: 'number' };
		case 'boolean':
			return { type: 'boolean' };
		case 'any':
			return s.type ? { type: s.type, ociOpaque: s.type } : { ociOpaque: true };
	}
}
