/**
 * Fast path of {@link parseDocument} for text that is already valid strict JSON (the common case
 * while linting files on disk and in the benchmark): the value comes from the native JSON.parse,
 * one allocation-free scan confirms what JSON.parse cannot tell (no duplicate keys, nesting within
 * Go's limit, every number a plain integer literal), and the node tree is built lazily: a
 * container's children are scanned only when someone asks for them (ranges of diagnostics, rules
 * calling nodeAt). Anything unusual returns undefined and the full parser takes over. A large text
 * linted by lintText skips even that scan (see {@link ProvisionalGate}).
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
	/**
	 * Set when the text was not scanned (a large text linted by lintText): `keysInText` is then only
	 * an upper bound, nesting is unchecked, `plainNumbers` is false and container ends are found on
	 * demand. The caller must settle the gate (see {@link ProvisionalGate}) before it trusts the tree.
	 */
	provisional?: ProvisionalGate;
}

/**
 * What a large text skipped: the one pass over it. lintText settles it from the value instead:
 * when the keys of the value equal `keysInText` (an upper bound of the keys in the text) there are
 * no duplicate keys, and the value's nesting is the text's. Only otherwise does it call
 * {@link ProvisionalGate.exact}.
 */
export interface ProvisionalGate {
	/** The exact scan: the number of keys in the text, or -1 when nesting exceeds Go's limit. */
	exact(): number;
	/** Every number literal is a plain integer of at most 15 digits (runs the exact scan if needed). */
	plainNumbers(): boolean;
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
	if (!checkDuplicates && (text.length >= recordAllBelow || (text.length < provisionalSmallBelow && literalsArePlain(text)))) return provisionalParse(text, value, text.length < recordAllBelow);
	const ends: ContainerEnds = text.length < recordAllBelow ? new FewContainerEnds() : new ManyContainerEnds();
	const numbers = { plain: true };
	const keys = scanGate(text, ends, numbers);
	if (keys < 0 || (checkDuplicates && keys !== countKeys(value))) return undefined;
	let start = 0;
	while (isWs(text.charCodeAt(start))) start++;
	let end = text.length;
	while (end > start && isWs(text.charCodeAt(end - 1))) end--;
	return { root: makeNode({ text, ends, charsScanned: 0, uniqueKeys: checkDuplicates }, start, end, undefined, value), value, keysInText: keys, plainNumbers: numbers.plain };
}

/**
 * A large valid text without its scan: the one pass over every character (~half of JSON.parse's
 * own time on a 10 MiB config) is replaced by a native count of colons, and the scan runs only when
 * that count cannot settle the gate or many container ends are needed.
 */
function provisionalParse(text: string, value: unknown, knownPlain: boolean): FastParse {
	const src: Source = { text, ends: undefined, charsScanned: 0, uniqueKeys: false };
	let exactKeys: number | undefined;
	let plain = knownPlain;
	const exact = (): number => {
		if (exactKeys === undefined) {
			const ends = new ManyContainerEnds();
			const numbers = { plain: true };
			exactKeys = scanGate(text, ends, numbers);
			plain = exactKeys >= 0 && (knownPlain || numbers.plain);
			src.ends = ends;
		}
		return exactKeys;
	};
	src.scan = exact;
	let start = 0;
	while (isWs(text.charCodeAt(start))) start++;
	let end = text.length;
	while (end > start && isWs(text.charCodeAt(end - 1))) end--;
	return {
		root: makeNode(src, start, end, undefined, value),
		value,
		keysInText: keyBound(text),
		plainNumbers: knownPlain,
		provisional: { exact, plainNumbers: () => exact() >= 0 && plain },
	};
}

const digits = '0123456789';

/**
 * Whether every number literal of valid JSON is a plain integer of at most 15 digits, proved by
 * native search instead of a pass over every character: a literal that is not plain has a digit
 * followed by `.`, `e` or `E`, starts with `-0`, or runs 15 digits or more, and each such spot must
 * lie inside a string. False means "maybe not" (the scan then answers).
 */
export function literalsArePlain(text: string): boolean {
	for (let d = 0; d < 10; d++) {
		const ch = digits[d];
		for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) {
			const next = text.charCodeAt(i + 1);
			if (next === 46 || next === 101 || next === 69 || (next >= 48 && next <= 57 && longDigitRun(text, i))) {
				if (mayBeNumber(text, i)) return false;
			}
		}
	}
	for (let i = text.indexOf('-0'); i >= 0; i = text.indexOf('-0', i + 1)) if (mayBeNumber(text, i)) return false;
	return true;
}

/** Whether the digits starting at `i` (not preceded by a digit) run 15 or more. */
function longDigitRun(text: string, i: number): boolean {
	const prev = text.charCodeAt(i - 1);
	if (prev >= 48 && prev <= 57) return false;
	let j = i + 2;
	while (j - i < 15) {
		const c = text.charCodeAt(j);
		if (c < 48 || c > 57) return false;
		j++;
	}
	return true;
}

/**
 * Whether the character at `i`, one a number literal may hold, may be part of one: the characters
 * literals are made of are walked back to where its literal would start, and a number literal has
 * a `:`, `,` or `[` (after blanks) or nothing before it; anything else puts `i` in a string.
 */
function mayBeNumber(text: string, i: number): boolean {
	let k = i;
	let c = text.charCodeAt(k);
	while ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45) c = text.charCodeAt(--k);
	while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(--k);
	return k < 0 || c === 58 || c === 44 || c === 91;
}

/**
 * An upper bound of the object keys in valid JSON, from native search: every key is followed by a
 * colon whose nearest non-whitespace character before it is the key's closing quote. A colon
 * inside a string counts only when a quote precedes it that way (a string starting with `:`, an
 * escaped quote), so the bound is exact for nearly every real text; it never undercounts.
 */
function keyBound(text: string): number {
	let n = 0;
	for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
		let k = i - 1;
		let c = text.charCodeAt(k);
		while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(--k);
		if (c === 34) n++;
	}
	return n;
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
	/** undefined until the provisional gate's scan ran (see {@link provisionalParse}). */
	ends: ContainerEnds | undefined;
	/** Characters searched for container ends while `ends` was undefined: past a limit, {@link Source.scan} runs once. */
	charsScanned: number;
	/** Records every container end up to `recordDepth` in `ends` (the provisional gate's exact scan). */
	scan?: () => number;
	/** Whether the text has a backslash anywhere (then keys may be escaped); computed on first need. */
	backslash?: boolean;
	/** No object repeats a key (known or confirmed): a lookup may stop at the first match. */
	uniqueKeys: boolean;
}

/** The end of a container not looked for yet. */
const unknownEnd = -1;

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
/**
 * Below this size a text with provably plain literals is not scanned either. Above it the scan
 * stays: there a config with many diagnostics (a range each) pays more for finding container ends
 * on demand, and for the proof over the digits of many entries, than the scan costs.
 */
const provisionalSmallBelow = 1 << 12;
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

/**
 * Own keys of every object in a JSON value (iterative: nesting may be deep). With `nesting`, its
 * `depth` is raised to the value's own nesting depth (1 for a flat object or array) plus `above`
 * (the containers enclosing the value).
 */
export function countKeys(value: unknown, nesting?: { depth: number }, above = 0): number {
	let n = 0;
	const stack: unknown[] = [value];
	// Depth of each stacked value, kept only when asked for.
	const depths: number[] | undefined = nesting ? [above + 1] : undefined;
	while (stack.length) {
		const v = stack.pop();
		const d = depths ? depths.pop()! : 0;
		if (v === null || typeof v !== 'object') continue;
		if (nesting && d > nesting.depth) nesting.depth = d;
		if (Array.isArray(v)) {
			for (const x of v) {
				if (x !== null && typeof x === 'object') {
					stack.push(x);
					depths?.push(d + 1);
				}
			}
		} else {
			for (const k in v) {
				n++;
				const x = (v as Record<string, unknown>)[k];
				if (x !== null && typeof x === 'object') {
					stack.push(x);
					depths?.push(d + 1);
				}
			}
		}
	}
	return n;
}

/**
 * Index just after the value starting at `i` (valid JSON assumed). `value`, when given, is the
 * value written there: an array of it is skipped element by element, strings by their length
 * (only in a text without a backslash, where a string's text is its value in quotes).
 */
function valueEnd(src: Source, i: number, value?: unknown): number {
	const text = src.text;
	const c = text.charCodeAt(i);
	if (c === 34) return stringEnd(text, i);
	if (c === 123 || c === 91) {
		if (src.ends) {
			const known = src.ends.get(i);
			if (known !== undefined) return known;
		} else if (value !== null && typeof value === 'object' && !(src.backslash ??= text.indexOf('\\') >= 0)) {
			return guidedEnd(src, i, value, 0);
		} else if (src.charsScanned > text.length >> 3 && src.scan) {
			// Many ends searched one by one: the one scan that records them all costs less.
			src.scan();
			return valueEnd(src, i);
		}
		let depth = 0;
		for (let j = i; ; j++) {
			const d = text.charCodeAt(j);
			if (d === 34) j = stringEnd(text, j) - 1;
			else if (d === 123 || d === 91) depth++;
			else if (d === 125 || d === 93) {
				if (--depth === 0) {
					if (!src.ends) src.charsScanned += j + 1 - i;
					return j + 1;
				}
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

/** Containers inside containers skipped by their values before the plain search takes over (bounds the recursion). */
const maxGuidedNesting = 32;

/**
 * End of the container `v` written at `i` in a text without a backslash and without duplicate
 * keys: every string is its value in quotes, so a string value is stepped over by its length and a
 * key ends at the next quote; only numbers and literals are searched for their ends.
 */
function guidedEnd(src: Source, i: number, v: object, nesting: number): number {
	const t = src.text;
	let j = i + 1;
	if (Array.isArray(v)) {
		for (let n = 0; n < v.length; n++) {
			while (isWs(t.charCodeAt(j))) j++;
			j = guidedValueEnd(src, j, v[n], nesting);
			while (isWs(t.charCodeAt(j))) j++;
			// The comma after the element, or the closing bracket after the last one.
			j++;
		}
		if (v.length === 0) {
			while (isWs(t.charCodeAt(j))) j++;
			j++;
		}
		return j;
	}
	const keys = inTextOrder(v as Record<string, unknown>);
	if (keys) {
		for (let n = 0; n < keys.length; n++) {
			const k = keys[n];
			while (isWs(t.charCodeAt(j))) j++;
			j += k.length + 2;
			while (isWs(t.charCodeAt(j))) j++;
			j++;
			while (isWs(t.charCodeAt(j))) j++;
			j = guidedValueEnd(src, j, (v as Record<string, unknown>)[k], nesting);
			while (isWs(t.charCodeAt(j))) j++;
			if (t.charCodeAt(j) === 44) j++;
		}
		while (isWs(t.charCodeAt(j))) j++;
		return j + 1;
	}
	for (;;) {
		while (isWs(t.charCodeAt(j))) j++;
		if (t.charCodeAt(j) === 125) return j + 1;
		const ke = t.indexOf('"', j + 1);
		const x = (v as Record<string, unknown>)[t.slice(j + 1, ke)];
		j = ke + 1;
		while (isWs(t.charCodeAt(j))) j++;
		j++;
		while (isWs(t.charCodeAt(j))) j++;
		j = guidedValueEnd(src, j, x, nesting);
		while (isWs(t.charCodeAt(j))) j++;
		if (t.charCodeAt(j) === 44) j++;
	}
}

/**
 * The keys of an object parsed from the text, in the order the text writes them, or undefined when
 * that order is not known: JSON.parse adds them in text order, and own keys enumerate in insertion
 * order except array indices ("0", "17"), which come first. So when the first key does not start
 * with a digit, no key is an index. With unique keys and no backslash (a key is then its text in
 * quotes), the n-th key of the text is keys[n] and its length is known.
 */
function inTextOrder(v: Record<string, unknown>): string[] | undefined {
	const keys = Object.keys(v);
	if (keys.length === 0) return keys;
	const c = keys[0].charCodeAt(0);
	return c >= 48 && c <= 57 ? undefined : keys;
}

/** {@link keyOffset}'s answer when the keys' text order is not known. */
const notInOrder = -2;

/**
 * Offset of the key `seg` of the object `v` whose first key starts at `i` (-1: no such key), in a
 * text with unique keys and no backslash: keys and string values are stepped over by their
 * lengths, containers by their values. {@link notInOrder} when the keys' order is not known.
 */
function keyOffset(src: Source, i: number, v: Record<string, unknown>, seg: string): number {
	const keys = inTextOrder(v);
	if (!keys) return notInOrder;
	const t = src.text;
	for (let n = 0; n < keys.length; n++) {
		const k = keys[n];
		if (k === seg) return i;
		i += k.length + 2;
		while (isWs(t.charCodeAt(i))) i++;
		i++;
		while (isWs(t.charCodeAt(i))) i++;
		const x = v[k];
		i = typeof x === 'string' ? i + x.length + 2 : valueEnd(src, i, x);
		while (isWs(t.charCodeAt(i))) i++;
		if (t.charCodeAt(i) === 44) i++;
		while (isWs(t.charCodeAt(i))) i++;
	}
	return -1;
}

function guidedValueEnd(src: Source, j: number, x: unknown, nesting: number): number {
	if (typeof x === 'string') return j + x.length + 2;
	if (x !== null && typeof x === 'object' && nesting < maxGuidedNesting) return guidedEnd(src, j, x, nesting + 1);
	return valueEnd(src, j);
}

/** A node for `value` written at `start`; `end` may be {@link unknownEnd} for a container (found when its length is read). */
function makeNode(src: Source, start: number, end: number, parent: Node | undefined, value: unknown): JsonNode {
	if (value !== null && typeof value === 'object') return new LazyContainer(src, start, end < 0 ? unknownEnd : end - start, parent, value);
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
	/** The length, or {@link unknownEnd} until it is first read. */
	private len: number;
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
	/** Index and offset of the element of an array {@link find} found last (0: none yet). */
	private resumeIndex = 0;
	private resumeOffset = 0;

	constructor(
		private readonly src: Source,
		readonly offset: number,
		length: number,
		readonly parent: Node | undefined,
		private readonly js: object,
	) {
		this.type = Array.isArray(js) ? 'array' : 'object';
		this.len = length;
	}

	/**
	 * Found on first read: a path looked up through a container (a diagnostic deep inside it) does
	 * not need to know where the container ends.
	 */
	get length(): number {
		if (this.len < 0) this.len = valueEnd(this.src, this.offset, this.src.uniqueKeys ? this.js : undefined) - this.offset;
		return this.len;
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
		// A member found before (lookups alternating between members): with unique keys its property is the one.
		const made = this.made;
		if (made && this.type === 'object' && this.src.uniqueKeys) {
			for (let k = 0; k < made.length; k++) {
				if (made[k].children![0].value !== seg) continue;
				this.lastSeg = seg;
				return (this.lastFound = made[k].children![1]);
			}
		}
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
			let n = 0;
			// Diagnostics come in document order: resume from the element found last instead of the start.
			if (seg >= this.resumeIndex && this.resumeIndex > 0) {
				n = this.resumeIndex;
				i = this.resumeOffset;
			}
			for (; t.charCodeAt(i) !== 93; n++) {
				const x = arr[n];
				if (n === seg) {
					this.resumeIndex = n;
					this.resumeOffset = i;
				}
				const container = x !== null && typeof x === 'object';
				if (n === seg && container) return this.reuse(i) ?? this.remember(makeNode(src, i, unknownEnd, this, x));
				const e = typeof x === 'string' && !escapes ? i + x.length + 2 : valueEnd(src, i, src.uniqueKeys ? x : undefined);
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
		if (src.uniqueKeys && !escapes) {
			const at = keyOffset(src, i, this.js as Record<string, unknown>, seg);
			if (at !== notInOrder) return at < 0 ? undefined : (this.reuse(at) ?? this.remember(this.property(at, seg))).children![1];
		}
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
			// With unique keys a container is skipped by its value (see guidedEnd); its key is then unescaped text.
			const guide = src.uniqueKeys && !src.ends && !escapes && (t.charCodeAt(i) === 91 || t.charCodeAt(i) === 123) ? (this.js as Record<string, unknown>)[t.slice(ks + 1, ke - 1)] : undefined;
			i = valueEnd(src, i, guide);
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
		const value = (this.js as Record<string, unknown>)[key];
		const ve = value !== null && typeof value === 'object' ? unknownEnd : valueEnd(src, i);
		const prop = new LazyProperty(ks, this, colon);
		prop.children.push({ type: 'string', value: key, offset: ks, length: ke - ks, parent: prop } as Node);
		prop.children.push(makeNode(src, vs, ve, prop, value));
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

/** A property node of a lazy object: its length is its value's, found when first read. */
class LazyProperty implements Node {
	readonly type = 'property';
	readonly children: Node[] = [];

	constructor(
		readonly offset: number,
		readonly parent: Node,
		readonly colonOffset: number,
	) {}

	get length(): number {
		const v = this.children[1];
		return v.offset + v.length - this.offset;
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
