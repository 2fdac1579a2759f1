/** Every `runc checkpoint` flag the checkpoint command offers (image path and work path are steps of their own). */
import type { CheckpointParams } from '../../../server/src/common/helperProtocol';

export type CheckpointFlagKey = Exclude<keyof CheckpointParams, 'id' | 'imagePath' | 'workPath' | 'runc' | 'criu' | 'runcRoot'>;

export interface CheckpointFlag {
	key: CheckpointFlagKey;
	flag: string;
	description: string;
	value?: 'manageCgroupsMode' | 'emptyNs' | 'text';
}

export const checkpointFlags: readonly CheckpointFlag[] = [
	{ key: 'leaveRunning', flag: '--leave-running', description: 'leave the process running after checkpointing' },
	{ key: 'tcpEstablished', flag: '--tcp-established', description: 'allow open TCP connections' },
	{ key: 'extUnixSk', flag: '--ext-unix-sk', description: 'allow external unix sockets' },
	{ key: 'shellJob', flag: '--shell-job', description: 'allow shell jobs' },
	{ key: 'fileLocks', flag: '--file-locks', description: 'handle file locks, for safety' },
	{ key: 'preDump', flag: '--pre-dump', description: 'dump the container\'s memory only, leave it running (for iterative migration)' },
	{ key: 'parentPath', flag: '--parent-path', description: 'path to a previous (pre-)dump, relative to the image path', value: 'text' },
	{ key: 'manageCgroupsMode', flag: '--manage-cgroups-mode', description: 'cgroups mode: soft, full, strict or ignore', value: 'manageCgroupsMode' },
	{ key: 'emptyNs', flag: '--empty-ns', description: 'create a namespace, but do not restore its properties', value: 'emptyNs' },
	{ key: 'autoDedup', flag: '--auto-dedup', description: 'enable auto deduplication of memory images' },
];
