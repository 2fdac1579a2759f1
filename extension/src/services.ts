import type { BundleIndex } from './bundleIndex';
import type { ContainersView } from './containers/containersView';
import type { Ctx } from './ctx';
import type { RestoreJobs } from './restore/restoreJobs';
import type { RestoreWizard } from './restore/restoreWizard';

/** What commands, views and providers share; built once in extension.ts. */
export interface Services {
	ctx: Ctx;
	bundles: BundleIndex;
	jobs: RestoreJobs;
	wizard: RestoreWizard;
	containers: ContainersView;
	/** Asks the containers view to list again (after an action changed something). */
	refreshContainers(): void;
}
