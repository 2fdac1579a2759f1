import { capabilities, capabilityNames } from '../knowledge/capabilities';
import type { Rule } from '../model';
import type { Fix } from '../types';
import { closest } from './closest';
import { removeElementFix, replaceValueFix } from './fixes';
import { arr, obj, specHref } from './helpers';

const sets = ['bounding', 'effective', 'inheritable', 'permitted', 'ambient'] as const;
/** Bit of each set in the per-capability membership flags (sets[k] is bit k). */
const permittedBit = 1 << sets.indexOf('permitted');
const inheritableBit = 1 << sets.indexOf('inheritable');
/** Known capability name → its index in `capabilities`. */
const capabilityIndex: ReadonlyMap<string, number> = new Map(capabilities.map((c, i) => [c.name, i]));

/** `process.capabilities`: known names, no duplicates, effective ⊆ permitted, ambient ⊆ permitted ∩ inheritable (runtime-tools CheckCapabilities). */
export const capabilitiesRule: Rule = {
	codes: ['capability-unknown', 'capability-duplicate', 'capability-effective-not-permitted', 'capability-ambient-not-permitted-inheritable'],
	check(ctx) {
		const caps = obj(obj(ctx.config.process)?.capabilities);
		if (!caps) return;
		const href = specHref(ctx, 'config.md', 'linux-process');
		// Which sets hold each known capability, one bit per set: five Sets per lint were most of this
		// rule's cost. Names that are not capabilities (rare) get a Set per set for the duplicate check.
		const member = new Uint8Array(capabilities.length);
		let unknownSeen: Set<string>[] | undefined;
		for (let k = 0; k < sets.length; k++) {
			const set = sets[k];
			const bit = 1 << k;
			const list = arr(caps[set]);
			for (let i = 0; i < list.length; i++) {
				const c = list[i];
				if (typeof c !== 'string') continue;
				const index = capabilityIndex.get(c);
				let repeated: boolean;
				if (index !== undefined) {
					repeated = (member[index] & bit) !== 0;
					member[index] |= bit;
				} else {
					const seen = ((unknownSeen ??= [])[k] ??= new Set());
					repeated = seen.has(c);
					seen.add(c);
				}
				if (repeated) {
					const path = ['process', 'capabilities', set, i];
					const fix = removeElementFix(ctx.doc, path, `Remove the duplicate ${c}`);
					ctx.report({ code: 'capability-duplicate', severity: 'warning', message: `${c} appears more than once in capabilities.${set}; list each capability once.`, path, href, fixes: fix ? [fix] : undefined });
					continue;
				}
				if (index === undefined) {
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
		const effective = arr(caps.effective);
		for (let i = 0; i < effective.length; i++) {
			const c = effective[i];
			const index = typeof c === 'string' ? capabilityIndex.get(c) : undefined;
			if (index !== undefined && (member[index] & permittedBit) === 0) {
				ctx.report({ code: 'capability-effective-not-permitted', severity: 'error', message: `effective capability ${c} is not in capabilities.permitted; the effective set must be a subset of the permitted set (capset(2) fails otherwise).`, path: ['process', 'capabilities', 'effective', i], href });
			}
		}
		const ambient = arr(caps.ambient);
		for (let i = 0; i < ambient.length; i++) {
			const c = ambient[i];
			const index = typeof c === 'string' ? capabilityIndex.get(c) : undefined;
			if (index === undefined) continue;
			const permitted = (member[index] & permittedBit) !== 0;
			const inheritable = (member[index] & inheritableBit) !== 0;
			if (permitted && inheritable) continue;
			const missing = !permitted && !inheritable ? 'permitted and inheritable' : !permitted ? 'permitted' : 'inheritable';
			ctx.report({ code: 'capability-ambient-not-permitted-inheritable', severity: 'warning', message: `ambient capability ${c} is not in capabilities.${missing}, so it cannot be raised (runc warns "can't raise ambient capability" and drops it); add it to ${missing} or remove it from ambient.`, path: ['process', 'capabilities', 'ambient', i], href });
		}
	},
};
