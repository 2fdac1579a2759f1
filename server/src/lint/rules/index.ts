import type { Rule } from '../model';

/** Every semantic and bundle-aware rule, in reporting order. */
export const rules: readonly Rule[] = [];
