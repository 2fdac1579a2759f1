/**
 * Build time only (run by scripts/generateValidators.mjs from esbuild.mjs): compiles our schema for
 * every spec version with ajv into one standalone CommonJS module, so neither the CLI nor the
 * language server loads ajv's compiler or pays for a compile at start-up.
 */
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { ociKeywords } from './ociKeywords';
import { specVersions } from './specVersion';
import { toValidationSchema } from './toValidationSchema';
import type { SpecVersion } from '../types';

/** The export name of the validator for `v` in the generated module (`v1_2` for 1.2.x). */
export function validatorName(v: SpecVersion): string {
	return `v${v.replaceAll('.', '_')}`;
}

/** Source of the generated module: one export per spec version (see generated/validators.d.ts). */
export function validatorSource(): string {
	const ajv = new Ajv({
		allErrors: true,
		// Messages are ours (validateSchema.ts): keep the generated code small.
		messages: false,
		passContext: true,
		// Patterns are JavaScript RegExps in our tree: keep their exact semantics (no `u` flag).
		unicodeRegExp: false,
		// JSON.parse turns 1e400 into Infinity: still a number (integers are judged from their text).
		strictNumbers: false,
		// One function per shared definition (see SharedObjects), not a copy at every use.
		inlineRefs: false,
		strict: true,
		code: { source: true, esm: false, lines: false },
	});
	for (const k of ociKeywords) ajv.addKeyword(k);
	const shared = new SharedObjects();
	const exports: Record<string, string> = {};
	const roots = specVersions.map((v) => {
		const root = toValidationSchema(v);
		shared.internChildren(root);
		return { v, root };
	});
	ajv.addSchema({ $id: sharedId, definitions: Object.fromEntries(shared.definitions) });
	for (const { v, root } of roots) {
		const id = `oci-config-${v}`;
		ajv.addSchema(root, id);
		exports[validatorName(v)] = id;
	}
	return compactErrors(standaloneCode(ajv, exports));
}

/** One error site of ajv 8's generated code: the error object, then its push onto `vErrors`. */
const errorSite = /const (err\d+) = \{instancePath(?::(.*?))?,schemaPath:"(?:[^"\\]|\\.)*",keyword:"(\w+)",params:(\{[^{}]*\})\};if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g;

/** The helpers the compacted error sites and the lazy instance paths call (the module's only shared code). */
const errorHelper = 'const noParams = {};function ociError(errors, instancePath, keyword, params = noParams) {const e = {instancePath, keyword, params};if (errors === null) return [e];errors.push(e);return errors;}'
	+ 'function ociAppend(errors, more) {for (let i = 0; i < more.length; i++) errors.push(more[i]);return errors;}'
	+ 'function ociPath(ip, seg, idx) {return idx === undefined ? ip + seg : ip + seg + (typeof idx === "number" ? idx : idx.replace(/~/g, "~0").replace(/\\//g, "~1"));}';

/** ajv's signature of every validate function: one options object, destructured. */
const validateSignature = /function (validate\d+)\(data, \{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}\)\{/g;

/**
 * A call of a shared definition: the options object with the child's instance path (the parent's
 * plus a literal segment and, for an array item or map value, its index or escaped key).
 */
const validateCall = /(validate\d+)\.call\(this, ([^,]+), \{instancePath:instancePath\+("(?:[^"\\]|\\.)*")(?: \+ (i\d+|(key\d+)\.replace\(\/~\/g, "~0"\)\.replace\(\/\\\/\/g, "~1"\)))?,parentData:[^,]*,parentDataProperty:[^,]*,rootData\}\)/g;

/**
 * Instance paths built only for errors: ajv passes every child validator (each mount, each
 * rlimit…) an options object holding its instance path, a new string concatenated from the
 * parent's, though a valid document never reads one. Instead a validator gets its parent's path,
 * the segment and the index or key as plain arguments, and `ociPath` joins (and escapes) them only
 * where a path is read: at an error, or to pass on to a grandchild. Nothing is allocated per array
 * item or map value of a valid document. (parentData, parentDataProperty and rootData are unused:
 * no keyword of ours reads them; checked below.)
 */
export function lazyInstancePaths(source: string): string {
	const functions = source.match(/function validate\d+\(/g)?.length ?? 0;
	let signatures = 0;
	let out = source.replace(validateSignature, (_m, name: string) => {
		signatures++;
		return `function ${name}(data, ip = "", seg = "", idx){`;
	});
	out = out.replace(validateCall, (_m, name: string, arg: string, seg: string, index: string | undefined, key: string | undefined) => {
		const last = key ?? index;
		return `${name}.call(this, ${arg}, instancePath, ${seg}${last ? `, ${last}` : ''})`;
	});
	if (signatures !== functions || /\b(?:parentData|parentDataProperty|rootData)\b|\{instancePath/.test(out)) {
		throw new Error('ajv emitted a validator signature or call of an unexpected shape: update lazyInstancePaths');
	}
	return out.replace(/\binstancePath\b/g, 'ociPath(ip, seg, idx)');
}

/** Where a function merges the errors of a shared definition it called: ajv copies the whole list each time. */
const errorMerge = /vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);/g;

/**
 * Shrinks the generated code (it is loaded by every CLI run and server start) and keeps many errors
 * linear (merged in place, not by `concat`): each of the ~1000
 * error sites becomes one call of a helper, without the schema path and with params only where
 * validateSchema reads them (`required`, `ociKeys`); the schema constants ajv embedded for error
 * params (enum values) and nothing else refers to are dropped. Throws if ajv's output does not have the
 * expected shape, so an ajv upgrade cannot silently leave errors out.
 */
export function compactErrors(source: string): string {
	let out = source.replace(errorSite, (_m, _err: string, instancePath: string | undefined, keyword: string, params: string) => {
		const args = [instancePath ?? 'instancePath', JSON.stringify(keyword)];
		if (keyword === 'required' || keyword === 'ociKeys') args.push(params);
		return `vErrors = ociError(vErrors, ${args.join(', ')});errors++;`;
	});
	// Appended in place: with concat, a config with thousands of errors (one per mount, say) took quadratic time.
	out = out.replace(errorMerge, (_m, f: string) => `vErrors = vErrors === null ? ${f}.errors : ociAppend(vErrors, ${f}.errors);`);
	if (/vErrors\.push\(|vErrors = \[|\.concat\(/.test(out)) throw new Error('ajv emitted an error site of an unexpected shape: update compactErrors');
	for (const m of [...out.matchAll(/const (schema\d+) = /g)]) {
		const name = m[1];
		if (new RegExp(`\\b${name}\\b`).test(out.replace(m[0], ''))) continue;
		const start = out.indexOf(m[0]);
		const end = jsonEnd(out, start + m[0].length);
		if (out[end] !== ';') throw new Error(`unexpected code after ${name}`);
		out = out.slice(0, start) + out.slice(end + 1);
	}
	if (!out.startsWith('"use strict";')) throw new Error('ajv standalone code does not start with "use strict"');
	return `"use strict";${errorHelper}${lazyInstancePaths(out.slice('"use strict";'.length))}`;
}

/** Index just after the JSON value (as JSON.stringify writes it) starting at `i`. */
function jsonEnd(text: string, i: number): number {
	let depth = 0;
	for (let j = i; j < text.length; j++) {
		const c = text[j];
		if (c === '"') {
			for (j++; text[j] !== '"'; j++) if (text[j] === '\\') j++;
		} else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') depth--;
		if (depth === 0) return j + 1;
	}
	throw new Error('unterminated JSON in the generated code');
}

type Json = Record<string, unknown>;

const sharedId = 'oci-shared';

/**
 * Replaces every object schema by a `$ref` to one shared definition per distinct content, so a
 * member type used in several places (hooks, id mappings, devices…) or unchanged between spec
 * versions (most of them) is compiled into one function instead of once per occurrence.
 */
class SharedObjects {
	readonly definitions = new Map<string, Json>();
	private readonly byContent = new Map<string, string>();

	/** Interns the object schemas below `s` (not `s` itself). */
	internChildren(s: Json): void {
		const props = s.properties as Record<string, Json> | undefined;
		if (props) for (const k of Object.keys(props)) props[k] = this.intern(props[k]);
		if (s.items && typeof s.items === 'object') s.items = this.intern(s.items as Json);
		if (s.ociKeys && typeof s.ociKeys === 'object') s.ociKeys = this.intern(s.ociKeys as Json);
	}

	private intern(s: Json): Json {
		this.internChildren(s);
		if (s.type !== 'object' || !('ociKeys' in s)) return s;
		// Version markers stay at the use site: the definition is the type alone.
		const { ociNotInVersion, ...type } = s;
		const content = JSON.stringify(type);
		let name = this.byContent.get(content);
		if (!name) {
			name = `o${this.byContent.size}`;
			this.byContent.set(content, name);
			this.definitions.set(name, type);
		}
		const ref: Json = { $ref: `${sharedId}#/definitions/${name}` };
		if (ociNotInVersion !== undefined) ref.ociNotInVersion = ociNotInVersion;
		return ref;
	}
}
