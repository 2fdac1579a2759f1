import { capabilityNames } from '../knowledge/capabilities';
import type { Rule } from '../model';
import type { Fix } from '../types';
import { closest } from './closest';
import { removeElementFix, replaceValueFix } from './fixes';
import { arr, obj, specHref } from './helpers';

const sets = ['bounding', 'effective', 'inheritable', 'permitted', 'ambient'] as const;

/** `process.capabilities`: known names, no duplicates, effective ⊆ permitted, ambient ⊆ permitted ∩ inheritable (runtime-tools CheckCapabilities). */
export const capabilitiesRule: Rule = {
	codes: ['capability-unknown', 'capability-duplicate', 'capability-effective-not-permitted', 'capability-ambient-not-permitted-inheritable'],
	check(ctx) {
		const caps = obj(obj(ctx.config.process)?.capabilities);
		if (!caps) return;
		const href = specHref(ctx, 'config.md', 'linux-process');
		// The names seen in each set, kept for the subset checks below.
		const named: Record<string, Set<string>> = {};
		for (const set of sets) {
			const seen = new Set<string>();
			named[set] = seen;
			const list = arr(caps[set]);
			for (let i = 0; i < list.length; i++) {
				const c = list[i];
				if (typeof c !== 'string') continue;
				if (seen.has(c)) {
					const path = ['process', 'capabilities', set, i];
					const fix = removeElementFix(ctx.doc, path, `Remove the duplicate ${c}`);
					ctx.report({ code: 'capability-duplicate', severity: 'warning', message: `${c} appears more than once in capabilities.${set}; list each capability once.`, path, href, fixes: fix ? [fix] : undefined });
					continue;
				}
				seen.add(c);
				if (!capabilityNames.has(c)) {
					const path = ['process', 'capabilities', set, i];
					const guess = closest(c, capabilityNames, 'CAP_');
					let fixes: Fix[] | undefined;
					if (guess) {
						const f = replaceValueFix(ctx.doc, path, guess, `Change to ${guess}`);
						fixes = f ? [f] : undefined;
					}
					ctx.report({
						code: 'capability-unknown',
						severity: 'error',
						message: `"${c}" is not a Linux capability${guess ? `; did you mean ${guess}?` : '; names are CAP_* as in capabilities(7), e.g. CAP_NET_BIND_SERVICE.'}`,
						path,
						href,
						fixes,
					});
				}
			}
		}
		const permitted = named.permitted;
		const inheritable = named.inheritable;
		const effective = arr(caps.effective);
		for (let i = 0; i < effective.length; i++) {
			const c = effective[i];
			if (typeof c === 'string' && capabilityNames.has(c) && !permitted.has(c)) {
				ctx.report({ code: 'capability-effective-not-permitted', severity: 'error', message: `effective capability ${c} is not in capabilities.permitted; the effective set must be a subset of the permitted set (capset(2) fails otherwise).`, path: ['process', 'capabilities', 'effective', i], href });
			}
		}
		const ambient = arr(caps.ambient);
		for (let i = 0; i < ambient.length; i++) {
			const c = ambient[i];
			if (typeof c === 'string' && capabilityNames.has(c) && (!permitted.has(c) || !inheritable.has(c))) {
				const missing = [!permitted.has(c) ? 'permitted' : '', !inheritable.has(c) ? 'inheritable' : ''].filter(Boolean).join(' and ');
				ctx.report({ code: 'capability-ambient-not-permitted-inheritable', severity: 'warning', message: `ambient capability ${c} is not in capabilities.${missing}, so it cannot be raised (runc warns "can't raise ambient capability" and drops it); add it to ${missing} or remove it from ambient.`, path: ['process', 'capabilities', 'ambient', i], href });
			}
		}
	},
};
