/**
 * Typed access to scripts/lib/bundle.mjs (busybox bundles and real runc counter containers) for
 * tests. The implementation stays plain ESM so `npm start`'s demo can use it without a build.
 */
import * as impl from '../../scripts/lib/bundle.mjs';

export interface BundleOptions {
	/** process.terminal; default false (stdio on pipes). */
	terminal?: boolean;
	/** process.args; default the `tick N` counter loop. */
	args?: string[];
	env?: string[];
	/** root.readonly; default true. */
	readonlyRoot?: boolean;
	hostname?: string;
	cwd?: string;
	/** Extra rootfs files: path relative to rootfs → content. */
	files?: Record<string, string>;
}

export interface Bundle {
	bundle: string;
	rootfs: string;
	configPath: string;
}

export interface ExitInfo {
	code: number | null;
	signal: NodeJS.Signals | number | null;
}

/** A process (runc run / runc restore) whose output is collected. */
export interface ContainerHandle {
	id: string;
	root?: string;
	/** Resolves when the runc process ends (for `run`/`restore` in the foreground: the container's end). */
	exited: Promise<ExitInfo>;
	/** Everything printed so far (stdout and stderr, or the pty). */
	output(): string;
	/** Every `tick N` seen so far. */
	ticks(): number[];
	/** Resolves with the output once it contains `what` (string, RegExp or predicate); rejects at the deadline. */
	waitFor(what: string | RegExp | ((text: string) => boolean), timeoutMs?: number, description?: string): Promise<string>;
	/** Resolves with the ticks once at least `n` were printed. */
	waitForTicks(n: number, timeoutMs?: number): Promise<number[]>;
	write(data: string | Buffer): void;
	closeStdin(): void;
	/** TTY mode only: resizes the pty runc runs on (runc passes the size on to the container's console). */
	resize?: (cols: number, rows: number) => void;
	/** Kills and deletes the container (quiet when gone) and ends the runc process. */
	cleanup(): Promise<void>;
}

export const COUNTER_SCRIPT: string = impl.COUNTER_SCRIPT;

/** A container id nobody else uses: `<prefix>-<12 hex>`. */
export function uniqueId(prefix?: string): string {
	return impl.uniqueId(prefix);
}

/** Absolute path of runc; throws saying how to install it. */
export function runcPath(): string {
	return impl.runcPath();
}

/** Finds an executable on PATH; undefined when missing. */
export function which(name: string, pathEnv?: string): string | undefined {
	return impl.which(name, pathEnv);
}

/** Root with runc and CRIU (on PATH, or CRIU named by OCI_RESTORE_CRIU): what real restores need. */
export function haveRuntime(): boolean {
	return process.getuid?.() === 0 && which('runc') !== undefined && (process.env.OCI_RESTORE_CRIU !== undefined || which('criu') !== undefined);
}

/** The config.json object of a busybox bundle (shaped like `runc spec`). */
export function busyboxConfig(opts?: BundleOptions): Record<string, unknown> {
	return impl.busyboxConfig(opts);
}

/** Builds a busybox bundle in `dir` (absolute). */
export function makeBusyboxBundle(dir: string, opts?: BundleOptions): Bundle {
	return impl.makeBusyboxBundle(dir, opts);
}

/**
 * Starts the bundle's container with real runc (pipes, or a pty when `terminal`) and waits for
 * `waitTicks` (default 3) ticks. Always call cleanup().
 */
export function startCounter(opts: {
	id: string;
	bundle: string;
	terminal?: boolean;
	root?: string;
	waitTicks?: number;
	timeoutMs?: number;
	cols?: number;
	rows?: number;
}): Promise<ContainerHandle> {
	return impl.startCounter(opts) as Promise<ContainerHandle>;
}

/** Checkpoints a running container with raw runc; the error quotes dump.log's Error lines. */
export function checkpoint(opts: {
	id: string;
	imagePath: string;
	workPath?: string;
	leaveRunning?: boolean;
	root?: string;
	extra?: string[];
}): Promise<{ imagePath: string; workPath: string }> {
	return impl.checkpoint(opts);
}

/** Raw `runc restore` in the foreground (pipes, or a pty when `terminal`). Always call cleanup(). */
export function restoreRaw(opts: {
	id: string;
	bundle: string;
	imagePath: string;
	workPath?: string;
	root?: string;
	extra?: string[];
	terminal?: boolean;
}): Promise<ContainerHandle> {
	return impl.restoreRaw(opts) as Promise<ContainerHandle>;
}

/** Kills and deletes a container, including the state a killed restore leaves behind. */
export function runcKillDelete(id: string, opts?: { root?: string }): Promise<void> {
	return impl.runcKillDelete(id, opts);
}

/** Whether `runc state ID` succeeds. */
/** Mount points at or below `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
	return impl.mountsUnder(dir);
}

export function containerExists(id: string, opts?: { root?: string }): Promise<boolean> {
	return impl.containerExists(id, opts);
}

/** Runs runc with an argument array; rejects with stdout/stderr/code on a non-zero exit. */
export function runc(args: string[], opts?: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }> {
	return impl.runc(args, opts);
}

/** Every `tick N` number in `text`, in order. */
export function parseTicks(text: string): number[] {
	return impl.parseTicks(text);
}
