/**
 * Error-tolerant tree for text the strict parser gave up on (a missing ':', an unterminated
 * string, a stray brace while the user types): jsonc-parser's recovering parser rebuilds what it
 * can, so the schema, number and rule stages keep reporting on the intact parts, as VS Code's own
 * JSON support does. The strict parser's syntax diagnostics stay the ones shown; the broken
 * regions found here only decide which semantic diagnostics are noise.
 */
// The ESM build: the package's default (UMD) entry defeats esbuild's bundling.
import { parseTree, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import type { JsonNode } from './model';
import type { LintDiagnostic } from './types';
import { makeDocument, type ParsedDocumentWithDiagnostics } from './parseDocument';

/**
 * jsonc-parser recurses per nesting level (as does getNodeValue): deeper text gets no recovery.
 * Real configs nest fewer than 10 levels.
 */
export const recoveryDepth = 200;

/** Past this many syntax errors the text is not a config being edited but garbage: no recovery (and no hour-long scan). */
export const recoveryErrorLimit = 100;

class TooBroken extends Error {}

/** An error list that stops the recovering parser once it is clearly hopeless. */
class BoundedErrors extends Array<ParseError> {
	// map/slice/filter of this list must give plain arrays: the bound is for the parser only (the
	// broken-region list derived from it grows past it with the strict parser's errors).
	static override get [Symbol.species](): ArrayConstructor {
		return Array;
	}

	override push(...items: ParseError[]): number {
		if (this.length + items.length > recoveryErrorLimit) throw new TooBroken();
		return super.push(...items);
	}
}

export interface RecoveredDocument {
	doc: ParsedDocumentWithDiagnostics;
	/** Offset ranges [start, end] the recovering parser could not read (end inclusive of the point). */
	broken: [number, number][];
}

/** The recovered document, or undefined when there is nothing to recover or the text nests too deep. */
export function recoverDocument(text: string): RecoveredDocument | undefined {
	if (nestingExceeds(text, recoveryDepth)) return undefined;
	const errors = new BoundedErrors();
	let root: JsonNode | undefined;
	try {
		root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
	} catch {
		// TooBroken, or anything else the recovering parser throws: the syntax errors alone are reported.
		return undefined;
	}
	if (!root) return undefined;
	prune(root);
	const value = nodeValue(root);
	return { doc: makeDocument(text, root, value, [], false), broken: errors.map((e) => [e.offset, e.offset + e.length]) };
}

/**
 * Whether brackets outside strings nest deeper than `limit`. Strings end at an unescaped quote or
 * at a line break, as in jsonc-parser's scanner, so an unterminated string cannot hide brackets.
 */
function nestingExceeds(text: string, limit: number): boolean {
	let depth = 0;
	const len = text.length;
	for (let i = 0; i < len; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) {
			for (i++; i < len; i++) {
				const d = text.charCodeAt(i);
				if (d === 92) i++;
				else if (d === 34 || d === 10 || d === 13) break;
			}
		} else if (c === 123 || c === 91) {
			if (++depth > limit) return true;
		} else if ((c === 125 || c === 93) && depth > 0) depth--;
	}
	return false;
}

/**
 * The plain JS value of a recovered tree, shaped as JSON.parse shapes it (ordinary objects, an own
 * `__proto__` key, the last duplicate wins); recursion is bounded by {@link recoveryDepth}.
 */
function nodeValue(n: JsonNode): unknown {
	if (n.type === 'array') return (n.children ?? []).map(nodeValue);
	if (n.type !== 'object') return n.value;
	const out: Record<string, unknown> = {};
	for (const p of n.children ?? []) {
		const key = String(p.children![0].value);
		Object.defineProperty(out, key, { value: nodeValue(p.children![1]), writable: true, enumerable: true, configurable: true });
	}
	return out;
}

/**
 * Drops properties the recovery left without a value (`"hostname" "oops"`: a key, no colon), so
 * every property node has its key and value, as the stages expect. Iterative: depth is bounded
 * anyway, but a wide tree should not cost stack.
 */
function prune(root: JsonNode): void {
	const stack: JsonNode[] = [root];
	while (stack.length) {
		const n = stack.pop()!;
		if (!n.children) continue;
		if (n.type === 'object') {
			const kept = n.children.filter((p) => p.children?.length === 2);
			if (kept.length !== n.children.length) (n as { children: JsonNode[] }).children = kept;
			for (const p of kept) stack.push(p.children![1]);
		} else if (n.type === 'array') {
			for (const x of n.children) stack.push(x);
		}
	}
}

/**
 * The semantic diagnostics worth showing next to syntax errors. A container is damaged when a
 * broken region lies directly in its member list (not inside one of its members): members may be
 * lost or misread. Dropped: anything overlapping a broken region; a member missing from a damaged
 * container; a diagnostic on a container holding a broken region; one on a member's key in a
 * damaged container; and rule diagnostics (which relate fields across the document) when a damaged
 * container is not an ancestor of their location, since the fields they relate to may be the lost
 * ones. Values that were read whole (a wrong type, a bad enum value) stay reported.
 */
export function meaningfulDiagnostics(
	recovered: RecoveredDocument,
	syntax: readonly LintDiagnostic[],
	schema: readonly LintDiagnostic[],
	rules: readonly LintDiagnostic[],
): LintDiagnostic[] {
	const { doc } = recovered;
	const broken = recovered.broken.slice();
	// The strict parser's errors mark broken regions too (the two parsers may disagree on where).
	const offsetOf = offsetIndex(doc.text);
	for (const d of syntax) {
		if (d.severity !== 'error') continue;
		broken.push([offsetOf(d.range.start.line, d.range.start.character), offsetOf(d.range.end.line, d.range.end.character)]);
	}
	const damaged = new Set<JsonNode>();
	for (const [bs] of broken) {
		const c = deepestContainerAt(doc.root, bs);
		if (c) damaged.add(c);
	}
	const out: LintDiagnostic[] = [];
	const keep = (d: LintDiagnostic, crossField: boolean): boolean => {
		const s = offsetOf(d.range.start.line, d.range.start.character);
		const e = offsetOf(d.range.end.line, d.range.end.character);
		if (broken.some(([bs, be]) => s <= be && bs <= e)) return false;
		const { node, complete } = resolvePointer(doc.root, d.pointer);
		if (!node) return true;
		if (!complete) {
			// A member said to be missing may be in the unreadable part of its container.
			if (damaged.has(node)) return false;
		} else {
			// About a container as a whole (its size, duplicates in it...): its contents are uncertain.
			if ((node.type === 'object' || node.type === 'array') && broken.some(([bs]) => bs >= node.offset && bs <= node.offset + node.length)) return false;
			// About a member's name or presence (unknown key, a key another field conflicts with): the
			// member list is uncertain, and the member may even belong to another container.
			const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
			const parent = enclosingContainer(node);
			if (key && s === key.offset && parent && damaged.has(parent)) return false;
		}
		if (crossField) {
			for (const dmg of damaged) if (!isAncestor(dmg, node)) return false;
		}
		return true;
	};
	for (const d of schema) if (keep(d, false)) out.push(d);
	for (const d of rules) if (keep(d, true)) out.push(d);
	return out;
}

function enclosingContainer(n: JsonNode): JsonNode | undefined {
	let p = n.parent;
	while (p && p.type === 'property') p = p.parent;
	return p;
}

function isAncestor(a: JsonNode, n: JsonNode): boolean {
	for (let x: JsonNode | undefined = n; x; x = x.parent) if (x === a) return true;
	return false;
}

/** The deepest object or array whose span holds `offset`. */
function deepestContainerAt(root: JsonNode | undefined, offset: number): JsonNode | undefined {
	let found: JsonNode | undefined;
	let n = root;
	while (n && offset >= n.offset && offset <= n.offset + n.length) {
		if (n.type !== 'object' && n.type !== 'array') break;
		found = n;
		let next: JsonNode | undefined;
		for (const c of n.children ?? []) {
			const v = c.type === 'property' ? c.children?.[1] : c;
			if (v && offset >= v.offset && offset < v.offset + v.length) {
				next = v;
				break;
			}
		}
		n = next;
	}
	return found;
}

/** Offset of an LSP position (lines split as positionAt splits them: \n, \r\n, \r). */
function offsetIndex(text: string): (line: number, character: number) => number {
	let starts: number[] | undefined;
	return (line, character) => {
		if (!starts) {
			starts = [0];
			for (let i = 0; i < text.length; i++) {
				const c = text.charCodeAt(i);
				if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
				if (c === 10 || c === 13) starts.push(i + 1);
			}
		}
		return (starts[line] ?? text.length) + character;
	};
}

/** The deepest node along an RFC 6901 pointer, and whether the whole pointer resolved. */
function resolvePointer(root: JsonNode | undefined, ptr: string): { node: JsonNode | undefined; complete: boolean } {
	let node = root;
	if (!node || ptr === '') return { node, complete: true };
	for (const raw of ptr.slice(1).split('/')) {
		const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		let next: JsonNode | undefined;
		if (node.type === 'object') {
			const ch = node.children ?? [];
			for (let i = ch.length - 1; i >= 0 && !next; i--) if (ch[i].children?.[0].value === seg) next = ch[i].children![1];
		} else if (node.type === 'array' && /^\d+$/.test(seg)) {
			next = node.children?.[Number(seg)];
		}
		if (!next) return { node, complete: false };
		node = next;
	}
	return { node, complete: true };
}
