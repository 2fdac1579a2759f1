/**
 * The restore planning core: pure validation and planning (no vscode, no LSP), plus thin probes
 * that ask the system (findRunc/findCriu run `--version`, preflight runs `criu check` and
 * `runc state`). The privileged helper, the CLI and the extension's UI all go through this.
 *
 * Exported API (signatures):
 *   validateRestoreParams(input: unknown, cwd: string): Validation<NormalizedRestoreParams>
 *       Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }; FieldError = { field; message }
 *   validateCheckpointParams(input: unknown, cwd: string): Validation<NormalizedCheckpointParams>
 *   checkRestorePaths(v: NormalizedRestoreParams, fs?: RestoreFileSystem): FieldError[]       ([] = fine)
 *   checkCheckpointPaths(v: NormalizedCheckpointParams, fs?: RestoreFileSystem): FieldError[]
 *   imageDirProblem(imagePath: string, fs?: RestoreFileSystem): string | undefined
 *   restoreArgv(v: NormalizedRestoreParams, runc: { path; version }, opts?: { criuPath?; criuVersion?; consoleSocket?; root? }): { argv: string[]; pathPrepend?: string }
 *   checkpointArgv(v: NormalizedCheckpointParams, runc: { path; version }, opts?: same): { argv: string[]; pathPrepend?: string }
 *       argv = runc's arguments after the binary (global flags, subcommand, flags, id); throws RuncPlanError { field, needs? }
 *       pathPrepend = directory to put first in runc's PATH so it finds this CRIU as `criu` (always set with criuPath)
 *   findRunc(setting?: string, env?: NodeJS.ProcessEnv, opts?: { beforeRun? }): Promise<FoundTool>  FoundTool = { path; version; source }
 *       (as root, checkToolSafe runs BEFORE the binary is asked its version, unless opts.beforeRun replaces it)
 *   findCriu(setting?: string, env?: NodeJS.ProcessEnv, opts?: { beforeRun? }): Promise<FoundTool>  (setting → OCI_RESTORE_CRIU → PATH)
 *   checkToolSafe(path: string, fs?: RestoreFileSystem): string                               (real path; throws UnsafeToolError { culprit })
 *   preflight(params: PreflightParams, deps?: Partial<PreflightDeps>): Promise<PreflightResult>
 *       check names: root, runc, criu, criu-check, image, bundle-lint, id-free
 *   parseCriuLog(text: string, logPath: string): CriuError[]                                  (first = the cause)
 *   criuLogTail(text: string, n?: number): string[];  describeCriuError(e: CriuError): string
 *   criuErrorHint(e: CriuError): string | undefined                                            (what a known cause means, what to do)
 *   containerIdProblem(id: string): string | undefined
 *   parseVersion / parseRuncVersionOutput / parseCriuVersionOutput / compareVersions / versionAtLeast
 *   RUNC_FLAGS (the flag table: field, flag, kind, commands, minRunc, minCriu, description)
 */
export * from './validateRestoreParams';
export * from './validateCheckpointParams';
export * from './checkRestorePaths';
export * from './restoreArgv';
export * from './checkpointArgv';
export * from './runcArgvCommon';
export * from './runcPlanError';
export * from './runcFlags';
export * from './runcVersion';
export * from './fieldChecks';
export * from './findTool';
export * from './checkToolSafe';
export * from './restoreFileSystem';
export * from './runTool';
export * from './preflight';
export * from './parseCriuLog';
export * from './criuErrorHint';
export * from './memoryTracking';
