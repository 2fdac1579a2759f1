import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { HelperError } from './helperError';
import type { ProcessHost } from './processHost';
import { RECEIVE_CONSOLE_PY } from './consolePython';
import { killTree } from './processTree';
import { childEnv } from './childEnv';
import { keeperEnv, spawnKeeper, type KeeperPlan } from './spawnKeeper';

/** Everything needed to receive and keep the console of a detached terminal restore. */
export interface ConsolePlan extends KeeperPlan {
	/** The checked system python3. */
	python: string;
	/** Socket runc connects to (`--console-socket`). */
	receiveSocket: string;
}

/** How long the keeper gets to take over once runc handed the console over. */
const READY_TIMEOUT_MS = 20_000;

/**
 * The helper's side of runc's console socket: starts the python trampoline (listening on the socket,
 * it receives the pty master and execs our console keeper with it), and follows its status pipe.
 * `listening` resolves once runc may connect; `ready` once the keeper holds the console and serves
 * its attach socket. The keeper runs in its own session and outlives the helper on purpose.
 */
export class ConsoleReceiver {
	private child: ChildProcess | undefined;
	private isReady = false;
	private failure: string | undefined;
	private resolveListening!: () => void;
	private rejectListening!: (e: HelperError) => void;
	private resolveReady!: (keeperPid: number) => void;
	private rejectReady!: (e: HelperError) => void;
	/** Resolves when runc may connect to the console socket. */
	readonly listening: Promise<void>;
	/** Resolves with the keeper's pid once it holds the console. */
	readonly ready: Promise<number>;

	constructor(
		private readonly plan: ConsolePlan,
		private readonly id: string,
		private readonly runcPidFile: string,
	) {
		this.listening = new Promise((res, rej) => {
			this.resolveListening = res;
			this.rejectListening = rej;
		});
		this.ready = new Promise((res, rej) => {
			this.resolveReady = res;
			this.rejectReady = rej;
		});
		this.listening.catch(() => undefined);
		this.ready.catch(() => undefined);
	}

	/** Starts the trampoline (file + argv, no shell, a rebuilt environment) in its own session. */
	start(host: ProcessHost): void {
		const p = this.plan;
		const keeperArgs = [p.node, p.script, 'console-keeper', '--id', this.id, '--attach', p.attachSocket, '--log', p.logPath, '--pid-file', this.runcPidFile];
		const child = spawnKeeper(host, p.python, ['-I', '-S', '-c', RECEIVE_CONSOLE_PY, p.receiveSocket, ...keeperArgs], keeperEnv(childEnv()), p.keeperLog, (line, pipe) => this.onStatus(line, pipe));
		this.child = child;
		child.on('error', (err) => this.fail(`cannot start ${p.python}: ${err.message}`));
		child.on('exit', (code, signal) => {
			if (!this.isReady) this.fail(`the console receiver ended before the keeper was ready (${code !== null ? `exit status ${code}` : `signal ${signal}`}); see ${p.keeperLog}`);
		});
	}

	/** Waits for the keeper, failing after a deadline (the console then goes with the trampoline). */
	waitReady(ms = READY_TIMEOUT_MS): Promise<number> {
		if (this.isReady || this.failure) return this.ready;
		const t = setTimeout(() => this.fail(`the console keeper was not ready after ${ms / 1000} s; see ${this.plan.keeperLog}`), ms);
		return this.ready.finally(() => clearTimeout(t));
	}

	/** Ends the trampoline (or a keeper that never got ready) and removes its sockets. A ready keeper is left alone. */
	abandon(): void {
		if (this.isReady) return;
		this.fail('abandoned');
	}

	private onStatus(line: string, pipe: Readable): void {
		if (line === 'listening') this.resolveListening();
		else if (line.startsWith('error ')) this.fail(`receiving the console failed: ${line.slice(6)}`);
		else if (line.startsWith('ready ')) {
			this.isReady = true;
			pipe.destroy();
			this.resolveReady(Number(line.slice(6)) || (this.child?.pid ?? 0));
		}
	}

	private fail(message: string): void {
		if (this.isReady || this.failure) return;
		this.failure = message;
		if (this.child?.pid && this.child.exitCode === null && this.child.signalCode === null) killTree(this.child.pid);
		(this.child?.stdio[3] as Readable | null)?.destroy();
		rmSync(this.plan.receiveSocket, { force: true });
		rmSync(this.plan.attachSocket, { force: true });
		const err = new HelperError('internal', message, 'detach');
		this.rejectListening(err);
		this.rejectReady(err);
	}
}
