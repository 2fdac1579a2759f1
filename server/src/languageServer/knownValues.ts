import {
	capabilities,
	deviceTypes,
	ioPriorityClasses,
	mountOptions,
	mountTypes,
	namespaceTypes,
	rlimitTypes,
	rootfsPropagations,
	schedulerPolicies,
	seccompActions,
	seccompArchitectures,
	seccompFlags,
	seccompOperators,
	signals,
	type Described,
} from '../lint/knowledge';
import type { JsonPath } from '../lint';

/** `*` matches any array index; other segments match literally. */
type Pattern = readonly (string | '*')[];

/** Which domain list completes (and documents) the string value at a path. */
const catalog: readonly [Pattern, readonly Described[], boolean][] = [
	// [pattern, values, one value per array (no duplicates offered)]
	[['process', 'capabilities', 'bounding', '*'], capabilities, true],
	[['process', 'capabilities', 'effective', '*'], capabilities, true],
	[['process', 'capabilities', 'inheritable', '*'], capabilities, true],
	[['process', 'capabilities', 'permitted', '*'], capabilities, true],
	[['process', 'capabilities', 'ambient', '*'], capabilities, true],
	[['process', 'rlimits', '*', 'type'], rlimitTypes, false],
	[['process', 'scheduler', 'policy'], schedulerPolicies, false],
	[['process', 'ioPriority', 'class'], ioPriorityClasses, false],
	[['linux', 'namespaces', '*', 'type'], namespaceTypes, false],
	[['linux', 'devices', '*', 'type'], deviceTypes, false],
	[['linux', 'rootfsPropagation'], rootfsPropagations, false],
	[['linux', 'seccomp', 'defaultAction'], seccompActions, false],
	[['linux', 'seccomp', 'syscalls', '*', 'action'], seccompActions, false],
	[['linux', 'seccomp', 'architectures', '*'], seccompArchitectures, true],
	[['linux', 'seccomp', 'flags', '*'], seccompFlags, true],
	[['linux', 'seccomp', 'syscalls', '*', 'args', '*', 'op'], seccompOperators, false],
	[['mounts', '*', 'type'], mountTypes, false],
	[['mounts', '*', 'options', '*'], mountOptions, true],
	[['annotations', 'org.opencontainers.image.stopSignal'], signals, false],
];

export interface KnownValues {
	values: readonly Described[];
	/** The values form a set: an array element need not offer what its siblings already hold. */
	unique: boolean;
}

/** The domain values (capability names, namespace types, seccomp actions…) allowed at `path`. */
export function knownValuesAt(path: JsonPath): KnownValues | undefined {
	for (const [pattern, values, unique] of catalog) {
		if (matches(pattern, path)) return { values, unique };
	}
	return undefined;
}

function matches(pattern: Pattern, path: JsonPath): boolean {
	if (pattern.length !== path.length) return false;
	for (let i = 0; i < pattern.length; i++) {
		const p = pattern[i];
		if (p === '*' ? typeof path[i] !== 'number' : p !== path[i]) return false;
	}
	return true;
}
