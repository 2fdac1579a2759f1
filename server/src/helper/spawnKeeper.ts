import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { ProcessHost } from './processHost';

/** What every keeper of a detached restore is started with (the pipe keeper's whole plan, part of the console's). */
export interface KeeperPlan {
	/** The keeper's attach socket (consolePaths' attachSocketPath: one per runc root + id). */
	attachSocket: string;
	/** Node and the CLI script that serve the keeper's command (`pipe-keeper`, `console-keeper`). */
	node: string;
	script: string;
	/** The container's output log, stdout and stderr (in the work directory). */
	logPath: string;
	/** The keeper's own messages (and the console trampoline's). */
	keeperLog: string;
}

/**
 * A keeper's environment: `base` (the helper's fixed one, or runc's), plus ELECTRON_RUN_AS_NODE when the
 * helper runs on VS Code's Electron binary (the keeper runs on the same binary, which would otherwise
 * start as an Electron app).
 */
export function keeperEnv(base: Record<string, string>, electron = Boolean(process.versions.electron)): Record<string, string> {
	const env = { ...base };
	if (electron) env.ELECTRON_RUN_AS_NODE = '1';
	return env;
}

/**
 * Starts a keeper-side process of a detached restore (the pipe keeper, or the console trampoline that
 * becomes the console keeper): file + argv, no shell, its own session, cwd `/`, stdout and stderr
 * appended to `keeperLog`, and descriptor 3 a status pipe whose lines go to `onLine` (with the pipe,
 * for a caller that stops listening). The child is unref'd: it must not keep the helper's event loop
 * alive once it runs on its own.
 */
export function spawnKeeper(
	host: ProcessHost,
	file: string,
	args: string[],
	env: Record<string, string>,
	keeperLog: string,
	onLine: (line: string, pipe: Readable) => void,
): ChildProcess {
	const logFd = openSync(keeperLog, 'a', 0o600);
	let child: ChildProcess;
	try {
		child = host.spawn(file, args, { env, cwd: '/', stdio: ['ignore', logFd, logFd, 'pipe'] });
	} finally {
		closeSync(logFd);
	}
	const pipe = child.stdio[3] as Readable | null;
	let status = '';
	pipe?.on('error', () => undefined);
	pipe?.on('data', (d: Buffer) => {
		status += d.toString('utf8');
		let nl: number;
		while ((nl = status.indexOf('\n')) !== -1) {
			const line = status.slice(0, nl);
			status = status.slice(nl + 1);
			onLine(line, pipe);
		}
	});
	child.unref();
	return child;
}
