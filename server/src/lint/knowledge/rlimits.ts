import type { Described } from './capabilities';

/** POSIX/Linux rlimit types of `process.rlimits[].type` (getrlimit(2)). */
export const rlimitTypes: readonly Described[] = [
	{ name: 'RLIMIT_AS', description: 'Maximum size of the virtual address space (bytes).' },
	{ name: 'RLIMIT_CORE', description: 'Maximum size of a core file (bytes).' },
	{ name: 'RLIMIT_CPU', description: 'CPU time limit (seconds).' },
	{ name: 'RLIMIT_DATA', description: 'Maximum size of the data segment (bytes).' },
	{ name: 'RLIMIT_FSIZE', description: 'Maximum size of files the process may create (bytes).' },
	{ name: 'RLIMIT_LOCKS', description: 'Maximum number of flock/fcntl locks.' },
	{ name: 'RLIMIT_MEMLOCK', description: 'Maximum bytes of memory that may be locked into RAM.' },
	{ name: 'RLIMIT_MSGQUEUE', description: 'Maximum bytes allocated for POSIX message queues.' },
	{ name: 'RLIMIT_NICE', description: 'Ceiling of the nice value (20 - limit).' },
	{ name: 'RLIMIT_NOFILE', description: 'One more than the maximum file descriptor number.' },
	{ name: 'RLIMIT_NPROC', description: 'Maximum number of processes/threads of the real user id.' },
	{ name: 'RLIMIT_RSS', description: 'Maximum resident set size (bytes; no effect on modern Linux).' },
	{ name: 'RLIMIT_RTPRIO', description: 'Ceiling of the real-time priority.' },
	{ name: 'RLIMIT_RTTIME', description: 'CPU time under real-time scheduling without blocking (microseconds).' },
	{ name: 'RLIMIT_SIGPENDING', description: 'Maximum number of queued signals.' },
	{ name: 'RLIMIT_STACK', description: 'Maximum size of the process stack (bytes).' },
];

export const rlimitTypeNames: ReadonlySet<string> = new Set(rlimitTypes.map((r) => r.name));
