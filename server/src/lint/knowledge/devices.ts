import type { Described } from './capabilities';

/** `linux.devices[].type` values. */
export const deviceTypes: readonly Described[] = [
	{ name: 'c', description: 'Character device (major and minor required).' },
	{ name: 'b', description: 'Block device (major and minor required).' },
	{ name: 'u', description: 'Unbuffered character device (major and minor required).' },
	{ name: 'p', description: 'FIFO (no major/minor).' },
];

/** Scheduler policies of `process.scheduler.policy` (sched(7)). */
export const schedulerPolicies: readonly Described[] = [
	{ name: 'SCHED_OTHER', description: 'Default time-sharing policy.' },
	{ name: 'SCHED_FIFO', description: 'Real-time first-in first-out (priority 1-99).' },
	{ name: 'SCHED_RR', description: 'Real-time round robin (priority 1-99).' },
	{ name: 'SCHED_BATCH', description: 'Batch processing.' },
	{ name: 'SCHED_ISO', description: 'Isochronous (not implemented in mainline Linux).' },
	{ name: 'SCHED_IDLE', description: 'Very low priority background jobs.' },
	{ name: 'SCHED_DEADLINE', description: 'Earliest deadline first (runtime, deadline, period).' },
];

/** I/O priority classes of `process.ioPriority.class` (ioprio_set(2)). */
export const ioPriorityClasses: readonly Described[] = [
	{ name: 'IOPRIO_CLASS_RT', description: 'Real-time I/O class (priority 0-7).' },
	{ name: 'IOPRIO_CLASS_BE', description: 'Best-effort I/O class (priority 0-7).' },
	{ name: 'IOPRIO_CLASS_IDLE', description: 'Idle I/O class.' },
];
