import type { Rule } from '../model';
import { isInt, obj, specHref } from './helpers';

/** `process.scheduler` and `process.ioPriority` value rules (runc configs/validate scheduler, ioPriority). */
export const schedulingRule: Rule = {
	codes: ['scheduler-nice-range', 'scheduler-priority-policy', 'scheduler-deadline-fields', 'io-priority-range'],
	check(ctx) {
		const p = obj(ctx.config.process);
		const s = obj(p?.scheduler);
		const href = specHref(ctx, 'config.md', 'linux-process');
		if (s) {
			const policy = typeof s.policy === 'string' ? s.policy : '';
			if (isInt(s.nice) && (s.nice < -20 || s.nice > 19) && (policy === 'SCHED_OTHER' || policy === 'SCHED_BATCH')) {
				ctx.report({ code: 'scheduler-nice-range', severity: 'error', message: `scheduler.nice ${s.nice} is out of range; nice values are -20 to 19 for ${policy}.`, path: ['process', 'scheduler', 'nice'], href });
			}
			if (isInt(s.priority) && s.priority !== 0 && policy && policy !== 'SCHED_FIFO' && policy !== 'SCHED_RR') {
				ctx.report({ code: 'scheduler-priority-policy', severity: 'error', message: `scheduler.priority is only allowed with SCHED_FIFO or SCHED_RR, not ${policy}.`, path: ['process', 'scheduler', 'priority'], target: 'key', href });
			}
			if (policy && policy !== 'SCHED_DEADLINE') {
				for (const f of ['runtime', 'deadline', 'period']) {
					if (isInt(s[f]) && s[f] !== 0) {
						ctx.report({ code: 'scheduler-deadline-fields', severity: 'error', message: `scheduler.${f} is only allowed with SCHED_DEADLINE, not ${policy}.`, path: ['process', 'scheduler', f], target: 'key', href });
					}
				}
			}
		}
		const io = obj(p?.ioPriority);
		if (io && isInt(io.priority) && (io.priority < 0 || io.priority > 7)) {
			ctx.report({ code: 'io-priority-range', severity: 'error', message: `ioPriority.priority ${io.priority} is out of range; I/O priorities are 0 (highest) to 7.`, path: ['process', 'ioPriority', 'priority'], href: specHref(ctx, 'config.md', 'linux-process') });
		}
	},
};
