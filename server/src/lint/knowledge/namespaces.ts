import type { Described } from './capabilities';

/** Linux namespace types of `linux.namespaces[].type` (runtime-spec config-linux.md#namespaces). */
export const namespaceTypes: readonly Described[] = [
	{ name: 'pid', description: 'Processes see only the processes in the same PID namespace.' },
	{ name: 'network', description: 'The container has its own network stack (interfaces, routes, sysctls net.*).' },
	{ name: 'mount', description: 'The container has its own mount table.' },
	{ name: 'ipc', description: 'System V IPC and POSIX message queues are isolated (kernel.shm*, kernel.msg*, fs.mqueue.*).' },
	{ name: 'uts', description: 'The container has its own hostname and NIS domain name.' },
	{ name: 'user', description: 'The container has its own user and group ids (needs uidMappings/gidMappings).' },
	{ name: 'cgroup', description: 'The container has its own view of the cgroup hierarchy.' },
	{ name: 'time', description: 'The container has its own boot and monotonic clocks (linux.timeOffsets).' },
];
