import { rlimitTypeNames } from '../knowledge/rlimits';
import type { Rule } from '../model';
import { closest } from './closest';
import { removeElementFix, replaceValueFix } from './fixes';
import { arr, isObj, obj, specHref } from './helpers';

/**
 * Is rlimit `i`'s soft limit above its hard limit? Compared exactly, even beyond 2^53 (uint64
 * written in JSON). `soft`, `hard`: their JS values; when both are safe integers and soft ≤ hard,
 * the literals cannot say otherwise, so the node tree (built lazily) is not needed.
 */
function greater(doc: Parameters<Rule['check']>[0]['doc'], i: number, soft: unknown, hard: unknown): boolean | undefined {
	if (Number.isSafeInteger(soft) && Number.isSafeInteger(hard) && (soft as number) <= (hard as number)) return false;
	const ra = rawInt(doc, ['process', 'rlimits', i, 'soft']);
	const rb = rawInt(doc, ['process', 'rlimits', i, 'hard']);
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
		if (list.length === 0) return;
		const href = specHref(ctx, 'config.md', 'posix-process');
		const seen = new Set<string>();
		for (let i = 0; i < list.length; i++) {
			const r = list[i];
			if (!isObj(r) || typeof r.type !== 'string') continue;
			if (seen.has(r.type)) {
				const base = ['process', 'rlimits', i];
				const fix = removeElementFix(ctx.doc, base, `Remove the duplicate ${r.type} entry`);
				ctx.report({ code: 'rlimit-duplicate', severity: 'error', message: `${r.type} is set more than once in process.rlimits; each type may appear only once.`, path: [...base, 'type'], href, fixes: fix ? [fix] : undefined });
			}
			seen.add(r.type);
			// A name outside RLIMIT_[A-Z]+ is the schema stage's pattern error; here: well-formed but unknown.
			if (!rlimitTypeNames.has(r.type) && /^RLIMIT_[A-Z]+$/.test(r.type)) {
				const guess = closest(r.type, rlimitTypeNames, 'RLIMIT_');
				const fix = guess ? replaceValueFix(ctx.doc, ['process', 'rlimits', i, 'type'], guess, `Change to ${guess}`) : undefined;
				ctx.report({ code: 'rlimit-unknown-type', severity: 'error', message: `"${r.type}" is not a Linux rlimit type${guess ? `; did you mean ${guess}?` : '; types are RLIMIT_* as in getrlimit(2), e.g. RLIMIT_NOFILE.'}`, path: ['process', 'rlimits', i, 'type'], href, fixes: fix ? [fix] : undefined });
			}
			if (greater(ctx.doc, i, r.soft, r.hard)) {
				ctx.report({ code: 'rlimit-soft-above-hard', severity: 'error', message: `${r.type}: soft limit ${String(r.soft)} is above the hard limit ${String(r.hard)}; soft must be ≤ hard (setrlimit(2) fails otherwise).`, path: ['process', 'rlimits', i, 'soft'], href });
			}
		}
	},
};
