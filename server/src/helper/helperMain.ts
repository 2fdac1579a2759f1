import { fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { FIXED_PATH } from './childEnv';
import { clientIdentity } from './directOutput';
import { encodeFrame } from './framing';
import { HelperServer } from './helperServer';
import { unsafeLocation } from './locationSafety';
import type { Planner } from './planner';
import { realProcessHost } from './processHost';

/**
 * `oci-restore helper --stdio`: serves one client on stdin/stdout until stdin closes, then exits.
 * As root it first refuses to run from a location a non-root user could modify (its own file, the
 * node_modules it loads, the Node binary), unless `allowUnsafeLocation` is set (development).
 */
export async function helperMain(o: { scriptPath: string; allowUnsafeLocation: boolean; planner: () => Planner }): Promise<number> {
	const euid = process.geteuid?.() ?? -1;
	if (euid === 0 && !o.allowUnsafeLocation) {
		for (const p of [o.scriptPath, process.execPath, ...ptyModuleDir()]) {
			const why = unsafeLocation(p);
			if (why) {
				process.stderr.write(`oci-restore helper: refusing to run as root from an unsafe location: ${why}. Install the helper with 'oci-restore helper install' (or pass --allow-unsafe-location for development)\n`);
				return 3;
			}
		}
	}
	// Nothing of the caller's environment survives into the helper or its children.
	for (const key of Object.keys(process.env)) delete process.env[key];
	process.env.PATH = FIXED_PATH;
	const output = stdoutStream();
	const server = new HelperServer({ input: process.stdin, output, host: realProcessHost, planner: o.planner(), client: clientIdentity(0) });
	let signalled: string | undefined;
	const onSignal = (sig: NodeJS.Signals) => {
		signalled ??= sig;
		void server.shutdown(`the helper received ${sig}`).then(() => finish());
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	// Interrupts are for the container, forwarded by the client as `signal` requests, never for the helper.
	process.on('SIGINT', () => undefined);
	process.on('SIGPIPE', () => undefined);
	const finish = () => {
		if (output.writableLength === 0) process.exit(0);
		output.end(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	for (const part of encodeFrame({ event: 'log', level: 'debug', message: `oci-restore helper ready (pid ${process.pid}, uid ${euid})` })) output.write(part);
	await server.run();
	finish();
	return 0;
}

/** The directory of the pty module the helper would load, when it is installed. */
function ptyModuleDir(): string[] {
	try {
		return [require.resolve('@lydell/node-pty')];
	} catch {
		return [];
	}
}

/**
 * How much output the helper buffers for a slow reader before it stops reading the container: enough
 * to keep both pipes busy (a 16 KiB default would make every 64 KiB chunk wait for a round trip), and
 * several 1 MiB output frames deep so a fast container is not paused and resumed (an epoll_ctl pair
 * each time) hundreds of times a second. Bounded: reading stops once it is full.
 */
const WRITE_BUFFER = 4 * 1024 * 1024;

/**
 * fd 1 as a non-blocking stream: process.stdout on a pipe writes synchronously on Linux, which would
 * stall the whole helper (cancel included) whenever the client stops reading.
 */
function stdoutStream(): Writable {
	try {
		const st = fstatSync(1);
		if (st.isFIFO() || st.isSocket()) return new Socket({ fd: 1, readable: false, writable: true, writableHighWaterMark: WRITE_BUFFER } as ConstructorParameters<typeof Socket>[0]);
	} catch {
		// fall back to process.stdout
	}
	return process.stdout;
}
