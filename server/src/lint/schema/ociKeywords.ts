/**
 * Our ajv keywords (build time only: validatorSource.ts compiles them into the generated standalone
 * validators, which do not import ajv's compiler). The generated code runs with `this` bound to a
 * {@link ValidationContext} (ajv `passContext`).
 */
import type { CodeKeywordDefinition, KeywordCxt } from 'ajv';
import { _, and, not, or } from 'ajv/dist/compile/codegen';
import N from 'ajv/dist/compile/names';
import { Type } from 'ajv/dist/compile/util';

/** What the generated validators read and write through `this`. */
export interface ValidationContext {
	/** Every number literal of the document is a plain integer of ≤ 15 digits (its double is exact). */
	plain: boolean;
	/** Object keys walked so far (maps and objects, unknown members excluded). */
	keys: number;
	/** Values of `ociOpaque` nodes that are objects or arrays: their keys are counted afterwards. */
	opaque: object[];
	/**
	 * Set when a map (annotations, sysctl…) has a key that is empty or starts with
	 * `org.opencontainers`: the keys the annotations rule reports. Left false, that rule need not
	 * enumerate the annotations again (a large map's enumeration sorts its keys).
	 */
	notableMapKey: boolean;
}

/**
 * `ociKeys: false` closes an object to its `properties` (an `ociKeys` error per other key, with
 * `params.key`); `ociKeys: <schema>` checks every member's value against the schema (a map).
 * Either way every key is counted into `this.keys`, in the one loop that has to visit it anyway.
 */
const ociKeys: CodeKeywordDefinition = {
	keyword: 'ociKeys',
	type: 'object',
	schemaType: ['boolean', 'object'],
	trackErrors: true,
	error: { message: 'unknown member', params: ({ params }) => _`{key: ${params.key}}` },
	code(cxt: KeywordCxt) {
		const { gen, schema, parentSchema, data, errsCount } = cxt;
		if (!errsCount) throw new Error('ociKeys: ajv did not track errors');
		const props = Object.keys((parentSchema.properties ?? {}) as Record<string, unknown>);
		gen.forIn('key', data, (key) => {
			gen.code(_`this.keys++`);
			if (schema === false) {
				const known = props.length ? or(...props.map((p) => _`${key} === ${p}`)) : _`false`;
				gen.if(not(known), () => {
					cxt.setParams({ key });
					cxt.error();
				});
			} else {
				gen.if(or(_`${key} === ""`, _`${key}.startsWith("org.opencontainers")`), () => gen.code(_`this.notableMapKey = true`));
				cxt.subschema({ keyword: 'ociKeys', dataProp: key, dataPropType: Type.Str }, gen.name('valid'));
			}
		});
		cxt.ok(_`${errsCount} === ${N.errors}`);
	},
};

/**
 * `ociGoInt: [lo, hi]`: a number the engine must judge from its literal text (an `ociGoInt` error),
 * unless the document's numbers are all plain integers and this one is a safe integer in bounds.
 */
const ociGoInt: CodeKeywordDefinition = {
	keyword: 'ociGoInt',
	type: 'number',
	schemaType: 'array',
	code(cxt: KeywordCxt) {
		const { data, schema } = cxt;
		const [lo, hi] = schema as [number, number];
		cxt.fail(not(and(_`this.plain`, _`Number.isSafeInteger(${data})`, _`${data} >= ${lo}`, _`${data} <= ${hi}`)));
	},
};

/** `ociNotInVersion: true`: the member exists only in other spec versions (always an error). */
const ociNotInVersion: CodeKeywordDefinition = {
	keyword: 'ociNotInVersion',
	schemaType: 'boolean',
	code(cxt: KeywordCxt) {
		cxt.fail(_`true`);
	},
};

/**
 * `ociOpaque: true` (any value) or `'object'` (the node's `type`): an unconstrained value, queued for
 * the key count if it has keys. A value of the wrong type is not queued: its type error counts it.
 */
const ociOpaque: CodeKeywordDefinition = {
	keyword: 'ociOpaque',
	schemaType: ['boolean', 'string'],
	code(cxt: KeywordCxt) {
		const { gen, data, schema } = cxt;
		const queue = schema === 'object' ? _`${data} && typeof ${data} == "object" && !Array.isArray(${data})` : _`${data} !== null && typeof ${data} == "object"`;
		gen.if(queue, () => gen.code(_`this.opaque.push(${data})`));
	},
};

/** Every keyword toValidationSchema emits besides standard JSON Schema. */
export const ociKeywords: readonly CodeKeywordDefinition[] = [ociKeys, ociGoInt, ociNotInVersion, ociOpaque];
