import { execFile } from 'node:child_process';

/** What a short tool run printed. */
export interface ToolRun {
	/** Exit code; null when killed (timeout). */
	code: number | null;
	stdout: string;
	stderr: string;
}

/** PATH the probes use when the environment has none; the usual Debian root PATH. */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Runs a tool by absolute path with an argument array (no shell) and a clean environment;
 * resolves with its output whatever the exit code, rejects only when it cannot be started.
 */
export function runTool(path: string, args: string[], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<ToolRun> {
	return new Promise((resolve, reject) => {
		execFile(
			path,
			args,
			{ timeout: opts.timeoutMs ?? 15_000, killSignal: 'SIGKILL', env: opts.env ?? { PATH: SYSTEM_PATH, LANG: 'C' }, maxBuffer: 4 << 20, encoding: 'utf8' },
			(err, stdout, stderr) => {
				const e = err as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean }) | null;
				if (e && typeof e.code === 'string') reject(new Error(`cannot run ${path}: ${e.message}`));
				else resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr });
			},
		);
	});
}
