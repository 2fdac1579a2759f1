/** Namespace a sysctl needs: `ipc`, `network` or `uts`; undefined: not namespaced (runc refuses it). */
export type SysctlScope = 'ipc' | 'network' | 'uts';

/** The System V IPC sysctls the IPC namespace isolates (runc's list). */
export const ipcSysctls: readonly string[] = [
	'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem',
	'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced',
];

/** One line per namespaced sysctl family (completion and hover). */
export const sysctlScopes: readonly { prefix: string; scope: SysctlScope; description: string }[] = [
	{ prefix: 'net.', scope: 'network', description: 'Network stack sysctls; need a network namespace of the container\'s own.' },
	{ prefix: 'fs.mqueue.', scope: 'ipc', description: 'POSIX message queue limits; need an IPC namespace.' },
	...ipcSysctls.map((name) => ({ prefix: name, scope: 'ipc' as const, description: 'System V IPC limit; needs an IPC namespace.' })),
	{ prefix: 'kernel.domainname', scope: 'uts', description: 'NIS domain name; needs a UTS namespace.' },
	{ prefix: 'kernel.hostname', scope: 'uts', description: 'Host name; needs a UTS namespace, and runc refuses it in favour of the `hostname` field.' },
];

/**
 * sysctl(8) accepts `/` as the separator as well; runc swaps `.` and `/` when the first separator is `/`
 * (`net/ipv4/conf/eth0.100/rp_filter` is `net.ipv4.conf.eth0/100.rp_filter`).
 */
export function normalizeSysctl(name: string): string {
	const i = name.search(/[./]/);
	if (i < 0 || name[i] === '.') return name;
	return name.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
}

/** The namespace a sysctl is scoped to, or undefined when the kernel does not namespace it. */
export function sysctlScope(rawName: string): SysctlScope | undefined {
	const name = normalizeSysctl(rawName);
	if (ipcSysctls.includes(name) || name.startsWith('fs.mqueue.')) return 'ipc';
	if (name.startsWith('net.')) return 'network';
	if (name === 'kernel.hostname' || name === 'kernel.domainname') return 'uts';
	return undefined;
}
