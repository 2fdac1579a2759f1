import { runTool, SYSTEM_PATH, type ToolRun } from './runTool';

/**
 * Why incremental checkpoints (runc's --pre-dump, or --parent-path: both make runc ask CRIU to
 * track memory changes) cannot work with this CRIU and kernel, or undefined when they can. Asks
 * `criu check --feature mem_dirty_track`: without soft-dirty page tracking in the kernel
 * (CONFIG_MEM_SOFT_DIRTY), runc only says "CRIU is missing features" and CRIU "Tracking memory is
 * not available", after the container was already frozen.
 */
export async function memoryTrackingProblem(
	criuPath: string,
	run: (path: string, args: string[], opts: { timeoutMs?: number; env?: Record<string, string> }) => Promise<ToolRun> = runTool,
): Promise<string | undefined> {
	let r: ToolRun;
	try {
		r = await run(criuPath, ['check', '--feature', 'mem_dirty_track'], { timeoutMs: 30_000, env: { PATH: SYSTEM_PATH, LANG: 'C' } });
	} catch (err) {
		return `cannot ask CRIU whether it can track memory changes: ${(err as Error).message}`;
	}
	if (r.code === 0) return undefined;
	const said = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.replace(/^\s*(Warn|Error)\s*\([^)]*\):\s*/, '').trim()).find(Boolean);
	return `incremental checkpoints (pre-dump, parent-path) need CRIU to track memory changes, and this kernel cannot: ` +
		`'criu check --feature mem_dirty_track' says ${said ? `"${said}"` : `nothing (exit ${r.code})`}. ` +
		'It needs soft-dirty page tracking (CONFIG_MEM_SOFT_DIRTY, not available in every kernel or VM); take a full checkpoint instead.';
}
