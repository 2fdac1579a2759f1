import { resolve } from 'node:path';
import type { RestoreParams } from '../common/helperProtocol';
import { startCliHelper } from '../helper/cliHelper';
import { definedOnly, FlagValues, flagsHelp, oneContainerId, parseFlags, SHARED_CRIU_FLAGS, TOOL_FLAGS, type FlagSpec } from '../helper/cliFlags';
import type { HelperClient } from '../helper/client';
import { HelperError } from '../helper/helperError';
import { setOutputProcessing } from './outputProcessing';
import { CONSOLE_LOG, DETACHED_LOG } from '../helper/workDirFiles';

const flags: FlagSpec[] = [
	{ name: 'bundle', alias: 'b', kind: 'string', value: 'DIR', help: 'bundle directory (default: the current directory)' },
	{ name: 'image-path', kind: 'string', value: 'DIR', help: 'CRIU image directory (default: <bundle>/checkpoint)' },
	{ name: 'work-path', kind: 'string', value: 'DIR', help: 'CRIU work directory for logs (default: a fresh one per restore)' },
	...SHARED_CRIU_FLAGS,
	{ name: 'detach', alias: 'd', kind: 'bool', help: 'detach from the container: a keeper holds its console or its stdio (oci-restore attach ID reaches them; the output is also logged in the work directory)' },
	{ name: 'pid-file', kind: 'string', value: 'FILE', help: 'write the container\'s pid to FILE' },
	{ name: 'no-subreaper', kind: 'bool', help: 'disable the use of the subreaper' },
	{ name: 'no-pivot', kind: 'bool', help: 'do not use pivot_root' },
	{ name: 'empty-ns', kind: 'list', value: 'NS', help: 'create this namespace empty (runc accepts: network)' },
	{ name: 'auto-dedup', kind: 'bool', help: 'enable auto deduplication of memory images' },
	{ name: 'lazy-pages', kind: 'bool', help: 'use userfaultfd to lazily restore memory pages' },
	{ name: 'lsm-profile', kind: 'string', value: 'TYPE:NAME', help: 'LSM profile for the restored process' },
	{ name: 'lsm-mount-context', kind: 'string', value: 'CTX', help: 'LSM mount context for the restored mounts' },
	...TOOL_FLAGS,
];

const usage = `usage: oci-restore restore [flags] ID

Restores container ID from a CRIU checkpoint with runc, through the privileged helper, and streams
its stdio here (raw mode when the container has a terminal). Ctrl-C, SIGTERM and window size changes
are forwarded; the exit status is the container's (128+n when a signal ended it).

flags (the same names as runc restore):
${flagsHelp(flags)}`;

/** `oci-restore restore`: runc restore through the helper, attached to this terminal. */
export async function main(argv: string[]): Promise<number> {
	let params: RestoreParams;
	try {
		const parsed = parseFlags(argv, flags);
		if (parsed.help) {
			process.stdout.write(usage + '\n');
			return 0;
		}
		params = toParams(parsed.values, parsed.positionals);
	} catch (err) {
		process.stderr.write(`oci-restore restore: ${(err as Error).message}\n(see 'oci-restore restore --help')\n`);
		return 2;
	}
	let client: HelperClient;
	try {
		client = await startCliHelper(__filename);
	} catch (err) {
		process.stderr.write(`oci-restore restore: ${(err as Error).message}\n`);
		return 1;
	}
	return attach(client, params);
}

function toParams(values: Map<string, string | boolean | string[]>, positionals: string[]): RestoreParams {
	const v = new FlagValues(values);
	const p: RestoreParams = {
		id: oneContainerId(positionals),
		bundle: resolve(v.str('bundle') ?? '.'),
		imagePath: v.path('image-path'),
		workPath: v.path('work-path'),
		...v.criuOptions(),
		detach: v.bool('detach'),
		pidFile: v.path('pid-file'),
		noSubreaper: v.bool('no-subreaper'),
		noPivot: v.bool('no-pivot'),
		emptyNs: v.list('empty-ns'),
		autoDedup: v.bool('auto-dedup'),
		lazyPages: v.bool('lazy-pages'),
		lsmProfile: v.str('lsm-profile'),
		lsmMountContext: v.str('lsm-mount-context'),
		...v.tools(),
	};
	if (process.stdout.isTTY && process.stdout.columns && process.stdout.rows) {
		p.cols = process.stdout.columns;
		p.rows = process.stdout.rows;
	}
	return definedOnly(p);
}

/** Runs the restore and mirrors the container on this process' stdio until it exits. */
async function attach(client: HelperClient, params: RestoreParams): Promise<number> {
	const stdin = process.stdin;
	let rawMode = false;
	let interrupted: string | undefined;
	let terminal = false;
	const exited = new Promise<number>((res) => {
		client.onEvent('exited', (e) => res(e.code));
		client.onExit(() => res(-1));
	});
	// Output that comes before `started` (a restored console may print before runc's pid file is seen)
	// waits until our terminal is in the mode that event asks for, or it would be post-processed twice.
	let early: [NodeJS.WriteStream, Buffer][] | undefined = [];
	const flushEarly = () => {
		const queued = early ?? [];
		early = undefined;
		for (const [out, data] of queued) out.write(data);
	};
	// A slow reader of our stdout slows the container down instead of filling this process' memory.
	const relay = (out: NodeJS.WriteStream) => (_e: unknown, data?: Uint8Array) => {
		if (data && early) {
			early.push([out, Buffer.from(data)]);
			return;
		}
		if (data && !out.write(data)) {
			client.pauseOutput();
			out.once('drain', () => client.resumeOutput());
		}
	};
	client.onEvent('stdout', relay(process.stdout));
	client.onEvent('stderr', relay(process.stderr));
	client.onEvent('started', (e) => {
		terminal = e.terminal;
		if (params.detach) return flushEarly();
		if (e.terminal && stdin.isTTY) {
			stdin.setRawMode(true);
			// libuv's raw mode keeps output post-processing (\n → \r\n); the container's own pty already did
			// that, so the bytes must pass through unchanged.
			setOutputProcessing(false);
			rawMode = true;
		}
		flushEarly();
		stdin.on('data', (d: Buffer) => client.writeStdin(d));
		stdin.on('end', () => client.writeStdin(new Uint8Array()));
		stdin.resume();
	});
	const forward = (sig: NodeJS.Signals) => {
		interrupted ??= sig;
		client.request('signal', { signal: sig }).catch(() => undefined);
	};
	const onWinch = () => {
		if (process.stdout.columns && process.stdout.rows) client.request('resize', { cols: process.stdout.columns, rows: process.stdout.rows }).catch(() => undefined);
	};
	process.on('SIGINT', forward);
	process.on('SIGTERM', forward);
	process.on('SIGHUP', forward);
	process.on('SIGWINCH', onWinch);
	const restoreTerminal = () => {
		flushEarly();
		if (rawMode) {
			setOutputProcessing(true);
			stdin.setRawMode(false);
		}
		stdin.pause();
		stdin.removeAllListeners('data');
		process.off('SIGINT', forward);
		process.off('SIGTERM', forward);
		process.off('SIGHUP', forward);
		process.off('SIGWINCH', onWinch);
	};
	try {
		const r = await client.request('restore', params);
		if (params.detach) {
			process.stderr.write(
				terminal
					? `oci-restore: container '${params.id}' restored (pid ${r.pid}) and detached; its console is held by oci-restore's console keeper: 'oci-restore attach ${params.id}' attaches to it (its output is also in ${r.workPath}/${CONSOLE_LOG})\n`
					: `oci-restore: container '${params.id}' restored (pid ${r.pid}) and detached; its stdin, stdout and stderr are held by oci-restore's pipe keeper: 'oci-restore attach ${params.id}' attaches to them (its output is also in ${r.workPath}/${DETACHED_LOG})\n`,
			);
			client.dispose();
			await client.whenExited();
			return 0;
		}
		const code = await exited;
		restoreTerminal();
		client.dispose();
		await client.whenExited();
		if (code === -1) {
			process.stderr.write('oci-restore restore: the helper ended before the container did\n');
			return 1;
		}
		return code;
	} catch (err) {
		restoreTerminal();
		const e = HelperError.from(err);
		process.stderr.write(`oci-restore restore: ${e.message}\n`);
		client.dispose();
		await client.whenExited();
		if (e.code === 'cancelled' && interrupted) return 128 + (interrupted === 'SIGINT' ? 2 : interrupted === 'SIGHUP' ? 1 : 15);
		return 1;
	}
}
