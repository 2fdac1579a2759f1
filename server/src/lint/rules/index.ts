import type { Rule } from '../model';
import { annotationsRule } from './annotationsRule';
import { bundleExecRule } from './bundleExecRule';
import { bundleHostPathsRule } from './bundleHostPathsRule';
import { bundleRootRule } from './bundleRootRule';
import { capabilitiesRule } from './capabilitiesRule';
import { devicesRule } from './devicesRule';
import { hooksRule } from './hooksRule';
import { idMappingsRule } from './idMappingsRule';
import { linuxRule } from './linuxRule';
import { mountsRule } from './mountsRule';
import { namespacesRule } from './namespacesRule';
import { ociVersionRule } from './ociVersionRule';
import { processRule } from './processRule';
import { resourcesRule } from './resourcesRule';
import { rlimitsRule } from './rlimitsRule';
import { rootRule } from './rootRule';
import { schedulingRule } from './schedulingRule';
import { seccompRule } from './seccompRule';
import { sysctlRule } from './sysctlRule';

/** Every semantic and bundle-aware rule, in reporting order. */
export const rules: readonly Rule[] = [
	ociVersionRule,
	rootRule,
	processRule,
	schedulingRule,
	capabilitiesRule,
	rlimitsRule,
	mountsRule,
	namespacesRule,
	idMappingsRule,
	sysctlRule,
	devicesRule,
	resourcesRule,
	hooksRule,
	seccompRule,
	annotationsRule,
	linuxRule,
	bundleRootRule,
	bundleExecRule,
	bundleHostPathsRule,
];
