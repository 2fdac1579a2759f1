const opts = (...o: string[]): string[] => ['nosuid', 'noexec', 'nodev', ...o];
const caps = ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'];

/**
 * A config shaped like `runc spec`'s (process, capabilities, rlimits, the usual mounts, namespaces,
 * masked and read-only paths) for the helper's warm-up lint: linting it once runs the same rules and
 * schema paths a real bundle's preflight lint takes, so that lint finds them compiled. Its root is the
 * host's `/` (bundle `/`), so the bundle-aware checks (args[0] in the rootfs, mount targets) run too,
 * reading only what exists on every system.
 */
export function warmUpConfig(): { text: string; bundleDir: string } {
	const config = {
		ociVersion: '1.0.2',
		process: {
			terminal: false,
			user: { uid: 0, gid: 0 },
			args: ['sh', '-c', 'true'],
			env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'],
			cwd: '/',
			capabilities: { bounding: caps, effective: caps, permitted: caps, ambient: caps },
			rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
			noNewPrivileges: true,
		},
		root: { path: '/', readonly: true },
		hostname: 'warm-up',
		mounts: [
			{ destination: '/proc', type: 'proc', source: 'proc' },
			{ destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
			{ destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
			{ destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: opts('mode=1777', 'size=65536k') },
			{ destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: opts() },
			{ destination: '/sys', type: 'sysfs', source: 'sysfs', options: opts('ro') },
			{ destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: opts('relatime', 'ro') },
		],
		linux: {
			resources: { devices: [{ allow: false, access: 'rwm' }] },
			namespaces: ['pid', 'network', 'ipc', 'uts', 'mount'].map((type) => ({ type })),
			maskedPaths: ['/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/timer_list', '/sys/firmware'],
			readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
		},
	};
	return { text: JSON.stringify(config, null, '\t'), bundleDir: '/' };
}
