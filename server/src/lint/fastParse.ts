/**
 * Fast path of {@link parseDocument} for text that is already valid strict JSON (the common case
 * while linting files on disk and in the benchmark): the value comes from the native JSON.parse,
 * one allocation-free scan confirms what JSON.parse cannot tell (no duplicate keys, nesting within
 * Go's limit, every number a plain integer literal), and the node tree is built lazily: a
 * container's children are scanned only when someone asks for them (ranges of diagnostics, rules
 * calling nodeAt). Anything unusual returns undefined and the full parser takes over.
 */
import type { Node } from 'jsonc-parser';
import type { JsonNode } from './model';
import { maxDepth } from './limits';

export interface FastParse {
	root: JsonNode;
	value: unknown;
	/** Number of object keys in the text; more than the value holds means duplicate keys. */
	keysInText: number;
	/**
	 * Every number literal is a plain integer of at most 15 digits (its JS value is exactly what Go
	 * reads); when false, integer checks read the literal text (`1.0`, `1e3`, `-0`, uint64 values).
	 */
	plainNumbers: boolean;
}

/**
 * Parses valid JSON without duplicate keys or deep nesting; else undefined.
 * With `checkDuplicates` false the caller promises to compare `keysInText` with the keys of the
 * value itself (lintText counts them during the schema walk instead of a separate pass).
 */
export function fastParse(text: string, checkDuplicates = true): FastParse | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	const ends: ContainerEnds = text.length < recordAllBelow ? new FewContainerEnds() : new ManyContainerEnds();
	const numbers = { plain: true };
	const keys = scanGate(text, ends, numbers);
	if (keys < 0 || (checkDuplicates && keys !== countKeys(value))) return undefined;
	let start = 0;
	while (isWs(text.charCodeAt(start))) start++;
	let end = text.length;
	while (end > start && isWs(text.charCodeAt(end - 1))) end--;
	return { root: makeNode({ text, ends, uniqueKeys: checkDuplicates }, start, end, undefined, value), value, keysInText: keys, plainNumbers: numbers.plain };
}

function isWs(c: number): boolean {
	return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Index just after the string whose opening quote is at `i`. */
function stringEnd(text: string, i: number): number {
	let j = text.indexOf('"', i + 1);
	for (;;) {
		// An escaped quote has an odd number of backslashes before it.
		let k = j - 1;
		while (text.charCodeAt(k) === 92) k--;
		if ((j - 1 - k) % 2 === 0) return j + 1;
		j = text.indexOf('"', j + 1);
	}
}

/** The scanned text plus the ends of its outer containers. */
interface Source {
	text: string;
	ends: ContainerEnds;
	/** Whether the text has a backslash anywhere (then keys may be escaped); computed on first need. */
	backslash?: boolean;
	/** No object repeats a key (known or confirmed): a lookup may stop at the first match. */
	uniqueKeys: boolean;
}

/** Children a lazy container looks up one by one before it builds them all. */
const maxFinds = 8;

/**
 * Start → end offsets of the containers the gate recorded, in two arrays (a large config has tens
 * of thousands of them; a Map would be much more garbage for the young generation). Containers open
 * in text order, so the starts are sorted and a lookup is a binary search.
 */
interface ContainerEnds {
	/** Records a container opening at `start`; returns its slot for {@link ContainerEnds.close}. */
	open(start: number): number;
	close(slot: number, end: number): void;
	/** The end of the recorded container starting at `start`, if any. */
	get(start: number): number | undefined;
}

/** The ends of a small text's containers (a few dozen): plain arrays cost less to set up than typed ones. */
class FewContainerEnds implements ContainerEnds {
	private readonly starts: number[] = [];
	private readonly ends: number[] = [];

	open(start: number): number {
		this.ends.push(0);
		return this.starts.push(start) - 1;
	}

	close(slot: number, end: number): void {
		this.ends[slot] = end;
	}

	get(start: number): number | undefined {
		return search(this.starts, this.starts.length, start, this.ends);
	}
}

/**
 * The ends of a large text's containers in typed arrays, grown by doubling: their storage is off
 * the JS heap, so the young generation does not fill (and copy the freshly parsed document) while
 * tens of thousands of entries are recorded.
 */
class ManyContainerEnds implements ContainerEnds {
	private starts = new Int32Array(1024);
	private ends = new Int32Array(1024);
	private n = 0;

	open(start: number): number {
		if (this.n === this.starts.length) {
			const starts = new Int32Array(this.n * 2);
			starts.set(this.starts);
			this.starts = starts;
			const ends = new Int32Array(this.n * 2);
			ends.set(this.ends);
			this.ends = ends;
		}
		this.starts[this.n] = start;
		return this.n++;
	}

	close(slot: number, end: number): void {
		this.ends[slot] = end;
	}

	get(start: number): number | undefined {
		return search(this.starts, this.n, start, this.ends);
	}
}

/** Binary search of `start` among the first `n` sorted `starts`: the matching entry of `ends`. */
function search(starts: ArrayLike<number>, n: number, start: number, ends: ArrayLike<number>): number | undefined {
	let lo = 0;
	let hi = n - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const s = starts[mid];
		if (s === start) return ends[mid];
		if (s < start) lo = mid + 1;
		else hi = mid - 1;
	}
	return undefined;
}

/** Containers this shallow get their end recorded by the gate, so lazy expansion need not rescan them. */
const recordDepth = 3;
/** Texts shorter than this get every container's end recorded (a few dozen in a typical config). */
const recordAllBelow = 1 << 16;

/**
 * One pass over valid JSON: records the end of every container up to `recordDepth` levels deep (of
 * every container in a text shorter than `recordAllBelow`) in
 * `ends`, and returns the number of object keys (colons outside strings), or -1 when nesting
 * exceeds Go's limit. `numbers.plain` turns false at a number literal that is not a plain integer of
 * at most 15 digits (`1.0`, `1e3`, `-0`, uint64-sized values): the number stage must then read
 * literals from the text (the lazy nodes have their exact ranges), not trust the JS values.
 */
function scanGate(text: string, ends: ContainerEnds, numbers: { plain: boolean }): number {
	let keys = 0;
	let depth = 0;
	let plain = true;
	const open: number[] = [];
	const len = text.length;
	const record = len < recordAllBelow ? maxDepth : recordDepth;
	let i = 0;
	while (i < len) {
		const c = text.charCodeAt(i);
		if (c === 34) {
			// To the closing quote natively; the backslash run is counted only when one precedes it.
			let j = text.indexOf('"', i + 1);
			while (text.charCodeAt(j - 1) === 92) {
				let k = j - 2;
				while (text.charCodeAt(k) === 92) k--;
				if ((j - 1 - k) % 2 === 0) break;
				j = text.indexOf('"', j + 1);
			}
			i = j + 1;
			continue;
		}
		i++;
		// Whitespace and commas are most of what lies outside strings: dismiss them first.
		if (c <= 32 || c === 44) continue;
		if (c === 58) keys++;
		else if (c === 123 || c === 91) {
			if (++depth > maxDepth) return -1;
			if (depth <= record) open.push(ends.open(i - 1));
		} else if (c === 125 || c === 93) {
			if (depth-- <= record) ends.close(open.pop()!, i);
		} else if (c === 45 || (c >= 48 && c <= 57)) {
			const s = i - 1;
			if (c === 45 && text.charCodeAt(i) === 48) plain = false;
			for (;;) {
				const d = text.charCodeAt(i);
				// Digits, and the fraction/exponent characters of a valid literal (JSON.parse accepted it).
				if (d >= 48 && d <= 57) i++;
				else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) {
					plain = false;
					i++;
				} else break;
			}
			if (i - s > 15) plain = false;
		}
	}
	numbers.plain = plain;
	return keys;
}

/** Own keys of every object in a JSON value (iterative: nesting may be deep). */
export function countKeys(value: unknown): number {
	let n = 0;
	const stack: unknown[] = [value];
	while (stack.length) {
		const v = stack.pop();
		if (v === null || typeof v !== 'object') continue;
		if (Array.isArray(v)) {
			for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
		} else {
			for (const k in v) {
				n++;
				const x = (v as Record<string, unknown>)[k];
				if (x !== null && typeof x === 'object') stack.push(x);
			}
		}
	}
	return n;
}

/** Index just after the value starting at `i` (valid JSON assumed). */
function valueEnd(src: Source, i: number): number {
	const text = src.text;
	const c = text.charCodeAt(i);
	if (c === 34) return stringEnd(text, i);
	if (c === 123 || c === 91) {
		const known = src.ends.get(i);
		if (known !== undefined) return known;
		let depth = 0;
		for (let j = i; ; j++) {
			const d = text.charCodeAt(j);
			if (d === 34) j = stringEnd(text, j) - 1;
			else if (d === 123 || d === 91) depth++;
			else if (d === 125 || d === 93) {
				if (--depth === 0) return j + 1;
			}
		}
	}
	let j = i + 1;
	for (;;) {
		const d = text.charCodeAt(j);
		if (d === 44 || d === 125 || d === 93 || isWs(d) || j >= text.length) return j;
		j++;
	}
}

function makeNode(src: Source, start: number, end: number, parent: Node | undefined, value: unknown): JsonNode {
	if (value !== null && typeof value === 'object') return new LazyContainer(src, start, end - start, parent, value);
	const type = value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean');
	return { type, value, offset: start, length: end - start, parent } as JsonNode;
}

/**
 * An object or array node whose children are scanned on first access. A single child can be looked
 * up without building its siblings ({@link LazyContainer.child}, what `nodeAt` uses for a
 * diagnostic's range); nodes made that way are reused when all children are built later, so a node
 * is one object whichever way it was reached.
 */
export class LazyContainer implements Node {
	readonly type: 'object' | 'array';
	readonly value = undefined;
	private kids: Node[] | undefined;
	/**
	 * Children made by {@link child} before `kids` (property nodes of an object, elements of an
	 * array), at most {@link maxFinds}: a short list searched by offset costs less than a Map.
	 */
	private made: Node[] | undefined;
	/** The last path step {@link child} looked up and what it found (null: nothing), so diagnostics under one parent do not rescan it. */
	private lastSeg: string | number | undefined;
	private lastFound: Node | null = null;

	constructor(
		private readonly src: Source,
		readonly offset: number,
		readonly length: number,
		readonly parent: Node | undefined,
		private readonly js: object,
	) {
		this.type = Array.isArray(js) ? 'array' : 'object';
	}

	get children(): Node[] {
		return (this.kids ??= this.expand());
	}

	/**
	 * Tells the tree (every node of the document) that no object repeats a key, as lintText learns
	 * when the keys of the value add up to those of the text: a key lookup then stops at its first match.
	 */
	keysUnique(): void {
		this.src.uniqueKeys = true;
	}

	/**
	 * The value node at `seg` (a key of an object, the last one when keys repeat, as in runc; an
	 * index of an array), or undefined: what a path step of `nodeAt` finds in `children`.
	 */
	child(seg: string | number): Node | undefined {
		if (this.kids) return childIn(this, seg);
		if (seg === this.lastSeg) return this.lastFound ?? undefined;
		// Many different children asked for (a diagnostic per element): one full build beats a rescan each.
		if (this.made && this.made.length >= maxFinds) return childIn(this, seg);
		const node = this.find(seg);
		this.lastSeg = seg;
		this.lastFound = node ?? null;
		return node;
	}

	private find(seg: string | number): Node | undefined {
		const src = this.src;
		const t = src.text;
		let i = this.offset + 1;
		while (isWs(t.charCodeAt(i))) i++;
		if (this.type === 'array') {
			if (typeof seg !== 'number' || !Number.isInteger(seg) || seg < 0) return undefined;
			const arr = this.js as unknown[];
			// Without a backslash in the text a string element is its value in quotes: no need to look for its end.
			const escapes = (src.backslash ??= t.indexOf('\\') >= 0);
			for (let n = 0; t.charCodeAt(i) !== 93; n++) {
				const x = arr[n];
				const e = typeof x === 'string' && !escapes ? i + x.length + 2 : valueEnd(src, i);
				if (n === seg) return this.reuse(i) ?? this.remember(makeNode(src, i, e, this, x));
				i = e;
				while (isWs(t.charCodeAt(i))) i++;
				if (t.charCodeAt(i) === 44) i++;
				while (isWs(t.charCodeAt(i))) i++;
			}
			return undefined;
		}
		if (typeof seg !== 'string') return undefined;
		// Only a text with a backslash somewhere can have an escaped key.
		const escapes = (src.backslash ??= t.indexOf('\\') >= 0);
		let found = -1;
		while (t.charCodeAt(i) !== 125) {
			const ks = i;
			const ke = stringEnd(t, i);
			// An escaped key is compared decoded: leave that to the full expansion.
			if (escapes) for (let k = ks + 1; k < ke - 1; k++) if (t.charCodeAt(k) === 92) return childIn(this, seg);
			if (ke - ks - 2 === seg.length && t.startsWith(seg, ks + 1)) {
				found = ks;
				if (src.uniqueKeys) break;
			}
			i = ke;
			while (isWs(t.charCodeAt(i))) i++;
			i++;
			while (isWs(t.charCodeAt(i))) i++;
			i = valueEnd(src, i);
			while (isWs(t.charCodeAt(i))) i++;
			if (t.charCodeAt(i) === 44) i++;
			while (isWs(t.charCodeAt(i))) i++;
		}
		if (found < 0) return undefined;
		const prop = this.reuse(found) ?? this.remember(this.property(found, seg));
		return prop.children![1];
	}

	private reuse(offset: number): Node | undefined {
		const made = this.made;
		if (made) for (let k = 0; k < made.length; k++) if (made[k].offset === offset) return made[k];
		return undefined;
	}

	private remember(node: Node): Node {
		(this.made ??= []).push(node);
		return node;
	}

	/** The property node (key and value) whose key starts at `ks`; `key` is its decoded text. */
	private property(ks: number, key: string): Node {
		const src = this.src;
		const t = src.text;
		const ke = stringEnd(t, ks);
		let i = ke;
		while (isWs(t.charCodeAt(i))) i++;
		const colon = i;
		i++;
		while (isWs(t.charCodeAt(i))) i++;
		const vs = i;
		const ve = valueEnd(src, i);
		const prop = { type: 'property', offset: ks, length: ve - ks, parent: this, colonOffset: colon, children: [] as Node[] } as Node & { children: Node[] };
		prop.children.push({ type: 'string', value: key, offset: ks, length: ke - ks, parent: prop } as Node);
		prop.children.push(makeNode(src, vs, ve, prop, (this.js as Record<string, unknown>)[key]));
		return prop;
	}

	private expand(): Node[] {
		const src = this.src;
		const t = src.text;
		const out: Node[] = [];
		// Plain loops, no helper closure: a closure over `i` would keep it in a context object.
		let i = this.offset + 1;
		while (isWs(t.charCodeAt(i))) i++;
		if (this.type === 'array') {
			const arr = this.js as unknown[];
			for (let n = 0; t.charCodeAt(i) !== 93; n++) {
				const e = valueEnd(src, i);
				out.push(this.reuse(i) ?? makeNode(src, i, e, this, arr[n]));
				i = e;
				while (isWs(t.charCodeAt(i))) i++;
				if (t.charCodeAt(i) === 44) i++;
				while (isWs(t.charCodeAt(i))) i++;
			}
			this.made = undefined;
			return out;
		}
		while (t.charCodeAt(i) !== 125) {
			const ks = i;
			const ke = stringEnd(t, i);
			const raw = t.slice(ks + 1, ke - 1);
			const key = raw.includes('\\') ? (JSON.parse(t.slice(ks, ke)) as string) : raw;
			const prop = this.reuse(ks) ?? this.property(ks, key);
			out.push(prop);
			i = prop.offset + prop.length;
			while (isWs(t.charCodeAt(i))) i++;
			if (t.charCodeAt(i) === 44) i++;
			while (isWs(t.charCodeAt(i))) i++;
		}
		this.made = undefined;
		return out;
	}
}

/** A path step in built children (see `nodeAtPath`): the last property with the key wins. */
function childIn(node: Node, seg: string | number): Node | undefined {
	const ch = node.children!;
	if (node.type === 'array') return typeof seg === 'number' ? ch[seg] : undefined;
	for (let i = ch.length - 1; i >= 0; i--) {
		const k = ch[i].children?.[0];
		if (k && k.value === seg) return ch[i].children?.[1];
	}
	return undefined;
}
