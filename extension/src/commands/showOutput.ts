import type { Ctx } from '../ctx';

/** `ociRestore.showOutput`: the extension's log (never opened by the extension on its own). */
export function showOutput(ctx: Ctx): void {
	ctx.log.show(true);
}
