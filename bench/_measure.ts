/**
 * What every bench module returns per measure (bench/run.mjs writes them to bench/results.json),
 * and the statistic they all use. Files starting with `_` are support, not bench modules.
 */
export interface Measure {
	ours: number;
	baseline: number;
	unit: string;
	/** ours / baseline */
	ratio: number;
	better: 'lower' | 'higher';
	/** What the baseline is, measured in the same run (or "the goal" where no other tool does the job). */
	baselineName: string;
	goal?: number;
	note?: string;
}

/** The median of a non-empty sample (the mean of the two middle values for an even count). */
export function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
