/**
 * Every `runc restore` flag the wizard offers, with runc's own one-line description. The bundle,
 * image path, detach and console socket have their own steps (or belong to the helper).
 */
import type { RestoreParams } from '../../../server/src/common/helperProtocol';

export type RestoreFlagKey = Exclude<
	keyof RestoreParams,
	'id' | 'bundle' | 'imagePath' | 'detach' | 'cols' | 'rows' | 'runc' | 'criu' | 'runcRoot'
>;

export interface RestoreFlag {
	key: RestoreFlagKey;
	/** runc's flag, as users know it. */
	flag: string;
	description: string;
	/** A value is asked for after the multi-select. */
	value?: 'manageCgroupsMode' | 'emptyNs' | 'text';
	placeholder?: string;
}

export const restoreFlags: readonly RestoreFlag[] = [
	{ key: 'tcpEstablished', flag: '--tcp-established', description: 'allow open TCP connections' },
	{ key: 'extUnixSk', flag: '--ext-unix-sk', description: 'allow external unix sockets' },
	{ key: 'shellJob', flag: '--shell-job', description: 'allow shell jobs (the container was started from a terminal)' },
	{ key: 'fileLocks', flag: '--file-locks', description: 'handle file locks, for safety' },
	{ key: 'manageCgroupsMode', flag: '--manage-cgroups-mode', description: 'cgroups mode: soft, full, strict or ignore', value: 'manageCgroupsMode' },
	{ key: 'emptyNs', flag: '--empty-ns', description: 'create a namespace, but do not restore its properties', value: 'emptyNs' },
	{ key: 'autoDedup', flag: '--auto-dedup', description: 'enable auto deduplication of memory images' },
	{ key: 'lazyPages', flag: '--lazy-pages', description: 'use userfaultfd to lazily restore memory pages' },
	{ key: 'noSubreaper', flag: '--no-subreaper', description: 'disable the use of the subreaper used to reap reparented processes' },
	{ key: 'noPivot', flag: '--no-pivot', description: 'do not use pivot root to jail the process inside rootfs' },
	{ key: 'workPath', flag: '--work-path', description: 'path for saving work files and logs (default: a fresh directory per restore)', value: 'text', placeholder: 'absolute, or relative to the bundle' },
	{ key: 'pidFile', flag: '--pid-file', description: 'file to write the process id to', value: 'text', placeholder: 'absolute, or relative to the bundle' },
	{ key: 'lsmProfile', flag: '--lsm-profile', description: 'LSM profile for the restored process, TYPE:NAME', value: 'text', placeholder: 'apparmor:PROFILE or selinux:LABEL' },
	{ key: 'lsmMountContext', flag: '--lsm-mount-context', description: 'LSM mount context used during restore', value: 'text', placeholder: 'e.g. system_u:object_r:container_file_t:s0:c82,c137' },
];
