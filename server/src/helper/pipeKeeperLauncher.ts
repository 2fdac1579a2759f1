import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { HelperError } from './helperError';
import type { ProcessHost } from './processHost';
import { killTree } from './processTree';
import { keeperEnv, spawnKeeper, type KeeperPlan } from './spawnKeeper';

/** Everything needed to start the pipe keeper of a detached pipe-mode restore. */
export type PipeKeeperPlan = KeeperPlan;

/** What runc is started with, inside the keeper. */
export interface PipeKeeperRunc {
	path: string;
	/** runc's arguments for a foreground restore (no `--detach`). */
	argv: string[];
	env: Record<string, string>;
	/** The bundle. */
	cwd: string;
}

/** How long the keeper gets to listen and start runc. */
const START_TIMEOUT_MS = 20_000;

/** The keeper's environment: runc's (the helper's fixed one), see {@link keeperEnv}; the keeper drops ELECTRON_RUN_AS_NODE again before it starts runc. */
export { keeperEnv as pipeKeeperEnv } from './spawnKeeper';

/** The keeper's command line: node, the CLI and `pipe-keeper` with its options, then `--` and runc's argv. */
export function pipeKeeperArgs(plan: PipeKeeperPlan, id: string, runcPidFile: string, runc: PipeKeeperRunc): string[] {
	return [plan.script, 'pipe-keeper', '--id', id, '--attach', plan.attachSocket, '--log', plan.logPath, '--pid-file', runcPidFile, '--cwd', runc.cwd, '--', runc.path, ...runc.argv];
}

/**
 * The helper's side of a detached pipe-mode restore: starts the pipe keeper (node, file + argv, no
 * shell, its own session; it runs runc in the foreground and outlives the helper) and follows its
 * status pipe: `started` resolves with runc's pid once the keeper listens and runc runs; `onEnd`
 * reports runc's exit (or the keeper's death) until `release`, after which the keeper is on its own.
 */
export class PipeKeeperLauncher {
	private child: ChildProcess | undefined;
	private released = false;
	private ended = false;
	private endListener: ((code: number | null, signal: string | null, error?: string) => void) | undefined;
	private resolveStarted!: (runcPid: number) => void;
	private rejectStarted!: (e: HelperError) => void;
	private isStarted = false;
	/** Resolves with runc's pid once the keeper's attach socket listens and runc runs. */
	readonly started: Promise<number>;

	constructor(
		private readonly plan: PipeKeeperPlan,
		private readonly id: string,
		private readonly runcPidFile: string,
	) {
		this.started = new Promise((res, rej) => {
			this.resolveStarted = res;
			this.rejectStarted = rej;
		});
		this.started.catch(() => undefined);
	}

	/** The keeper's pid (0 before `start`). */
	get pid(): number {
		return this.child?.pid ?? 0;
	}

	/** Called once when runc ends (its status, as runc gives it) or the keeper dies before `release`. */
	onEnd(listener: (code: number | null, signal: string | null, error?: string) => void): void {
		this.endListener = listener;
	}

	start(host: ProcessHost, runc: PipeKeeperRunc): void {
		const p = this.plan;
		const child = spawnKeeper(host, p.node, pipeKeeperArgs(p, this.id, this.runcPidFile, runc), keeperEnv(runc.env), p.keeperLog, (line) => this.onStatus(line));
		this.child = child;
		const timer = setTimeout(() => {
			if (!this.isStarted) this.fail(null, null, `the pipe keeper did not start runc within ${START_TIMEOUT_MS / 1000} s; see ${p.keeperLog}`);
		}, START_TIMEOUT_MS);
		void this.started.then(() => clearTimeout(timer), () => clearTimeout(timer));
		child.on('error', (err) => this.fail(null, null, `cannot start the pipe keeper (${p.node}): ${err.message}`));
		child.on('exit', (code, signal) => {
			if (!this.ended) this.fail(code, signal, `the pipe keeper ended (${code !== null ? `exit status ${code}` : `signal ${signal}`}); see ${p.keeperLog}`);
		});
	}

	/** The restore is done: stop following the keeper (it keeps the container's stdio from now on). */
	release(): void {
		this.released = true;
		(this.child?.stdio[3] as Readable | null)?.destroy();
	}

	/** Ends the keeper and everything it started (runc, CRIU), for a cancelled or failed restore. */
	kill(): { pid: number; comm: string | undefined }[] {
		return this.child?.pid ? killTree(this.child.pid) : [];
	}

	private onStatus(line: string): void {
		if (this.released) return;
		if (line.startsWith('runc ')) {
			this.isStarted = true;
			this.resolveStarted(Number(line.slice(5)));
		} else if (line.startsWith('exit ')) {
			const [code, signal] = line.slice(5).split(' ');
			this.end(code === 'null' ? null : Number(code), signal === 'null' || signal === undefined ? null : signal);
		} else if (line.startsWith('error ')) this.fail(1, null, line.slice(6));
	}

	private fail(code: number | null, signal: string | null, message: string): void {
		if (this.released || this.ended) return;
		this.rejectStarted(new HelperError('internal', message));
		// Whatever the keeper started cannot be looked after any more.
		this.kill();
		rmSync(this.plan.attachSocket, { force: true });
		this.end(code, signal, message);
	}

	private end(code: number | null, signal: string | null, error?: string): void {
		if (this.ended || this.released) return;
		this.ended = true;
		this.rejectStarted(new HelperError('internal', error ?? `runc ended before the restore started (${code !== null ? `status ${code}` : `signal ${signal}`})`));
		this.endListener?.(code, signal, error);
	}
}
