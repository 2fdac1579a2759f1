/**
 * "Fix all" applies every preferred fix at once. Two diagnostics may carry the same fix (hostname
 * and domainname both adding the uts namespace, two net.* sysctls both adding the network one) or
 * fixes editing the same text; applied together they would insert twice or corrupt the JSON. So
 * only the first (in document order) of conflicting preferred fixes stays preferred; the others
 * remain available as ordinary quick fixes and become preferred on the next lint, once the first
 * one is applied.
 */
import type { LintDiagnostic, TextEdit } from './types';

/** Rewrites `diagnostics` (already in document order) so that all preferred fixes can apply together. */
export function demoteConflictingFixes(diagnostics: LintDiagnostic[]): void {
	// Edit spans taken by the preferred fixes kept so far, sorted by start.
	const starts: number[] = [];
	const ends: number[] = [];
	for (const d of diagnostics) {
		if (!d.fixes) continue;
		let changed = false;
		const fixes = d.fixes.map((f) => {
			if (!f.isPreferred) return f;
			if (f.edits.some((e) => conflicts(starts, ends, e))) {
				changed = true;
				return { ...f, isPreferred: false };
			}
			for (const e of f.edits) take(starts, ends, e.offset, e.offset + e.length);
			return f;
		});
		if (changed) d.fixes = fixes;
	}
}

/**
 * Whether an edit collides with a taken span: they overlap, or one is an insertion at the other's
 * position or border (the order of two insertions at one point is undefined, and an insertion at the
 * border of a replacement may land on either side).
 */
function conflicts(starts: number[], ends: number[], e: TextEdit): boolean {
	const s = e.offset;
	const en = e.offset + e.length;
	// Spans are disjoint and sorted: only the neighbours around `s` can touch [s, en].
	const i = lowerBound(starts, s);
	for (let k = Math.max(0, i - 1); k < starts.length && starts[k] <= en; k++) {
		const ts = starts[k];
		const te = ends[k];
		if (s < te && ts < en) return true;
		const touching = s <= te && ts <= en;
		if (touching && (s === en || ts === te)) return true;
	}
	return false;
}

function take(starts: number[], ends: number[], s: number, e: number): void {
	const i = lowerBound(starts, s);
	starts.splice(i, 0, s);
	ends.splice(i, 0, e);
}

/** First index whose value is ≥ x. */
function lowerBound(xs: number[], x: number): number {
	let lo = 0;
	let hi = xs.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (xs[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
