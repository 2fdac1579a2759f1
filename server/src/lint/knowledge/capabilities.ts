/** A known name with a one-line description (for completion and hover). */
export interface Described {
	readonly name: string;
	readonly description: string;
}

/**
 * Linux capabilities (capabilities(7)), in kernel number order up to CAP_CHECKPOINT_RESTORE (40).
 * runc and runtime-tools reject names outside this list.
 */
export const capabilities: readonly Described[] = [
	{ name: 'CAP_CHOWN', description: 'Make arbitrary changes to file UIDs and GIDs.' },
	{ name: 'CAP_DAC_OVERRIDE', description: 'Bypass file read, write and execute permission checks.' },
	{ name: 'CAP_DAC_READ_SEARCH', description: 'Bypass file read and directory read/execute permission checks.' },
	{ name: 'CAP_FOWNER', description: 'Bypass checks that require the file owner UID to match.' },
	{ name: 'CAP_FSETID', description: 'Keep set-user-ID/set-group-ID bits when a file is modified.' },
	{ name: 'CAP_KILL', description: 'Bypass permission checks for sending signals.' },
	{ name: 'CAP_SETGID', description: 'Make arbitrary manipulations of process GIDs and supplementary GIDs.' },
	{ name: 'CAP_SETUID', description: 'Make arbitrary manipulations of process UIDs.' },
	{ name: 'CAP_SETPCAP', description: 'Modify the bounding set and transfer capabilities.' },
	{ name: 'CAP_LINUX_IMMUTABLE', description: 'Set the immutable and append-only file flags.' },
	{ name: 'CAP_NET_BIND_SERVICE', description: 'Bind a socket to a port below 1024.' },
	{ name: 'CAP_NET_BROADCAST', description: 'Make socket broadcasts and listen to multicasts (unused).' },
	{ name: 'CAP_NET_ADMIN', description: 'Perform network administration (interfaces, routes, firewall).' },
	{ name: 'CAP_NET_RAW', description: 'Use RAW and PACKET sockets.' },
	{ name: 'CAP_IPC_LOCK', description: 'Lock memory (mlock, mlockall, SHM_LOCK).' },
	{ name: 'CAP_IPC_OWNER', description: 'Bypass permission checks on System V IPC objects.' },
	{ name: 'CAP_SYS_MODULE', description: 'Load and unload kernel modules.' },
	{ name: 'CAP_SYS_RAWIO', description: 'Perform I/O port operations and access /dev/mem.' },
	{ name: 'CAP_SYS_CHROOT', description: 'Use chroot(2) and change mount namespaces with setns(2).' },
	{ name: 'CAP_SYS_PTRACE', description: 'Trace arbitrary processes with ptrace(2).' },
	{ name: 'CAP_SYS_PACCT', description: 'Use acct(2).' },
	{ name: 'CAP_SYS_ADMIN', description: 'Perform a wide range of system administration operations (mount, sethostname…).' },
	{ name: 'CAP_SYS_BOOT', description: 'Use reboot(2) and kexec_load(2).' },
	{ name: 'CAP_SYS_NICE', description: 'Raise nice values and set real-time scheduling policies.' },
	{ name: 'CAP_SYS_RESOURCE', description: 'Override resource limits and quotas.' },
	{ name: 'CAP_SYS_TIME', description: 'Set the system clock and the real-time clock.' },
	{ name: 'CAP_SYS_TTY_CONFIG', description: 'Use vhangup(2) and privileged ioctls on virtual terminals.' },
	{ name: 'CAP_MKNOD', description: 'Create special files with mknod(2).' },
	{ name: 'CAP_LEASE', description: 'Establish leases on arbitrary files.' },
	{ name: 'CAP_AUDIT_WRITE', description: 'Write records to the kernel audit log.' },
	{ name: 'CAP_AUDIT_CONTROL', description: 'Enable and disable kernel auditing and change its rules.' },
	{ name: 'CAP_SETFCAP', description: 'Set arbitrary capabilities on a file.' },
	{ name: 'CAP_MAC_OVERRIDE', description: 'Override Mandatory Access Control (Smack).' },
	{ name: 'CAP_MAC_ADMIN', description: 'Change Mandatory Access Control configuration (Smack).' },
	{ name: 'CAP_SYSLOG', description: 'Perform privileged syslog(2) operations.' },
	{ name: 'CAP_WAKE_ALARM', description: 'Trigger something that will wake up the system.' },
	{ name: 'CAP_BLOCK_SUSPEND', description: 'Employ features that can block system suspend.' },
	{ name: 'CAP_AUDIT_READ', description: 'Read the audit log via a multicast netlink socket.' },
	{ name: 'CAP_PERFMON', description: 'Use performance monitoring (perf_event_open, BPF tracing).' },
	{ name: 'CAP_BPF', description: 'Use privileged BPF operations.' },
	{ name: 'CAP_CHECKPOINT_RESTORE', description: 'Checkpoint/restore operations (set_tid, ns_last_pid, map_files).' },
];

/** Capability names for O(1) membership tests. */
export const capabilityNames: ReadonlySet<string> = new Set(capabilities.map((c) => c.name));

/** The five capability sets of `process.capabilities`. */
export const capabilitySets: readonly Described[] = [
	{ name: 'bounding', description: 'Limits the capabilities the process may ever gain.' },
	{ name: 'effective', description: 'Capabilities the kernel checks; must be a subset of permitted.' },
	{ name: 'inheritable', description: 'Capabilities preserved across execve(2) into capable files.' },
	{ name: 'permitted', description: 'Upper bound of effective; what the process may assume.' },
	{ name: 'ambient', description: 'Kept across execve(2) of unprivileged programs; must be permitted and inheritable.' },
];
