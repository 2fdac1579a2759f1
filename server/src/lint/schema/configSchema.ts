/**
 * Our runtime-spec `config.json` schema: the one source of truth for every supported spec
 * version (1.0.2, 1.1.0, 1.2.x, 1.3.0). Members and enum values carry `since`/`until` markers;
 * every member has a markdown description and a link to its spec section.
 * Written here from the runtime-spec prose and Go types (specs-go), not copied from the official
 * JSON schema; the oracle test checks that we reject everything the official schemas reject.
 */
import type { ArrayNode, BooleanNode, EnumValue, Field, GoInt, IntegerNode, MapNode, ObjectNode, SchemaNode, StringNode } from './schemaModel';

type FieldOptions = Omit<Field, 'schema' | 'doc' | 'ref'>;

function f(schema: SchemaNode, ref: string, doc: string, o: FieldOptions = {}): Field {
	return { schema, doc, ref, ...o };
}
function obj(props: Record<string, Field | Field[]>): ObjectNode {
	return { kind: 'object', props };
}
function map(values: SchemaNode, keyName: string): MapNode {
	return { kind: 'map', values, keyName };
}
function arr(items: SchemaNode, minItems?: number): ArrayNode {
	return minItems === undefined ? { kind: 'array', items } : { kind: 'array', items, minItems };
}
function str(o: Omit<StringNode, 'kind'> = {}): StringNode {
	return { kind: 'string', ...o };
}
function int(go: GoInt, o: Omit<IntegerNode, 'kind' | 'go'> = {}): IntegerNode {
	return { kind: 'integer', go, ...o };
}
function en(values: (string | [string, string] | EnumValue)[]): StringNode {
	return str({ enum: values.map((v) => (typeof v === 'string' ? { value: v } : Array.isArray(v) ? { value: v[0], doc: v[1] } : v)) });
}
const bool: BooleanNode = { kind: 'boolean' };
const strings = (): ArrayNode => arr(str());

const C = 'config.md';
const L = 'config-linux.md';
const W = 'config-windows.md';
const S = 'config-solaris.md';
const V = 'config-vm.md';
const Z = 'config-zos.md';
const B = 'config-freebsd.md';

// ---------------------------------------------------------------------------------------------
// Shared pieces

const idMapping = (ref: string): ObjectNode =>
	obj({
		containerID: f(int('uint32'), ref, 'First uid/gid **in the container** that the range maps (uint32).', { required: true }),
		hostID: f(int('uint32'), ref, 'First uid/gid **on the host** that `containerID` maps to (uint32).', { required: true }),
		size: f(int('uint32'), ref, 'Number of ids in the mapped range (uint32).', { required: true }),
	});

const hook = obj({
	path: f(str(), `${C}#posix-platform-hooks`, 'Absolute path of the hook executable **on the host** (in the runtime namespace). Similar to `execve`\'s `pathname`.', { required: true }),
	args: f(strings(), `${C}#posix-platform-hooks`, 'Arguments, with `execve` semantics: `args[0]` is the program name as the hook sees it.'),
	env: f(strings(), `${C}#posix-platform-hooks`, 'Environment of the hook, `KEY=value` entries (`execve`\'s `envp`).'),
	timeout: f(int('int64', { min: '1', boundsHint: 'a timeout is a number of seconds greater than zero' }), `${C}#posix-platform-hooks`, 'Seconds after which the runtime aborts the hook (int, ≥ 1).'),
});
const hooks = (doc: string, o: FieldOptions = {}): Field => f(arr(hook), `${C}#posix-platform-hooks`, doc, o);

const major = (ref: string, o: FieldOptions = {}): Field => f(int('int64'), ref, '[Major device number](https://www.kernel.org/doc/Documentation/admin-guide/devices.txt) (int64).', o);
const minor = (ref: string, o: FieldOptions = {}): Field => f(int('int64'), ref, '[Minor device number](https://www.kernel.org/doc/Documentation/admin-guide/devices.txt) (int64).', o);

const throttle = (what: string): Field =>
	f(
		arr(
			obj({
				major: major(`${L}#block-io`, { required: true }),
				minor: minor(`${L}#block-io`, { required: true }),
				rate: f(int('uint64'), `${L}#block-io`, `${what} for the device (uint64).`),
			}),
		),
		`${L}#block-io`,
		`Per-device ${what.toLowerCase()} limits: entries of \`major\`, \`minor\` and \`rate\`.`,
	);

const fileTypeHint = 'one character: c (character), b (block), u (unbuffered character) or p (FIFO)';

const namespaceTypes: EnumValue[] = [
	{ value: 'mount', doc: 'An isolated mount table.' },
	{ value: 'pid', doc: 'Processes see only processes in the same pid namespace.' },
	{ value: 'network', doc: 'Its own network stack.' },
	{ value: 'uts', doc: 'Its own hostname and domain name.' },
	{ value: 'ipc', doc: 'System V IPC and POSIX message queues isolated to the container.' },
	{ value: 'user', doc: 'Remaps user and group ids between host and container (needs `uidMappings`/`gidMappings`).' },
	{ value: 'cgroup', doc: 'An isolated view of the cgroup hierarchy.' },
	{ value: 'time', doc: 'Its own `CLOCK_MONOTONIC` and `CLOCK_BOOTTIME` offsets (see `timeOffsets`).', since: '1.1.0' },
];

const seccompActions: EnumValue[] = [
	{ value: 'SCMP_ACT_KILL', doc: 'Kill the thread that made the syscall (same as `SCMP_ACT_KILL_THREAD`).' },
	{ value: 'SCMP_ACT_KILL_PROCESS', doc: 'Kill the whole process.', since: '1.1.0' },
	{ value: 'SCMP_ACT_KILL_THREAD', doc: 'Kill the thread that made the syscall.', since: '1.1.0' },
	{ value: 'SCMP_ACT_TRAP', doc: 'Send `SIGSYS` to the thread.' },
	{ value: 'SCMP_ACT_ERRNO', doc: 'Fail the syscall with `errnoRet` (default `EPERM`).' },
	{ value: 'SCMP_ACT_TRACE', doc: 'Notify a `ptrace` tracer (`errnoRet` is the message).' },
	{ value: 'SCMP_ACT_ALLOW', doc: 'Allow the syscall.' },
	{ value: 'SCMP_ACT_LOG', doc: 'Allow the syscall and log it.' },
	{ value: 'SCMP_ACT_NOTIFY', doc: 'Forward the syscall to the seccomp agent at `listenerPath`.', since: '1.1.0' },
];

const seccompArches: EnumValue[] = [
	'SCMP_ARCH_X86', 'SCMP_ARCH_X86_64', 'SCMP_ARCH_X32', 'SCMP_ARCH_ARM', 'SCMP_ARCH_AARCH64',
].map((value) => ({ value }) as EnumValue).concat(
	{ value: 'SCMP_ARCH_LOONGARCH64', since: '1.2' },
	{ value: 'SCMP_ARCH_M68K', since: '1.2' },
	...['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64', 'SCMP_ARCH_MIPS64N32', 'SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64', 'SCMP_ARCH_MIPSEL64N32', 'SCMP_ARCH_PPC', 'SCMP_ARCH_PPC64', 'SCMP_ARCH_PPC64LE', 'SCMP_ARCH_S390', 'SCMP_ARCH_S390X'].map((value) => ({ value })),
	{ value: 'SCMP_ARCH_SH', since: '1.2' },
	{ value: 'SCMP_ARCH_SHEB', since: '1.2' },
	{ value: 'SCMP_ARCH_PARISC' },
	{ value: 'SCMP_ARCH_PARISC64' },
	{ value: 'SCMP_ARCH_RISCV64', since: '1.1.0' },
);

const seccompFlags: EnumValue[] = [
	{ value: 'SECCOMP_FILTER_FLAG_TSYNC', doc: 'Synchronize all threads of the process to the same filter.' },
	{ value: 'SECCOMP_FILTER_FLAG_LOG', doc: 'Log all actions except `SCMP_ACT_ALLOW`.' },
	{ value: 'SECCOMP_FILTER_FLAG_SPEC_ALLOW', doc: 'Disable the Speculative Store Bypass mitigation.' },
	{ value: 'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV', doc: 'Make the notifying process wait killably for the agent\'s answer.', since: '1.1.0' },
];

const seccompOps: EnumValue[] = [
	{ value: 'SCMP_CMP_NE', doc: 'Argument is not equal to `value`.' },
	{ value: 'SCMP_CMP_LT', doc: 'Argument is less than `value`.' },
	{ value: 'SCMP_CMP_LE', doc: 'Argument is less than or equal to `value`.' },
	{ value: 'SCMP_CMP_EQ', doc: 'Argument is equal to `value`.' },
	{ value: 'SCMP_CMP_GE', doc: 'Argument is greater than or equal to `value`.' },
	{ value: 'SCMP_CMP_GT', doc: 'Argument is greater than `value`.' },
	{ value: 'SCMP_CMP_MASKED_EQ', doc: '`(argument & value) == valueTwo`.' },
];

const timeOffset = obj({
	secs: f(int('int64'), `${L}#offset-for-time-namespace`, 'Offset of the clock in the container, in seconds (int64).'),
	nanosecs: f(int('uint32'), `${L}#offset-for-time-namespace`, 'Offset of the clock in the container, in nanoseconds (uint32).'),
});

const zosNamespaceTypes: EnumValue[] = [{ value: 'mount' }, { value: 'pid' }, { value: 'uts' }, { value: 'ipc' }];

const jailMode = (values: string[]): StringNode => en(values);

// ---------------------------------------------------------------------------------------------
// process

const process = obj({
	terminal: f(bool, `${C}#process`, 'Attach a pseudo-terminal to the process (default `false`). With `runc`, a terminal needs `--console-socket` or a foreground run.'),
	consoleSize: f(
		obj({
			height: f(int('uint64'), `${C}#process`, 'Height of the console in characters (uint).', { required: true }),
			width: f(int('uint64'), `${C}#process`, 'Width of the console in characters (uint).', { required: true }),
		}),
		`${C}#process`,
		'Size of the terminal in characters; ignored unless `terminal` is `true`.',
		{ snippet: '{\n\t"height": ${1:24},\n\t"width": ${2:80}\n}' },
	),
	cwd: f(str(), `${C}#process`, 'Working directory of the process, **an absolute path** inside the container.', { required: true, snippet: '"${1:/}"' }),
	env: f(strings(), `${C}#process`, 'Environment variables, `KEY=value` entries (like `execve`\'s `envp`).', { snippet: '[\n\t"${1:PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}"\n]' }),
	args: f(strings(), `${C}#process`, 'The command and its arguments (like `execve`\'s `argv`); `args[0]` is resolved with the container\'s `PATH`. Required by `runc start`/`run`.', { snippet: '[\n\t"${1:sh}"\n]' }),
	commandLine: f(str(), `${C}#process`, 'Windows only: the full command line to run, used instead of `args`.'),
	rlimits: f(
		arr(
			obj({
				type: f(str({ pattern: /^RLIMIT_[A-Z]+$/, patternHint: 'a resource name like RLIMIT_NOFILE (RLIMIT_ followed by capital letters)' }), `${C}#posix-process`, 'The resource to limit, e.g. `RLIMIT_NOFILE` (see `getrlimit(2)`).', { required: true }),
				soft: f(int('uint64'), `${C}#posix-process`, 'Soft limit the kernel enforces (uint64).', { required: true }),
				hard: f(int('uint64'), `${C}#posix-process`, 'Ceiling for the soft limit; raising it needs `CAP_SYS_RESOURCE` (uint64).', { required: true }),
			}),
		),
		`${C}#posix-process`,
		'Resource limits (`setrlimit(2)`) of the process: entries of `type`, `soft` and `hard`.',
		{ snippet: '[\n\t{\n\t\t"type": "${1:RLIMIT_NOFILE}",\n\t\t"hard": ${2:1024},\n\t\t"soft": ${3:1024}\n\t}\n]' },
	),
	apparmorProfile: f(str(), `${C}#linux-process`, 'Name of the AppArmor profile to run the process under.'),
	capabilities: f(
		obj({
			effective: f(strings(), `${C}#linux-process`, 'Effective capabilities, e.g. `CAP_KILL` (must be a subset of `permitted`).'),
			bounding: f(strings(), `${C}#linux-process`, 'Bounding set: the capabilities the process can ever gain.'),
			inheritable: f(strings(), `${C}#linux-process`, 'Inheritable capabilities, kept across `execve`.'),
			permitted: f(strings(), `${C}#linux-process`, 'Permitted capabilities.'),
			ambient: f(strings(), `${C}#linux-process`, 'Ambient capabilities (must be permitted and inheritable).'),
		}),
		`${C}#linux-process`,
		'Capability sets of the process; names like `CAP_NET_BIND_SERVICE` (see `capabilities(7)`).',
	),
	noNewPrivileges: f(bool, `${C}#linux-process`, 'Set `no_new_privs`: setuid binaries and file capabilities cannot raise privileges.'),
	// The -1000..1000 kernel range is a semantic rule (process-oom-score-adj-range); here only Go's int.
	oomScoreAdj: f(int('int64'), `${C}#linux-process`, 'Adjusts the OOM killer score of the process (`/proc/[pid]/oom_score_adj`), from -1000 to 1000.'),
	scheduler: f(
		obj({
			policy: f(
				en([
					['SCHED_OTHER', 'The default time-sharing policy.'],
					['SCHED_FIFO', 'Real-time first-in first-out.'],
					['SCHED_RR', 'Real-time round-robin.'],
					['SCHED_BATCH', 'For batch processes.'],
					['SCHED_ISO', 'Reserved (not implemented by Linux).'],
					['SCHED_IDLE', 'For very low priority background jobs.'],
					['SCHED_DEADLINE', 'Earliest-deadline-first (uses `runtime`, `deadline`, `period`).'],
				]),
				`${C}#linux-process`,
				'Scheduling policy (`sched_setattr(2)`).',
				{ required: true },
			),
			nice: f(int('int32'), `${C}#linux-process`, 'Nice value for `SCHED_OTHER` and `SCHED_BATCH` (int32, -20 to 19).'),
			priority: f(int('int32'), `${C}#linux-process`, 'Static priority for `SCHED_FIFO` and `SCHED_RR` (int32).'),
			flags: f(
				arr(en(['SCHED_FLAG_RESET_ON_FORK', 'SCHED_FLAG_RECLAIM', 'SCHED_FLAG_DL_OVERRUN', 'SCHED_FLAG_KEEP_POLICY', 'SCHED_FLAG_KEEP_PARAMS', 'SCHED_FLAG_UTIL_CLAMP_MIN', 'SCHED_FLAG_UTIL_CLAMP_MAX'])),
				`${C}#linux-process`,
				'Scheduling flags (`sched_setattr(2)`).',
			),
			runtime: f(int('uint64'), `${C}#linux-process`, '`SCHED_DEADLINE` runtime in nanoseconds (uint64).'),
			deadline: f(int('uint64'), `${C}#linux-process`, '`SCHED_DEADLINE` deadline in nanoseconds (uint64).'),
			period: f(int('uint64'), `${C}#linux-process`, '`SCHED_DEADLINE` period in nanoseconds (uint64).'),
		}),
		`${C}#linux-process`,
		'Scheduling attributes of the process (`sched_setattr(2)`).',
		{ since: '1.1.0' },
	),
	selinuxLabel: f(str(), `${C}#linux-process`, 'SELinux label of the process, e.g. `system_u:system_r:container_t:s0`.'),
	ioPriority: f(
		obj({
			class: f(
				en([
					['IOPRIO_CLASS_RT', 'Real-time I/O class.'],
					['IOPRIO_CLASS_BE', 'Best-effort I/O class (the default).'],
					['IOPRIO_CLASS_IDLE', 'Idle I/O class: only when no one else uses the disk.'],
				]),
				`${C}#linux-process`,
				'I/O scheduling class (`ioprio_set(2)`).',
				{ required: true },
			),
			priority: f(int('int32'), `${C}#linux-process`, 'Priority within the class, 0 (highest) to 7 (int32).'),
		}),
		`${C}#linux-process`,
		'I/O priority of the process (`ioprio_set(2)`).',
		{ since: '1.1.0' },
	),
	execCPUAffinity: f(
		obj({
			initial: f(str({ pattern: /^[0-9, -]*$/, patternHint: 'a CPU list like 0-3,7 (digits, commas, dashes, spaces)' }), `${C}#linux-process`, 'CPU list the runtime\'s exec process is pinned to before joining the container\'s cgroup, e.g. `7`.'),
			final: f(str({ pattern: /^[0-9, -]*$/, patternHint: 'a CPU list like 0-3,7 (digits, commas, dashes, spaces)' }), `${C}#linux-process`, 'CPU list the exec\'d process is pinned to after joining the cgroup, e.g. `0-3,7`.'),
		}),
		`${C}#linux-process`,
		'CPU affinity of processes started with `runc exec`.',
		{ since: '1.2' },
	),
	user: f(
		obj({
			uid: f(int('uint32'), `${C}#posix-platform-user`, 'User id in the container namespace (uint32).', { required: false }),
			gid: f(int('uint32'), `${C}#posix-platform-user`, 'Group id in the container namespace (uint32).'),
			umask: f(int('uint32'), `${C}#posix-platform-user`, 'umask of the process, written in decimal in JSON (e.g. `18` for 0o022).'),
			additionalGids: f(arr(int('uint32')), `${C}#posix-platform-user`, 'Supplementary group ids (uint32 each).'),
			username: f(str(), `${C}#windows-user`, 'Windows only: the user name to run as.'),
		}),
		`${C}#user`,
		'The user the process runs as.',
		{ snippet: '{\n\t"uid": ${1:0},\n\t"gid": ${2:0}\n}' },
	),
});

// ---------------------------------------------------------------------------------------------
// linux

const linuxDevice = obj({
	type: f(str({ pattern: /^[cbup]$/, patternHint: fileTypeHint }), `${L}#devices`, 'Device type: `c` (character), `b` (block), `u` (unbuffered character) or `p` (FIFO).', { required: true }),
	path: f(str(), `${L}#devices`, 'Full path of the device **inside the container**, e.g. `/dev/fuse`.', { required: true }),
	major: major(`${L}#devices`),
	minor: minor(`${L}#devices`),
	fileMode: f(int('uint32', { min: '0', max: '511', boundsHint: 'permission bits only, 0 to 511 (0o777), in decimal' }), `${L}#devices`, 'Permission bits of the device node, in **decimal** (e.g. `438` for 0o666).'),
	uid: f(int('uint32'), `${L}#devices`, 'Owner of the device node in the container namespace (uint32).'),
	gid: f(int('uint32'), `${L}#devices`, 'Group of the device node in the container namespace (uint32).'),
});
// Before 1.3.0 the official schema allowed 512 by mistake (fixed to 511 in 1.3.0).
const linuxDeviceOld: ObjectNode = obj({
	...linuxDevice.props,
	fileMode: f(int('uint32', { min: '0', max: '512', boundsHint: 'permission bits, 0 to 512, in decimal' }), `${L}#devices`, 'Permission bits of the device node, in **decimal** (e.g. `438` for 0o666).'),
});

const memory = obj({
	limit: f(int('int64'), `${L}#memory`, 'Memory limit in bytes, or `-1` for unlimited (int64).'),
	reservation: f(int('int64'), `${L}#memory`, 'Soft memory limit in bytes, or `-1` (int64).'),
	swap: f(int('int64'), `${L}#memory`, 'Limit of memory **plus swap** in bytes, or `-1` for unlimited (int64). Must be ≥ `limit`.'),
	kernel: f(int('int64'), `${L}#memory`, 'Hard limit for kernel memory in bytes (int64). **Not recommended**: ignored by runc and unsupported on cgroup v2.', { deprecated: 'kernel memory limits are not supported by the kernel any more (runc ignores this field)' }),
	kernelTCP: f(int('int64'), `${L}#memory`, 'Hard limit for kernel TCP buffer memory in bytes (int64). Not recommended.'),
	swappiness: f(int('uint64'), `${L}#memory`, 'Swappiness of vmscan (`vm.swappiness`), 0 to 100 (uint64).'),
	disableOOMKiller: f(bool, `${L}#memory`, 'Disable the OOM killer for the cgroup (`true`): tasks that exceed the limit wait instead of being killed.'),
	useHierarchy: f(bool, `${L}#memory`, 'Enable hierarchical memory accounting (cgroup v1).'),
	checkBeforeUpdate: f(bool, `${L}#memory`, 'On update, refuse a new limit below the current usage.', { since: '1.1.0' }),
});

const cpu = obj({
	shares: f(int('uint64'), `${L}#cpu`, 'Relative CPU weight (cgroup v1 `cpu.shares`, uint64).'),
	quota: f(int('int64'), `${L}#cpu`, 'CPU time in microseconds the cgroup may use per `period` (int64; `-1` for no limit).'),
	burst: f(int('uint64'), `${L}#cpu`, 'Microseconds of unused quota the cgroup may accumulate and burst with (uint64).', { since: '1.1.0' }),
	period: f(int('uint64'), `${L}#cpu`, 'Length of the CFS period in microseconds (uint64).'),
	realtimeRuntime: f(int('int64'), `${L}#cpu`, 'Longest continuous real-time runtime in microseconds (int64).'),
	realtimePeriod: f(int('uint64'), `${L}#cpu`, 'Real-time scheduling period in microseconds (uint64).'),
	cpus: f(str(), `${L}#cpu`, 'CPUs the container may run on (cpuset list), e.g. `0-3,7`.'),
	mems: f(str(), `${L}#cpu`, 'Memory nodes the container may use (cpuset list), e.g. `0-1`.'),
	idle: f(int('int64'), `${L}#cpu`, 'Set the cgroup\'s `cpu.idle` (`1` makes it SCHED_IDLE; int64).', { since: '1.1.0' }),
});

const resources = obj({
	devices: f(
		arr(
			obj({
				allow: f(bool, `${L}#allowed-device-list`, 'Whether the entry allows (`true`) or denies (`false`) access.', { required: true }),
				type: f(str(), `${L}#allowed-device-list`, 'Device type: `a` (all), `c` (char) or `b` (block); unset means all.'),
				major: major(`${L}#allowed-device-list`),
				minor: minor(`${L}#allowed-device-list`),
				access: f(str(), `${L}#allowed-device-list`, 'Permissions: a combination of `r` (read), `w` (write) and `m` (mknod).'),
			}),
		),
		`${L}#allowed-device-list`,
		'The device cgroup allow/deny list, applied in order.',
	),
	memory: f(memory, `${L}#memory`, 'Memory cgroup limits; values in bytes, `-1` for unlimited.'),
	cpu: f(cpu, `${L}#cpu`, 'CPU and cpuset cgroup settings.'),
	blockIO: f(
		obj({
			weight: f(int('uint16'), `${L}#block-io`, 'Default I/O weight of the cgroup, 10 to 1000 (uint16).'),
			leafWeight: f(int('uint16'), `${L}#block-io`, 'Weight of the cgroup\'s own tasks against its children (cgroup v1, uint16).'),
			weightDevice: f(
				arr(
					obj({
						major: major(`${L}#block-io`, { required: true }),
						minor: minor(`${L}#block-io`, { required: true }),
						weight: f(int('uint16'), `${L}#block-io`, 'Weight for the device (uint16).'),
						leafWeight: f(int('uint16'), `${L}#block-io`, 'Leaf weight for the device (uint16).'),
					}),
				),
				`${L}#block-io`,
				'Per-device weights: entries of `major`, `minor`, `weight`, `leafWeight`.',
			),
			throttleReadBpsDevice: throttle('Read bytes per second'),
			throttleWriteBpsDevice: throttle('Write bytes per second'),
			throttleReadIOPSDevice: throttle('Read operations per second'),
			throttleWriteIOPSDevice: throttle('Write operations per second'),
		}),
		`${L}#block-io`,
		'Block I/O cgroup settings (weights and throttling).',
	),
	hugepageLimits: f(
		arr(
			obj({
				pageSize: f(str({ pattern: /^[1-9][0-9]*[KMG]B$/, patternHint: 'a size like 2MB or 1GB (digits followed by KB, MB or GB)' }), `${L}#huge-page-limits`, 'Huge page size, e.g. `2MB` or `1GB`.', { required: true }),
				limit: f(int('uint64'), `${L}#huge-page-limits`, 'Limit of huge page usage in bytes (uint64).', { required: true }),
			}),
		),
		`${L}#huge-page-limits`,
		'Huge page usage limits (hugetlb cgroup).',
	),
	network: f(
		obj({
			classID: f(int('uint32'), `${L}#network`, 'Network class identifier tagged on the cgroup\'s packets (uint32).'),
			priorities: f(
				arr(
					obj({
						name: f(str(), `${L}#network`, 'Interface name.', { required: true }),
						priority: f(int('uint32'), `${L}#network`, 'Priority of the interface (uint32).', { required: true }),
					}),
				),
				`${L}#network`,
				'Traffic priority per network interface.',
			),
		}),
		`${L}#network`,
		'Network cgroup settings (net_cls, net_prio).',
	),
	pids: f(obj({ limit: f(int('int64'), `${L}#pids`, 'Maximum number of tasks in the cgroup; `0` or `-1` means no limit (int64).', { required: true }) }), `${L}#pids`, 'pids cgroup: limit the number of tasks.'),
	rdma: f(
		map(
			obj({
				hcaHandles: f(int('uint32'), `${L}#rdma`, 'Maximum number of HCA handles (uint32).'),
				hcaObjects: f(int('uint32'), `${L}#rdma`, 'Maximum number of HCA objects (uint32).'),
			}),
			'RDMA device name',
		),
		`${L}#rdma`,
		'RDMA cgroup limits, keyed by device name (e.g. `mlx5_1`).',
	),
	unified: f(map(str(), 'cgroup v2 file name'), `${L}#unified`, 'Raw cgroup v2 settings: file name (e.g. `memory.high`) to value.', { since: '1.1.0' }),
});

const seccomp = obj({
	defaultAction: f(str({ enum: seccompActions }), `${L}#seccomp`, 'Action for syscalls that no rule matches.', { required: true }),
	defaultErrnoRet: f(int('uint32'), `${L}#seccomp`, 'errno returned by the default action `SCMP_ACT_ERRNO` (uint32; default `EPERM`).', { since: '1.1.0' }),
	architectures: f(arr(str({ enum: seccompArches })), `${L}#seccomp`, 'Architectures the filter applies to, e.g. `SCMP_ARCH_X86_64`.'),
	flags: f(arr(str({ enum: seccompFlags })), `${L}#seccomp`, 'Flags passed to `seccomp(2)`.'),
	listenerPath: f(str(), `${L}#seccomp`, 'Path of the UNIX socket of the seccomp agent that handles `SCMP_ACT_NOTIFY`.', { since: '1.1.0' }),
	listenerMetadata: f(str(), `${L}#seccomp`, 'Opaque data sent to the seccomp agent with the container state.', { since: '1.1.0' }),
	syscalls: f(
		arr(
			obj({
				names: f(arr(str(), 1), `${L}#seccomp`, 'Syscall names the rule matches (at least one).', { required: true }),
				action: f(str({ enum: seccompActions }), `${L}#seccomp`, 'Action when the rule matches.', { required: true }),
				errnoRet: f(int('uint32'), `${L}#seccomp`, 'errno for `SCMP_ACT_ERRNO` (uint32).', { since: '1.1.0' }),
				args: f(
					arr(
						obj({
							index: f(int('uint32'), `${L}#seccomp`, 'Index of the syscall argument, 0 to 5 (uint).', { required: true }),
							value: f(int('uint64'), `${L}#seccomp`, 'Value to compare the argument with (uint64).', { required: true }),
							valueTwo: f(int('uint64'), `${L}#seccomp`, 'Second value, for `SCMP_CMP_MASKED_EQ` (uint64).'),
							op: f(str({ enum: seccompOps }), `${L}#seccomp`, 'Comparison operator.', { required: true }),
						}),
					),
					`${L}#seccomp`,
					'Conditions on the syscall arguments; all must hold.',
				),
			}),
		),
		`${L}#seccomp`,
		'Rules: syscall `names` with an `action` and optional argument conditions.',
	),
});

const linuxProps: Record<string, Field | Field[]> = {
	namespaces: f(
		arr(
			obj({
				type: f(str({ enum: namespaceTypes }), `${L}#namespaces`, 'Namespace type.', { required: true }),
				path: f(str(), `${L}#namespaces`, 'Absolute path of an existing namespace to join (e.g. `/proc/1234/ns/net`); without it a new namespace is created.'),
			}),
		),
		`${L}#namespaces`,
		'Namespaces to create or join; a type that is not listed is inherited from the runtime.',
		{ snippet: '[\n\t{ "type": "${1:pid}" }\n]' },
	),
	uidMappings: f(arr(idMapping(`${L}#user-namespace-mappings`)), `${L}#user-namespace-mappings`, 'User namespace uid mappings from the host to the container.'),
	gidMappings: f(arr(idMapping(`${L}#user-namespace-mappings`)), `${L}#user-namespace-mappings`, 'User namespace gid mappings from the host to the container.'),
	timeOffsets: f(
		obj({
			boottime: f(timeOffset, `${L}#offset-for-time-namespace`, 'Offset of `CLOCK_BOOTTIME`.'),
			monotonic: f(timeOffset, `${L}#offset-for-time-namespace`, 'Offset of `CLOCK_MONOTONIC`.'),
		}),
		`${L}#offset-for-time-namespace`,
		'Clock offsets of the time namespace (needs a `time` namespace).',
		{ since: '1.1.0' },
	),
	devices: [
		f(arr(linuxDeviceOld), `${L}#devices`, 'Devices that must exist in the container (created with mknod or bind mounts).', { until: '1.3.0' }),
		f(arr(linuxDevice), `${L}#devices`, 'Devices that must exist in the container (created with mknod or bind mounts).', { since: '1.3.0' }),
	],
	netDevices: f(
		map(obj({ name: f(str(), `${L}#network-devices`, 'Name of the interface inside the container; default: the host name (the key).') }), 'host interface name'),
		`${L}#network-devices`,
		'Host network interfaces to move into the container\'s network namespace, keyed by host name.',
		{ since: '1.3.0' },
	),
	cgroupsPath: f(str(), `${L}#cgroups-path`, 'Path of the container\'s cgroup: absolute (relative to the cgroup mount) or runtime-defined; with systemd, `slice:prefix:name`.'),
	resources: f(resources, `${L}#control-groups`, 'cgroup resource limits of the container.'),
	intelRdt: f(
		obj({
			closID: f(str(), `${L}#intelrdt`, 'Identity of the RDT class of service (a resctrl group name).'),
			schemata: f(strings(), `${L}#intelrdt`, 'Lines written to the resctrl `schemata` file.', { since: '1.3.0' }),
			l3CacheSchema: f(str(), `${L}#intelrdt`, 'L3 cache allocation schema, e.g. `L3:0=ffff0;1=3ff`.'),
			memBwSchema: f(str({ pattern: /^MB:[^\n]*$/, patternHint: 'a line starting with MB:, e.g. MB:0=20;1=70' }), `${L}#intelrdt`, 'Memory bandwidth allocation schema, e.g. `MB:0=20;1=70`.'),
			enableCMT: f(bool, `${L}#intelrdt`, 'Enable cache monitoring (CMT).', { since: '1.1.0', until: '1.3.0' }),
			enableMBM: f(bool, `${L}#intelrdt`, 'Enable memory bandwidth monitoring (MBM).', { since: '1.1.0', until: '1.3.0' }),
			enableMonitoring: f(bool, `${L}#intelrdt`, 'Enable resctrl monitoring for the container.', { since: '1.3.0' }),
		}),
		`${L}#intelrdt`,
		'Intel Resource Director Technology (resctrl) settings.',
	),
	sysctl: f(map(str(), 'sysctl name'), `${L}#sysctl`, 'Kernel parameters to set in the container, e.g. `"net.ipv4.ip_forward": "1"`.'),
	seccomp: f(seccomp, `${L}#seccomp`, 'The seccomp filter of the container process.'),
	rootfsPropagation: f(
		en([
			['private', 'No mount propagation (`MS_PRIVATE`).'],
			['shared', 'Mount events propagate both ways (`MS_SHARED`).'],
			['slave', 'Mount events propagate from the host only (`MS_SLAVE`).'],
			['unbindable', 'Private and cannot be bind-mounted (`MS_UNBINDABLE`).'],
		]),
		`${L}#rootfs-mount-propagation`,
		'Mount propagation of the rootfs mount.',
	),
	maskedPaths: f(strings(), `${L}#masked-paths`, 'Absolute paths inside the container that are masked (made unreadable).'),
	readonlyPaths: f(strings(), `${L}#readonly-paths`, 'Absolute paths inside the container that are remounted read-only.'),
	mountLabel: f(str(), `${L}#mount-label`, 'SELinux context for the container\'s mounts.'),
	personality: f(
		obj({
			domain: f(en([['LINUX', 'The standard Linux execution domain.'], ['LINUX32', '32-bit execution domain (`uname -m` reports i686).']]), `${L}#personality`, 'Execution domain.'),
			flags: f(strings(), `${L}#personality`, 'Additional personality flags.'),
		}),
		`${L}#personality`,
		'Execution domain of the process (`personality(2)`).',
	),
	memoryPolicy: f(
		obj({
			mode: f(en(['MPOL_DEFAULT', 'MPOL_BIND', 'MPOL_INTERLEAVE', 'MPOL_WEIGHTED_INTERLEAVE', 'MPOL_PREFERRED', 'MPOL_PREFERRED_MANY', 'MPOL_LOCAL']), `${L}#memory-policy`, 'NUMA memory policy mode (`set_mempolicy(2)`).'),
			nodes: f(str(), `${L}#memory-policy`, 'NUMA nodes of the policy, e.g. `0-3,7`.'),
			flags: f(arr(en(['MPOL_F_NUMA_BALANCING', 'MPOL_F_RELATIVE_NODES', 'MPOL_F_STATIC_NODES'])), `${L}#memory-policy`, 'Mode flags.'),
		}),
		`${L}#memory-policy`,
		'NUMA memory policy of the container process (`set_mempolicy(2)`).',
		{ since: '1.3.0' },
	),
};

// ---------------------------------------------------------------------------------------------
// Other platforms

const windows = obj({
	layerFolders: f(arr(str(), 1), `${W}#layerfolders`, 'Layer folders of the container image, parent layers first (at least one).', { required: true }),
	devices: f(
		arr(
			obj({
				id: f(str(), `${W}#devices`, 'Device identifier (an interface class GUID).', { required: true }),
				idType: f(en(['class']), `${W}#devices`, 'Type of `id`; only `class` is defined.', { required: true }),
			}),
		),
		`${W}#devices`,
		'Devices to assign to the container.',
	),
	resources: f(
		obj({
			memory: f(obj({ limit: f(int('uint64'), `${W}#memory`, 'Memory limit in bytes (uint64).') }), `${W}#memory`, 'Memory limits.'),
			cpu: f(
				obj({
					count: f(int('uint64'), `${W}#cpu`, 'Number of CPUs available to the container (uint64).'),
					shares: f(int('uint16'), `${W}#cpu`, 'Relative CPU weight, 0 to 10000 (uint16).'),
					maximum: f(int('uint16'), `${W}#cpu`, 'Percentage of processor cycles, times 100 (uint16).'),
					affinity: f(
						obj({
							mask: f(int('uint64'), `${W}#cpu`, 'CPU mask within the group (uint64).'),
							group: f(int('uint32'), `${W}#cpu`, 'Processor group (uint32).'),
						}),
						`${W}#cpu`,
						'CPU affinity.',
						{ since: '1.2' },
					),
				}),
				`${W}#cpu`,
				'CPU limits.',
			),
			storage: f(
				obj({
					iops: f(int('uint64'), `${W}#storage`, 'Maximum IO operations per second of the system drive (uint64).'),
					bps: f(int('uint64'), `${W}#storage`, 'Maximum bytes per second of the system drive (uint64).'),
					sandboxSize: f(int('uint64'), `${W}#storage`, 'Minimum size of the system drive in bytes (uint64).'),
				}),
				`${W}#storage`,
				'Storage limits.',
			),
		}),
		`${W}#resources`,
		'Resource limits of the Windows container.',
	),
	network: f(
		obj({
			endpointList: f(strings(), `${W}#network`, 'HNS endpoint ids to attach.'),
			allowUnqualifiedDNSQuery: f(bool, `${W}#network`, 'Allow unqualified DNS name resolution.'),
			DNSSearchList: f(strings(), `${W}#network`, 'DNS suffixes for name resolution.'),
			networkSharedContainerName: f(str(), `${W}#network`, 'Name of a container whose network stack to share.'),
			networkNamespace: f(str(), `${W}#network`, 'Network namespace to join.'),
		}),
		`${W}#network`,
		'Network settings of the Windows container.',
	),
	credentialSpec: f({ kind: 'any', type: 'object' }, `${W}#credential-spec`, 'Group Managed Service Account credential spec (opaque JSON object).'),
	servicing: f(bool, `${W}#servicing`, 'The container is used to service the host OS (Windows Update).'),
	ignoreFlushesDuringBoot: f(bool, `${W}#ignoreflushesduringboot`, 'Ignore disk flushes while the container boots (faster start).'),
	hyperv: f(obj({ utilityVMPath: f(str(), `${W}#hyperv`, 'Path of the utility VM image; default: matched to the container base image.') }), `${W}#hyperv`, 'Run the container under Hyper-V isolation.'),
});

const solaris = obj({
	milestone: f(str(), `${S}#milestone`, 'SMF FMRI that must come online before the process starts.'),
	limitpriv: f(str(), `${S}#limitpriv`, 'Maximum privileges of the zone, e.g. `default`.'),
	maxShmMemory: f(str(), `${S}#maxshmmemory`, 'Maximum shared memory of the zone, e.g. `512m`.'),
	cappedCPU: f(obj({ ncpus: f(str(), `${S}#cappedcpu`, 'CPU cap, e.g. `8`.') }), `${S}#cappedcpu`, 'CPU cap of the zone.'),
	cappedMemory: f(
		obj({
			physical: f(str(), `${S}#cappedmemory`, 'Physical memory cap, e.g. `512m`.'),
			swap: f(str(), `${S}#cappedmemory`, 'Swap cap, e.g. `512m`.'),
		}),
		`${S}#cappedmemory`,
		'Memory caps of the zone.',
	),
	anet: f(
		arr(
			obj({
				linkname: f(str(), `${S}#network`, 'Name of the data link.'),
				lowerLink: f(str(), `${S}#network`, 'Underlying link, e.g. `net0`.'),
				allowedAddress: f(str(), `${S}#network`, 'IP addresses the zone may use.'),
				configureAllowedAddress: f(str(), `${S}#network`, 'Configure `allowedAddress` in the zone (`true`/`false`).'),
				defrouter: f(str(), `${S}#network`, 'Default router.'),
				macAddress: f(str(), `${S}#network`, 'MAC address.'),
				linkProtection: f(str(), `${S}#network`, 'Link protection types.'),
			}),
		),
		`${S}#network`,
		'Automatic network interfaces of the zone.',
	),
});

const vm = obj({
	hypervisor: f(
		obj({
			path: f(str(), `${V}#hypervisor-object`, 'Absolute path of the hypervisor binary on the host.', { required: true }),
			parameters: f(strings(), `${V}#hypervisor-object`, 'Parameters of the hypervisor.'),
		}),
		`${V}#hypervisor-object`,
		'The hypervisor that runs the VM.',
	),
	kernel: f(
		obj({
			path: f(str(), `${V}#kernel-object`, 'Absolute path of the guest kernel on the host.', { required: true }),
			parameters: f(strings(), `${V}#kernel-object`, 'Kernel command-line parameters.'),
			initrd: f(str(), `${V}#kernel-object`, 'Absolute path of the initial ramdisk on the host.'),
		}),
		`${V}#kernel-object`,
		'The guest kernel.',
		{ required: true },
	),
	image: f(
		obj({
			path: f(str(), `${V}#image-object`, 'Absolute path of the VM root image on the host.', { required: true }),
			format: f(en(['raw', 'qcow2', 'vdi', 'vmdk', 'vhd']), `${V}#image-object`, 'Format of the root image.', { required: true }),
		}),
		`${V}#image-object`,
		'The VM root image.',
	),
	hwConfig: f(
		obj({
			deviceTree: f(str(), `${V}#hwconfig-object`, 'Path of the device tree blob.'),
			vcpus: f(int('uint32'), `${V}#hwconfig-object`, 'Number of virtual CPUs (uint32).'),
			memory: f(int('uint64'), `${V}#hwconfig-object`, 'Memory in bytes (uint64).'),
			dtdevs: f(strings(), `${V}#hwconfig-object`, 'Host device tree nodes to pass through.'),
			iomems: f(arr({ kind: 'any' }), `${V}#hwconfig-object`, 'IO memory regions to map.'),
			irqs: f(arr(int('uint32')), `${V}#hwconfig-object`, 'Interrupts to assign (uint32 each).'),
		}),
		`${V}#hwconfig-object`,
		'Virtual hardware of the VM.',
		{ since: '1.3.0' },
	),
});

const zos = obj({
	devices: f(
		arr(
			obj({
				type: f(str({ pattern: /^[cbup]$/, patternHint: fileTypeHint }), `${Z}#devices`, 'Device type.', { required: true }),
				path: f(str(), `${Z}#devices`, 'Full path of the device in the container.', { required: true }),
				major: major(`${Z}#devices`, { required: true }),
				minor: minor(`${Z}#devices`, { required: true }),
				fileMode: f(int('uint32', { min: '0', max: '512', boundsHint: 'permission bits, 0 to 512, in decimal' }), `${Z}#devices`, 'Permission bits in decimal.'),
				uid: f(int('uint32'), `${Z}#devices`, 'Owner id (uint32).'),
				gid: f(int('uint32'), `${Z}#devices`, 'Group id (uint32).'),
			}),
		),
		`${Z}#devices`,
		'Devices of the z/OS container.',
		{ since: '1.1.0', until: '1.3.0' },
	),
	namespaces: f(
		arr(
			obj({
				type: f(str({ enum: zosNamespaceTypes }), `${Z}#namespaces`, 'Namespace type.', { required: true }),
				path: f(str(), `${Z}#namespaces`, 'Namespace file to join.'),
			}),
		),
		`${Z}#namespaces`,
		'Namespaces of the z/OS container.',
		{ since: '1.3.0' },
	),
});

const freebsd = obj({
	devices: f(
		arr(
			obj({
				path: f(str(), `${B}#devices`, 'Device path (devfs rule pattern).'),
				mode: f(int('uint32', { min: '0', max: '511', boundsHint: 'permission bits, 0 to 511 (0o777), in decimal' }), `${B}#devices`, 'Permission bits in decimal.'),
			}),
		),
		`${B}#devices`,
		'Devices to expose in the jail\'s devfs.',
	),
	jail: f(
		obj({
			parent: f(str(), `${B}#jail`, 'Name of the parent jail to create the jail in.'),
			host: f(jailMode(['new', 'inherit']), `${B}#jail`, 'Hostname: `new` or `inherit` from the parent.'),
			ip4: f(jailMode(['disable', 'new', 'inherit']), `${B}#jail`, 'IPv4 network: `disable`, `new` or `inherit`.'),
			ip4Addr: f(strings(), `${B}#jail`, 'IPv4 addresses of the jail.'),
			ip6: f(jailMode(['disable', 'new', 'inherit']), `${B}#jail`, 'IPv6 network: `disable`, `new` or `inherit`.'),
			ip6Addr: f(strings(), `${B}#jail`, 'IPv6 addresses of the jail.'),
			vnet: f(jailMode(['new', 'inherit']), `${B}#jail`, 'Virtual network stack: `new` or `inherit`.'),
			interface: f(str(), `${B}#jail`, 'Interface the jail\'s addresses are added to.'),
			vnetInterfaces: f(strings(), `${B}#jail`, 'Interfaces moved into the jail\'s vnet.'),
			sysvmsg: f(jailMode(['disable', 'new', 'inherit']), `${B}#jail`, 'System V message queues.'),
			sysvsem: f(jailMode(['disable', 'new', 'inherit']), `${B}#jail`, 'System V semaphores.'),
			sysvshm: f(jailMode(['disable', 'new', 'inherit']), `${B}#jail`, 'System V shared memory.'),
			enforceStatfs: f(int('uint8'), `${B}#jail`, 'Which mount points `statfs` shows, 0 to 2 (uint8).'),
			allow: f(
				obj({
					setHostname: f(bool, `${B}#jail`, 'Allow changing the hostname.'),
					rawSockets: f(bool, `${B}#jail`, 'Allow raw sockets.'),
					chflags: f(bool, `${B}#jail`, 'Allow changing system file flags.'),
					mount: f(strings(), `${B}#jail`, 'File system types the jail may mount.'),
					quotas: f(bool, `${B}#jail`, 'Allow quota administration.'),
					socketAf: f(bool, `${B}#jail`, 'Allow sockets of any address family.'),
					mlock: f(bool, `${B}#jail`, 'Allow locking memory.'),
					reservedPorts: f(bool, `${B}#jail`, 'Allow binding reserved ports.'),
					suser: f(bool, `${B}#jail`, 'Let root in the jail act as superuser.'),
				}),
				`${B}#jail`,
				'Permissions of the jail.',
			),
		}),
		`${B}#jail`,
		'Jail parameters of the container.',
	),
});

// ---------------------------------------------------------------------------------------------
// The document

const mount = obj({
	destination: f(str(), `${C}#mounts`, 'Where the mount appears **inside the container**: an absolute path.', { required: true }),
	source: f(str(), `${C}#mounts`, 'Device name, file or directory to mount; for bind mounts a host path (relative to the bundle if relative).'),
	options: f(strings(), `${C}#mounts`, 'Mount options, e.g. `rbind`, `ro`, `nosuid` (see `mount(8)`).'),
	type: f(str(), `${C}#mounts`, 'File system type, e.g. `proc`, `tmpfs`, `bind`.'),
	uidMappings: f(arr(idMapping(`${C}#mounts`)), `${C}#mounts`, 'uid mappings of an idmapped mount.', { since: '1.1.0' }),
	gidMappings: f(arr(idMapping(`${C}#mounts`)), `${C}#mounts`, 'gid mappings of an idmapped mount.', { since: '1.1.0' }),
});

/** The root of a runtime-spec `config.json`. */
export const configSchema: ObjectNode = obj({
	ociVersion: f(str(), `${C}#specification-version`, 'Version of the runtime-spec the config complies with, [SemVer 2.0](https://semver.org/) (e.g. `1.2.0`). Selects the schema this linter applies.', { required: true, snippet: '"${1:1.2.0}"' }),
	root: f(
		obj({
			path: f(str(), `${C}#root`, 'Path of the container\'s root file system: absolute, or relative to the bundle (by convention `rootfs`).', { required: true, snippet: '"${1:rootfs}"' }),
			readonly: f(bool, `${C}#root`, 'Make the root file system read-only (default `false`).'),
		}),
		`${C}#root`,
		'The container\'s root file system.',
		{ snippet: '{\n\t"path": "${1:rootfs}",\n\t"readonly": ${2:true}\n}' },
	),
	mounts: f(arr(mount), `${C}#mounts`, 'Additional mounts, performed in order after the root file system.'),
	process: f(process, `${C}#process`, 'The container process. Required by `runc start`/`runc run`.'),
	hostname: f(str(), `${C}#hostname`, 'Hostname of the container (needs a `uts` namespace).'),
	domainname: f(str(), `${C}#domainname`, 'Domain name of the container (needs a `uts` namespace).', { since: '1.1.0' }),
	hooks: f(
		obj({
			prestart: hooks('**Deprecated** (use `createRuntime`, `createContainer`, `startContainer`): run after the container is created, before the user process starts.', { deprecated: 'prestart hooks are deprecated in favour of createRuntime, createContainer and startContainer' }),
			createRuntime: hooks('Run in the runtime namespace during `create`, after the environment is set up and before `pivot_root`.'),
			createContainer: hooks('Run in the container namespace during `create`, after the environment is set up and before `pivot_root`.'),
			startContainer: hooks('Run in the container namespace during `start`, before the user process.'),
			poststart: hooks('Run in the runtime namespace after the user process has started.'),
			poststop: hooks('Run in the runtime namespace after the container is deleted.'),
		}),
		`${C}#posix-platform-hooks`,
		'Hooks run at points of the container lifecycle (POSIX platforms).',
	),
	annotations: f(map(str(), 'annotation key'), `${C}#annotations`, 'Arbitrary metadata: string keys (reverse domain notation, e.g. `com.example.key`) to string values.'),
	linux: f(obj(linuxProps), `${C}#platform-specific-configuration`, 'Linux-specific configuration ([config-linux.md](https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md)).'),
	windows: f(windows, `${C}#platform-specific-configuration`, 'Windows-specific configuration.'),
	solaris: f(solaris, `${C}#platform-specific-configuration`, 'Solaris-specific configuration.'),
	vm: f(vm, `${C}#platform-specific-configuration`, 'Configuration of VM-based runtimes.'),
	zos: f(zos, `${C}#platform-specific-configuration`, 'z/OS-specific configuration.', { since: '1.1.0' }),
	freebsd: f(freebsd, `${C}#platform-specific-configuration`, 'FreeBSD-specific configuration.', { since: '1.3.0' }),
});
