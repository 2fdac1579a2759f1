/**
 * The `runc restore` flags the wizard offers, from the planning core's flag table (one source for
 * the argument arrays, the docs and this list). The bundle, image path and detach have steps of
 * their own; the console socket is the helper's business.
 */
import type { RestoreParams } from '../../../server/src/common/helperProtocol';
import { RUNC_FLAGS } from '../../../server/src/restore/runcFlags';

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

const ownSteps = new Set(['bundle', 'imagePath', 'detach']);

function valueKind(field: string, kind: string): RestoreFlag['value'] {
	if (field === 'manageCgroupsMode') return 'manageCgroupsMode';
	if (field === 'emptyNs') return 'emptyNs';
	return kind === 'boolean' ? undefined : 'text';
}

const placeholders: Partial<Record<RestoreFlagKey, string>> = {
	workPath: 'absolute, or relative to the bundle',
	pidFile: 'absolute, or relative to the bundle',
	lsmProfile: 'apparmor:PROFILE or selinux:LABEL',
	lsmMountContext: 'e.g. system_u:object_r:container_file_t:s0:c82,c137',
};

export const restoreFlags: readonly RestoreFlag[] = RUNC_FLAGS.filter((f) => f.commands.includes('restore') && !ownSteps.has(f.field)).map((f) => ({
	key: f.field as RestoreFlagKey,
	flag: f.flag,
	description: f.description,
	value: valueKind(f.field, f.kind),
	placeholder: placeholders[f.field as RestoreFlagKey],
}));
