import { rlimitTypeNames } from '../knowledge/rlimits';
import type { Rule } from '../model';
import { closest } from './closest';
import { removeElementFix, replaceValueFix } from './fixes';
import { arr, isObj, obj, specHref } from './helpers';

/**
 * Compare two non-negative integer limits exactly, even beyond 2^53 (uint64 written in JSON).
 * `soft`, `hard`: their JS values; when both are safe integers and soft ≤ hard, the literals cannot
 * say otherwise, so the node tree (built lazily) is not needed.
 */
function greater(doc: Parameters<Rule['check']>[0]['doc'], a: (string | number)[], b: (string | number)[], soft: unknown, hard: unknown): boolean | undefined {
	if (Number.isSafeInteger(soft) && Number.isSafeInteger(hard) && (soft as number) <= (hard as number)) return false;
	const ra = rawInt(doc, a);
	const rb = rawInt(doc, b);
	if (ra === undefined || rb === undefined) return undefined;
	return ra > rb;
}

function rawInt(doc: Parameters<Rule['check']>[0]['doc'], path: (string | number)[]): bigint | undefined {
	const n = doc.nodeAt(path);
	if (!n || n.type !== 'number') return undefined;
	const raw = doc.text.slice(n.offset, n.offset + n.length);
	return /^-?\d+$/.test(raw) ? BigInt(raw) : undefined;
}

/** `process.rlimits`: known types, one entry per type, soft ≤ hard (runtime-tools CheckRlimits). */
export const rlimitsRule: Rule = {
	codes: ['rlimit-unknown-type', 'rlimit-duplicate', 'rlimit-soft-above-hard'],
	check(ctx) {
		const list = arr(obj(ctx.config.process)?.rlimits);
		const href = specHref(ctx, 'config.md', 'posix-process');
		const seen = new Set<string>();
		list.forEach((r, i) => {
			if (!isObj(r) || typeof r.type !== 'string') return;
			const base = ['process', 'rlimits', i];
			if (seen.has(r.type)) {
				const fix = removeElementFix(ctx.doc, base, `Remove the duplicate ${r.type} entry`);
				ctx.report({ code: 'rlimit-duplicate', severity: 'error', message: `${r.type} is set more than once in process.rlimits; each type may appear only once.`, path: [...base, 'type'], href, fixes: fix ? [fix] : undefined });
			}
			seen.add(r.type);
			// A name outside RLIMIT_[A-Z]+ is the schema stage's pattern error; here: well-formed but unknown.
			if (/^RLIMIT_[A-Z]+$/.test(r.type) && !rlimitTypeNames.has(r.type)) {
				const guess = closest(r.type, rlimitTypeNames, 'RLIMIT_');
				const fix = guess ? replaceValueFix(ctx.doc, [...base, 'type'], guess, `Change to ${guess}`) : undefined;
				ctx.report({ code: 'rlimit-unknown-type', severity: 'error', message: `"${r.type}" is not a Linux rlimit type${guess ? `; did you mean ${guess}?` : '; types are RLIMIT_* as in getrlimit(2), e.g. RLIMIT_NOFILE.'}`, path: [...base, 'type'], href, fixes: fix ? [fix] : undefined });
			}
			if (greater(ctx.doc, [...base, 'soft'], [...base, 'hard'], r.soft, r.hard)) {
				ctx.report({ code: 'rlimit-soft-above-hard', severity: 'error', message: `${r.type}: soft limit ${String(r.soft)} is above the hard limit ${String(r.hard)}; soft must be ≤ hard (setrlimit(2) fails otherwise).`, path: [...base, 'soft'], href });
			}
		});
	},
};
