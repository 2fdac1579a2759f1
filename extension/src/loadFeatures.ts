/**
 * Loads dist/features.js (a separate bundle) on first use, so that the restore, containers, task
 * and CRIU log code is neither parsed nor evaluated while the extension activates.
 */
import type * as features from './features';
import type { Ctx } from './ctx';
import { loadBundle } from './loadBundle';

/** The features module (loaded once, from the extension's own dist/). */
export function loadFeatures(ctx: Ctx): typeof features {
	return loadBundle<typeof features>(ctx, 'features');
}
