/**
 * Starts the privileged helper for one job (a restore, a checkpoint, the containers view's list
 * requests) with the user's settings: the bundled dist/cli.js or the installed `ociRestore.helper.path`.
 */
import { HelperClient } from '../../server/src/helper/client';
import type { ToolPaths } from '../../server/src/common/helperProtocol';
import type { ExtensionSettings } from '../../server/src/common/settings';
import type { Ctx } from './ctx';

export async function startHelper(ctx: Ctx, settings: HelperStartSettings): Promise<HelperClient> {
	const cliPath = settings.helperPath || ctx.asAbsolutePath('dist/cli.js');
	ctx.log.debug(`starting helper ${cliPath} (elevation ${settings.elevation})`);
	return HelperClient.start({
		cliPath,
		elevation: settings.elevation,
		allowUnsafeLocation: settings.allowUnsafeHelperLocation,
		// The extension's only `stdout` listener (RestoreJob) decodes each chunk to text at once.
		reuseOutputBuffer: true,
		log: (line) => ctx.log.trace(`[helper] ${line}`),
	});
}

/** The settings that decide how a helper process is started (all machine-scoped). */
export type HelperStartSettings = Pick<ExtensionSettings, 'helperPath' | 'elevation' | 'allowUnsafeHelperLocation'>;

/** Just the helper-start settings of `settings`: two helpers started with equal ones are interchangeable. */
export function helperStartKey(settings: HelperStartSettings): HelperStartSettings {
	return { helperPath: settings.helperPath, elevation: settings.elevation, allowUnsafeHelperLocation: settings.allowUnsafeHelperLocation };
}

/** The `runc` / `criu` request parameters from the settings ('' = the helper's default). */
export function toolPaths(settings: ExtensionSettings): ToolPaths {
	const tools: ToolPaths = {};
	if (settings.runcPath) tools.runc = settings.runcPath;
	if (settings.criuPath) tools.criu = settings.criuPath;
	return tools;
}
