/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
	const m = a.length;
	const n = b.length;
	if (Math.abs(m - n) > 3) return Math.abs(m - n);
	let prev2: number[] = [];
	let prev = Array.from({ length: n + 1 }, (_, j) => j);
	for (let i = 1; i <= m; i++) {
		const cur = [i];
		for (let j = 1; j <= n; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
			cur.push(d);
		}
		prev2 = prev;
		prev = cur;
	}
	return prev[n];
}

/**
 * The closest candidate to `word`, if close enough to be a likely typo: case-insensitive equal,
 * or within an edit distance that grows with the length (1 up to 4 characters, 2 up to 8, else 3).
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
	const w = word.toLowerCase();
	let best: string | undefined;
	let bestD = Infinity;
	for (const c of candidates) {
		const lc = c.toLowerCase();
		if (lc === w) return c;
		const d = editDistance(w, lc);
		if (d < bestD) {
			bestD = d;
			best = c;
		}
	}
	const limit = w.length <= 4 ? 1 : w.length <= 8 ? 2 : 3;
	return bestD <= limit ? best : undefined;
}
