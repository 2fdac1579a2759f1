/**
 * Every `runc restore` / `runc checkpoint` flag we map, with the first runc release that has it.
 * One table drives the argument arrays, the version checks and docs/restore.md. Versions come
 * from runc's git history (first tag containing the commit that added the flag).
 */
export type RuncCommand = 'restore' | 'checkpoint';

export interface RuncFlag {
	/** Field of RestoreParams / CheckpointParams. */
	field: string;
	/** runc's flag, e.g. `--image-path`. */
	flag: string;
	kind: 'boolean' | 'path' | 'string' | 'list';
	commands: readonly RuncCommand[];
	/** First runc release with the flag; undefined: every runc ≥ 1.0.0-rc3 has it. */
	minRunc?: string;
	/** Oldest CRIU the flag works with, when it needs more than runc's own minimum (3.0). */
	minCriu?: string;
	description: string;
}

export const RUNC_FLAGS: readonly RuncFlag[] = [
	{ field: 'imagePath', flag: '--image-path', kind: 'path', commands: ['restore', 'checkpoint'], description: 'CRIU image directory (restore default: <bundle>/checkpoint)' },
	{ field: 'workPath', flag: '--work-path', kind: 'path', commands: ['restore', 'checkpoint'], description: 'directory for CRIU logs and stats (restore.log / dump.log); without it they go into the image directory' },
	{ field: 'parentPath', flag: '--parent-path', kind: 'path', commands: ['checkpoint'], description: 'previous (pre-dump) image directory, relative to the image path; runc ≥ 1.0.0-rc94 refuses absolute paths' },
	{ field: 'leaveRunning', flag: '--leave-running', kind: 'boolean', commands: ['checkpoint'], description: 'keep the container running after the checkpoint' },
	{ field: 'preDump', flag: '--pre-dump', kind: 'boolean', commands: ['checkpoint'], description: 'dump memory only and leave the container running (iterative migration)' },
	{ field: 'tcpEstablished', flag: '--tcp-established', kind: 'boolean', commands: ['restore', 'checkpoint'], description: 'checkpoint/restore established TCP connections' },
	{ field: 'extUnixSk', flag: '--ext-unix-sk', kind: 'boolean', commands: ['restore', 'checkpoint'], description: 'allow external unix sockets' },
	{ field: 'shellJob', flag: '--shell-job', kind: 'boolean', commands: ['restore', 'checkpoint'], description: 'the process is a shell job (its session/terminal come from outside)' },
	{ field: 'fileLocks', flag: '--file-locks', kind: 'boolean', commands: ['restore', 'checkpoint'], description: 'checkpoint/restore file locks' },
	{ field: 'manageCgroupsMode', flag: '--manage-cgroups-mode', kind: 'string', commands: ['restore', 'checkpoint'], description: 'how CRIU handles cgroups: soft (default), full, strict; ignore needs runc ≥ 1.2.0; runc < 1.2.0 ignores the flag on restore' },
	{ field: 'emptyNs', flag: '--empty-ns', kind: 'list', commands: ['restore', 'checkpoint'], description: 'namespaces CRIU creates empty instead of restoring them (runc accepts only network)' },
	{ field: 'bundle', flag: '--bundle', kind: 'path', commands: ['restore'], description: 'bundle directory (default: the current directory)' },
	{ field: 'detach', flag: '--detach', kind: 'boolean', commands: ['restore'], description: 'detach from the restored container' },
	{ field: 'pidFile', flag: '--pid-file', kind: 'path', commands: ['restore'], description: 'file to write the restored process\' pid to' },
	{ field: 'noSubreaper', flag: '--no-subreaper', kind: 'boolean', commands: ['restore'], description: 'do not make runc a subreaper of the restored process' },
	{ field: 'noPivot', flag: '--no-pivot', kind: 'boolean', commands: ['restore'], description: 'do not use pivot_root (for ramdisk roots)' },
	{ field: 'autoDedup', flag: '--auto-dedup', kind: 'boolean', commands: ['restore', 'checkpoint'], minRunc: '1.0.0-rc5', description: 'deduplicate memory images (punch holes in parent images)' },
	{ field: 'lazyPages', flag: '--lazy-pages', kind: 'boolean', commands: ['restore'], minRunc: '1.0.0-rc5', description: 'restore memory lazily with userfaultfd (needs a lazy-pages daemon)' },
	{ field: 'lsmProfile', flag: '--lsm-profile', kind: 'string', commands: ['restore'], minRunc: '1.0.0', minCriu: '3.16', description: 'LSM profile for the restored process, TYPE:NAME (apparmor:NAME or selinux:LABEL)' },
	{ field: 'lsmMountContext', flag: '--lsm-mount-context', kind: 'string', commands: ['restore'], minRunc: '1.1.0-rc.1', minCriu: '3.16', description: 'SELinux mount context for the restored container\'s mounts' },
];

/** `--console-socket` on restore (terminal containers restored detached). */
export const CONSOLE_SOCKET_MIN_RUNC = '1.0.0-rc4';
/** `--manage-cgroups-mode ignore`. */
export const CGROUPS_IGNORE_MIN_RUNC = '1.2.0-rc.1';
/** Before this, `runc restore` silently ignored `--manage-cgroups-mode` (runc commit ff3b4f3). */
export const RESTORE_HONOURS_CGROUPS_MODE_MIN_RUNC = '1.2.0-rc.1';
/** From this runc on, the global `--criu` is ignored (1.2) and then removed (1.4): CRIU comes from PATH. */
export const CRIU_FROM_PATH_MIN_RUNC = '1.2.0-rc.1';

/** Closed sets of values. */
export const MANAGE_CGROUPS_MODES = ['soft', 'full', 'strict', 'ignore'] as const;
/** runc maps only `network` to a namespace CRIU may leave empty (checkpoint.go namespaceMapping). */
export const EMPTY_NS_VALUES = ['network'] as const;
