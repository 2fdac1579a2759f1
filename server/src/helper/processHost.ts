import { spawn, type ChildProcess } from 'node:child_process';

/** The result of a short command run to completion. */
export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** What the helper needs from a pseudo-terminal (a subset of node-pty's IPty, data as bytes). */
export interface PtyProcess {
	readonly pid: number;
	onData(listener: (data: Buffer) => void): void;
	onExit(listener: (e: { exitCode: number; signal?: number }) => void): void;
	write(data: Buffer): void;
	resize(cols: number, rows: number): void;
	pause(): void;
	resume(): void;
	kill(signal?: string): void;
}

/** Options shared by every child the helper starts: absolute file, argument array, rebuilt env. */
export interface SpawnOptions {
	env: Record<string, string>;
	cwd?: string;
}

/**
 * Every way the helper starts a process. Injected so tests can prove that no process starts for a
 * refused request (a recording host), and so nothing reaches a shell: file + argv only.
 */
export interface ProcessHost {
	/** Starts a long-running child with piped (or /dev/null) stdio, in its own process group; entries past 2 are extra fds. */
	spawn(file: string, args: string[], opts: SpawnOptions & { stdio: 'pipe' | 'ignore' | [unknown, unknown, unknown, ...unknown[]] }): ChildProcess;
	/** Starts a child on a new pty (its own session). */
	spawnPty(file: string, args: string[], opts: SpawnOptions & { cols: number; rows: number }): PtyProcess;
	/** Runs a command to completion and captures its output (at most 1 MiB each). */
	run(file: string, args: string[], opts: SpawnOptions & { timeoutMs?: number }): Promise<RunResult>;
}

/** The real process host (node:child_process and, lazily, @lydell/node-pty). */
export const realProcessHost: ProcessHost = {
	spawn(file, args, opts) {
		return spawn(file, args, { env: opts.env, cwd: opts.cwd, stdio: opts.stdio as never, detached: true, shell: false });
	},
	spawnPty(file, args, opts) {
		// Loaded on first use: it is native and external to the bundle, and pipe-mode jobs never need it.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const pty = require('@lydell/node-pty') as typeof import('@lydell/node-pty');
		const p = pty.spawn(file, args, { name: opts.env.TERM ?? 'xterm-256color', cols: opts.cols, rows: opts.rows, cwd: opts.cwd, env: opts.env, encoding: null });
		return {
			get pid() {
				return p.pid;
			},
			onData: (l) => void p.onData(l as unknown as (d: string) => void),
			onExit: (l) => void p.onExit(l),
			write: (d) => (p.write as unknown as (d: Buffer) => void)(d),
			resize: (c, r) => p.resize(c, r),
			pause: () => p.pause(),
			resume: () => p.resume(),
			kill: (s) => p.kill(s),
		};
	},
	run(file, args, opts) {
		return new Promise((resolve, reject) => {
			const child = spawn(file, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
			const out: Buffer[] = [];
			const err: Buffer[] = [];
			let outLen = 0;
			let errLen = 0;
			const cap = 1 << 20;
			child.stdout!.on('data', (b: Buffer) => {
				if (outLen < cap) out.push(b);
				outLen += b.length;
			});
			child.stderr!.on('data', (b: Buffer) => {
				if (errLen < cap) err.push(b);
				errLen += b.length;
			});
			const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
			child.on('error', (e) => {
				if (timer) clearTimeout(timer);
				reject(e);
			});
			child.on('close', (code, signal) => {
				if (timer) clearTimeout(timer);
				resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
			});
		});
	},
};
