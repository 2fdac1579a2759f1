/**
 * Which entries of a list share a key, for the rules that look for repeats (env names, mount
 * destinations) in lists of tens of thousands of entries. A Map keyed by sliced strings allocates
 * a string and a map entry per element, and on a large config that garbage makes the young
 * generation collect (and copy the freshly parsed document) several times during one lint. This
 * table hashes the key characters in place into typed arrays (off the JS heap): nothing is
 * allocated per entry.
 */
export class LastIndexTable {
	private readonly slots: Int32Array;
	private readonly slotOf: Int32Array;
	private readonly mask: number;
	/** 32 minus log2 of the table size: a slot is the top bits of the mixed hash. */
	private readonly shift: number;
	/** Whether two entries share a key: when not, {@link lastOf} of every keyed entry is the entry itself. */
	readonly repeats: boolean = false;

	/**
	 * Key `i` is the first `lengths[i]` characters of `strings[i]` (a string whenever
	 * `lengths[i] >= 0`); a negative length means entry `i` has no key. `hashes[i]`, when given, is
	 * {@link keyHash} of key `i`, computed by a caller that reads the key's characters anyway.
	 */
	constructor(
		private readonly strings: readonly unknown[],
		private readonly lengths: Int32Array,
		hashes?: Int32Array,
	) {
		const n = strings.length;
		let size = 16;
		let bits = 4;
		while (size < n * 2) {
			size *= 2;
			bits++;
		}
		this.mask = size - 1;
		this.shift = 32 - bits;
		this.slots = new Int32Array(size).fill(-1);
		this.slotOf = new Int32Array(n).fill(-1);
		for (let i = 0; i < n; i++) {
			const len = lengths[i];
			if (len < 0) continue;
			const slot = this.probe(strings[i] as string, len, hashes ? hashes[i] : keyHash(strings[i] as string, len));
			if (this.slots[slot] >= 0) this.repeats = true;
			// The slot keeps the latest index with this key.
			this.slots[slot] = i;
			this.slotOf[i] = slot;
		}
	}

	/** The last index whose key equals key `i`; -1 when entry `i` has no key. */
	lastOf(i: number): number {
		const slot = this.slotOf[i];
		return slot < 0 ? -1 : this.slots[slot];
	}

	/** The last index whose key equals `s`; -1 when none does. */
	find(s: string): number {
		return this.slots[this.probe(s, s.length, keyHash(s, s.length))];
	}

	/** The slot holding the key `s[0, len)`, or the empty slot where it belongs. */
	private probe(s: string, len: number, h: number): number {
		// FNV-1a's low bits mix poorly (keys like NAME_1234 crowd together): Fibonacci hashing takes
		// the top bits of the hash times 2^32/φ, which depend on every bit of it.
		let slot = Math.imul(h, 0x9e3779b1) >>> this.shift;
		for (;;) {
			const r = this.slots[slot];
			if (r < 0 || (this.lengths[r] === len && samePrefix(this.strings[r] as string, s, len))) return slot;
			slot = (slot + 1) & this.mask;
		}
	}
}

/** FNV-1a offset basis: the hash of an empty key. */
export const keyHashStart = 0x811c9dc5;

/** One FNV-1a step: the hash `h` extended by the UTF-16 code unit `c`. */
export function keyHashStep(h: number, c: number): number {
	return Math.imul(h ^ c, 0x01000193);
}

/** The hash of the key `s[0, len)` ({@link keyHashStep} over its code units): equal keys, equal hashes. */
export function keyHash(s: string, len: number): number {
	let h = keyHashStart;
	for (let k = 0; k < len; k++) h = keyHashStep(h, s.charCodeAt(k));
	return h;
}

function samePrefix(a: string, b: string, len: number): boolean {
	if (a === b) return true;
	for (let k = 0; k < len; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
	return true;
}
