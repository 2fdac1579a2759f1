/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
	const d: number[][] = [];
	for (let i = 0; i <= a.length; i++) d.push([i]);
	for (let j = 1; j <= b.length; j++) d[0][j] = j;
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
			d[i][j] = v;
		}
	}
	return d[a.length][b.length];
}

/**
 * The candidate a misspelled name most likely meant: case-insensitive exact match, the name with a
 * missing `prefix` added, or the single nearest candidate within a small edit distance.
 */
export function closest(name: string, candidates: Iterable<string>, prefix = ''): string | undefined {
	const upper = name.toUpperCase();
	const list = [...candidates];
	const keys = list.map((c) => c.toUpperCase());
	const variants = [upper, prefix && !upper.startsWith(prefix) ? prefix + upper : ''].filter(Boolean);
	for (const v of variants) {
		const i = keys.indexOf(v);
		if (i >= 0) return list[i];
	}
	let best: string | undefined;
	let bestD = Infinity;
	let tie = false;
	keys.forEach((k, i) => {
		const dist = Math.min(...variants.map((v) => editDistance(v, k)));
		if (dist < bestD) {
			best = list[i];
			bestD = dist;
			tie = false;
		} else if (dist === bestD) tie = true;
	});
	const limit = Math.max(1, Math.min(3, Math.floor(upper.length / 4)));
	return best !== undefined && bestD <= limit && !tie ? best : undefined;
}
