// Types of bundle.mjs (kept beside it: the project's tsconfig does not check JavaScript).
export declare const COUNTER_SCRIPT: string;
export declare const BUSYBOX_APPLETS: string[];
export declare function which(name: string, pathEnv?: string): string | undefined;
export declare function runcPath(): string;
export declare function busyboxPath(): string;
export declare function uniqueId(prefix?: string): string;
export declare function busyboxConfig(opts?: object): Record<string, unknown>;
export declare function makeBusyboxBundle(dir: string, opts?: object): { bundle: string; rootfs: string; configPath: string };
export declare function runc(args: string[], opts?: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }>;
export declare function parseTicks(text: string): number[];
export declare function startCounter(opts: object): Promise<unknown>;
export declare function checkpoint(opts: object): Promise<{ imagePath: string; workPath: string }>;
export declare function restoreRaw(opts: object): Promise<unknown>;
export declare function runcKillDelete(id: string, opts?: { root?: string }): Promise<void>;
export declare function mountsUnder(dir: string): string[];
export declare function containerExists(id: string, opts?: { root?: string }): Promise<boolean>;
