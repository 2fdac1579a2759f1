import type { CheckpointParams, CriuError, PreflightParams, PreflightResult, RestoreParams, ToolPaths } from '../common/helperProtocol';
import type { ConsolePlan } from './consoleReceiver';
import type { PipeKeeperPlan } from './pipeKeeperLauncher';
import type { RuncTool } from './runcTool';

/** Everything a restore job needs, decided before any process of the job starts. */
export interface RestorePlan {
	id: string;
	bundle: string;
	imagePath: string;
	workPath: string;
	/** True when the helper created workPath (so the job owns it). */
	workPathCreated: boolean;
	runc: RuncTool;
	/** runc's arguments (global flags included), ending with the id. */
	argv: string[];
	/** `process.terminal` of the bundle's config. */
	terminal: boolean;
	detach: boolean;
	/** The pid file runc writes (always one, in the work directory: it tells the helper the restore is done). */
	runcPidFile: string;
	/** The pid file the user asked for, written once the restore is done. */
	userPidFile?: string;
	cols: number;
	rows: number;
	/** Terminal + detach: runc hands the console to this socket and our keeper holds it (runc's --console-socket). */
	console?: ConsolePlan;
	/**
	 * Pipes + detach: our pipe keeper runs `argv` (a foreground restore, no `--detach`) and holds the
	 * container's stdio once the helper is gone.
	 */
	pipeKeeper?: PipeKeeperPlan;
}

export interface CheckpointPlan {
	id: string;
	imagePath: string;
	workPath: string;
	runc: RuncTool;
	argv: string[];
}

/**
 * The bridge to the restore planning core (server/src/restore): validation of every field, the runc
 * argument array for the installed runc, tool discovery and safety, preflight and CRIU log parsing.
 * Injected into the dispatcher so the protocol can be tested without runc.
 */
export interface Planner {
	/** Validates and plans; throws HelperError (bad-request, not-found, unsupported…) without starting anything. */
	planRestore(params: RestoreParams): Promise<RestorePlan>;
	planCheckpoint(params: CheckpointParams): Promise<CheckpointPlan>;
	/** runc resolved to a safe absolute path (for list/state/kill/delete). */
	runc(tools: ToolPaths): Promise<RuncTool>;
	preflight(params: PreflightParams): Promise<PreflightResult>;
	parseCriuLog(text: string, logPath: string): CriuError[];
	/**
	 * Optional: prepares what a first request will need (loads and exercises the preflight's lint
	 * engine and the code of a preflight and a restore's planning), starting no process and making
	 * nothing. Called once, only while the helper sits idle before its first request.
	 */
	warmUp?(): void | Promise<void>;
}
