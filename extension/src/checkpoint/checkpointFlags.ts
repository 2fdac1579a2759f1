/** The `runc checkpoint` flags the checkpoint command offers, from the planning core's flag table. */
import type { CheckpointParams } from '../../../server/src/common/helperProtocol';
import { RUNC_FLAGS } from '../../../server/src/restore/runcFlags';

export type CheckpointFlagKey = Exclude<keyof CheckpointParams, 'id' | 'imagePath' | 'workPath' | 'runc' | 'criu' | 'runcRoot'>;

export interface CheckpointFlag {
	key: CheckpointFlagKey;
	flag: string;
	description: string;
	value?: 'manageCgroupsMode' | 'emptyNs' | 'text';
}

const ownSteps = new Set(['imagePath', 'workPath']);

export const checkpointFlags: readonly CheckpointFlag[] = RUNC_FLAGS.filter((f) => f.commands.includes('checkpoint') && !ownSteps.has(f.field)).map((f) => ({
	key: f.field as CheckpointFlagKey,
	flag: f.flag,
	description: f.description,
	value: f.field === 'manageCgroupsMode' ? 'manageCgroupsMode' : f.field === 'emptyNs' ? 'emptyNs' : f.kind === 'boolean' ? undefined : 'text',
}));
