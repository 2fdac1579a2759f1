/**
 * The privileged helper's protocol: the contract between the helper (runs as root, one process per
 * job) and its clients (the extension, the CLI). Types only; no runtime dependencies.
 *
 * Framing on the helper's stdin/stdout (documented in docs/helper-protocol.md):
 *   every frame is one line of UTF-8 JSON terminated by "\n"; a frame whose JSON has
 *   `"size": N` (stdin requests and stdout/stderr events only) is followed by exactly N raw bytes.
 *   Frames over MAX_FRAME_BYTES (header) or MAX_DATA_BYTES (payload) are refused.
 *
 * Client → helper: `{ "id": number, "method": Method, "params": {...} }` (+ raw bytes for stdin).
 * Helper → client: responses `{ "id": number, "result": ... }` or
 *   `{ "id": number, "error": { "code": ErrorCode, "message": string, "details"?: ... } }`,
 *   and events `{ "event": EventName, ... }` (+ raw bytes for stdout/stderr).
 */

export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_DATA_BYTES = 1024 * 1024;

export type ManageCgroupsMode = 'soft' | 'full' | 'strict' | 'ignore';
export type Elevation = 'auto' | 'root' | 'sudo' | 'pkexec';

/** Where runc and CRIU come from; each resolved by the helper to an absolute root-owned path. */
export interface ToolPaths {
	/** runc binary; default: `runc` from the helper's fixed PATH. */
	runc?: string;
	/** criu binary; default: `criu` from the fixed PATH (or OCI_RESTORE_CRIU). */
	criu?: string;
	/** runc's --root (state directory); default runc's own (/run/runc). */
	runcRoot?: string;
}

/** Every flag of today's `runc restore` (console-socket is the helper's own business). */
export interface RestoreParams extends ToolPaths {
	/** Container id: `^[\w+-.]+$`, not starting with `-`. */
	id: string;
	/** Bundle directory (absolute); default: the client's current directory. */
	bundle: string;
	/** CRIU image directory; relative paths resolve against the bundle; default `<bundle>/checkpoint`. */
	imagePath?: string;
	/** CRIU work directory (logs); default: a fresh per-job directory created by the helper. */
	workPath?: string;
	tcpEstablished?: boolean;
	extUnixSk?: boolean;
	shellJob?: boolean;
	fileLocks?: boolean;
	manageCgroupsMode?: ManageCgroupsMode;
	detach?: boolean;
	pidFile?: string;
	noSubreaper?: boolean;
	noPivot?: boolean;
	/** Namespaces CRIU should create empty (runc accepts `network`). */
	emptyNs?: string[];
	autoDedup?: boolean;
	lazyPages?: boolean;
	/** `TYPE:NAME`, e.g. `apparmor:my-profile`. */
	lsmProfile?: string;
	lsmMountContext?: string;
	/** Initial terminal size for `process.terminal: true` containers. */
	cols?: number;
	rows?: number;
	/**
	 * How the container's stdout reaches the client (pipe mode, attached): `frames` (the default) as
	 * `stdout` events on the helper's stdout; `direct`: the helper announces a private socket
	 * (`outputSocket`), the client connects and reads the container's stdout itself, without the helper
	 * copying it. The helper falls back to frames when it cannot hand the socket to the client.
	 */
	output?: 'frames' | 'direct';
}

export interface CheckpointParams extends ToolPaths {
	id: string;
	imagePath: string;
	workPath?: string;
	leaveRunning?: boolean;
	tcpEstablished?: boolean;
	extUnixSk?: boolean;
	shellJob?: boolean;
	fileLocks?: boolean;
	preDump?: boolean;
	/** Relative to imagePath (runc refuses absolute parent paths). */
	parentPath?: string;
	manageCgroupsMode?: ManageCgroupsMode;
	emptyNs?: string[];
	autoDedup?: boolean;
}

export interface PreflightParams extends ToolPaths {
	bundle?: string;
	imagePath?: string;
	id?: string;
	/** The restore will detach: a terminal bundle then needs python3 for runc's console socket (check `python3`). */
	detach?: boolean;
}

export interface PreflightCheck {
	/** Stable name: root, runc, criu, criu-check, image, bundle-lint, python3 (detach + terminal only), id-free. */
	name: string;
	ok: boolean;
	message: string;
	/** What fixes it, when not ok. */
	fix?: string;
	/** Versions found, for runc/criu. */
	version?: string;
}

export interface PreflightResult {
	ok: boolean;
	checks: PreflightCheck[];
}

export interface ContainerInfo {
	id: string;
	pid: number;
	status: string;
	bundle: string;
	created?: string;
	/** Image directory it was restored from, when restored by this tool (annotation or helper record). */
	restoredFrom?: string;
	/**
	 * A container restored detached whose stdio one of our keepers holds (a terminal container's
	 * console, or a pipe-mode container's stdin, stdout and stderr): `attach` reaches it.
	 */
	console?: boolean;
}

export interface CriuError {
	/** CRIU source file, e.g. `criu/image.c`. */
	file: string;
	line: number;
	message: string;
	/** The log it came from (absolute path). */
	log: string;
	/** 1-based line number inside the log. */
	logLine: number;
}

/** Requests and their results. */
export interface Requests {
	preflight: { params: PreflightParams; result: PreflightResult };
	/** Starts the restore; resolves once runc has restored the process (`started` is also sent). */
	restore: { params: RestoreParams; result: { pid: number; workPath: string; imagePath: string } };
	checkpoint: { params: CheckpointParams; result: { imagePath: string; workPath: string } };
	/** Raw bytes follow the frame (`size`); size 0 means EOF (close the container's stdin). */
	stdin: { params: { size: number }; result: null };
	resize: { params: { cols: number; rows: number }; result: null };
	/** Signal to the restored container of this job (e.g. SIGINT). */
	signal: { params: { signal: string }; result: null };
	list: { params: ToolPaths; result: ContainerInfo[] };
	state: { params: ToolPaths & { id: string }; result: ContainerInfo };
	kill: { params: ToolPaths & { id: string; signal?: string; all?: boolean }; result: null };
	delete: { params: ToolPaths & { id: string; force?: boolean }; result: null };
	/**
	 * Attaches to a container restored detached, through its keeper: a terminal container's console
	 * (output as `stdout`, the recent screen first; `stdin`, `resize`), or a pipe-mode container's
	 * stdio (the recent output first, as `stdout` and `stderr`; `stdin`, size 0 = EOF). `signal` as for
	 * an attached restore; `cancel` or closing the helper only detaches. `consoleClosed` ends it when
	 * the container is gone. `terminal` says which of the two it is.
	 */
	attach: { params: ToolPaths & { id: string; cols?: number; rows?: number }; result: { id: string; pid: number; keeperPid: number; terminal: boolean } };
	/** Ends this job: a running, attached container is killed and deleted; CRIU/runc are ended. */
	cancel: { params: Record<string, never>; result: null };
}
export type Method = keyof Requests;
export const METHODS: readonly Method[] = [
	'preflight', 'restore', 'checkpoint', 'stdin', 'resize', 'signal', 'list', 'state', 'kill', 'delete', 'attach', 'cancel',
];

/** Events the helper sends without being asked. */
export interface Events {
	started: { pid: number; id: string; terminal: boolean };
	/** Raw bytes follow the frame (`size`). */
	stdout: { size: number };
	stderr: { size: number };
	/**
	 * Sent at start-up (and for each later restore): connect to `path` (a Unix socket owned by the
	 * client's uid, mode 0600, in a fresh root-owned directory) to get the container's stdout of an
	 * `output: 'direct'` restore; the helper waits up to 5 s for it. The stdout is then that
	 * connection. The helper never sends `stdout` events for this job, and its `exited` may arrive before
	 * the last bytes: read the socket to EOF before treating the container as ended.
	 */
	outputSocket: { stream: 'stdout'; path: string };
	/** The restored container (attached mode) ended. `code` is runc's status (128+signal when killed). */
	exited: { code: number; signal?: string };
	criuError: CriuError;
	/** The keeper of an attached (`attach`) detached container hung up (console or pipes closed): the container is gone. */
	consoleClosed: { id: string; reason: string };
	log: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error'; message: string };
}
export type EventName = keyof Events;

export type ErrorCode =
	| 'bad-request' // malformed frame, unknown method, invalid field
	| 'not-permitted' // elevation refused / not root / unsafe helper location
	| 'not-found' // runc, criu, bundle, image dir, container
	| 'unsupported' // flag needs a newer runc / CRIU
	| 'conflict' // id in use, a job already running in this helper
	| 'criu-failed' // details: CriuError[]
	| 'runc-failed'
	| 'cancelled'
	| 'internal';

export interface ErrorPayload {
	code: ErrorCode;
	message: string;
	/** Field name for bad-request; CriuError[] for criu-failed. */
	details?: unknown;
}
