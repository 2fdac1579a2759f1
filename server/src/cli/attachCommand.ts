import { startCliHelper } from '../helper/cliHelper';
import { FlagValues, flagsHelp, oneContainerId, parseFlags, type FlagSpec } from '../helper/cliFlags';
import type { HelperClient } from '../helper/client';
import { HelperError } from '../helper/helperError';
import { setOutputProcessing } from './outputProcessing';

const flags: FlagSpec[] = [
	{ name: 'root', kind: 'string', value: 'DIR', help: 'runc state directory (runc --root) the container was restored under' },
	{ name: 'runc', kind: 'string', value: 'PATH', help: 'runc binary (root-owned), for signals' },
];

/** Ctrl-P Ctrl-Q, the detach keys of docker and podman. */
const DETACH_KEYS = Buffer.from([0x10, 0x11]);

const usage = `usage: oci-restore attach [flags] ID

Attaches to container ID, restored detached ('oci-restore restore -d'): the recent output first,
then live. A terminal container's console: keys go to the container (Ctrl-C included), Ctrl-P
Ctrl-Q detaches. A pipe-mode container (process.terminal: false): its stdout and stderr go to this
process' stdout and stderr, this process' stdin to its stdin (the end of input, Ctrl-D on a
terminal, closes the container's stdin); Ctrl-C detaches. Detaching leaves the container running.

flags:
${flagsHelp(flags)}`;

/** `oci-restore attach`: the console or the stdio of a detached container, through the helper. */
export async function main(argv: string[]): Promise<number> {
	let id: string;
	let root: string | undefined;
	let runc: string | undefined;
	try {
		const parsed = parseFlags(argv, flags);
		if (parsed.help) {
			process.stdout.write(usage + '\n');
			return 0;
		}
		id = oneContainerId(parsed.positionals);
		const v = new FlagValues(parsed.values);
		root = v.path('root');
		runc = v.path('runc');
	} catch (err) {
		process.stderr.write(`oci-restore attach: ${(err as Error).message}\n(see 'oci-restore attach --help')\n`);
		return 2;
	}
	let client: HelperClient;
	try {
		client = await startCliHelper(__filename);
	} catch (err) {
		process.stderr.write(`oci-restore attach: ${(err as Error).message}\n`);
		return 1;
	}
	return attach(client, { id, ...(root ? { runcRoot: root } : {}), ...(runc ? { runc } : {}) });
}

async function attach(client: HelperClient, target: { id: string; runcRoot?: string; runc?: string }): Promise<number> {
	const stdin = process.stdin;
	const out = process.stdout;
	let rawMode = false;
	let finish!: (message: string) => void;
	const ended = new Promise<string>((res) => (finish = res));
	let what = 'console';
	client.onEvent('consoleClosed', (e) => finish(`the ${what} of '${e.id}' closed: ${e.reason}`));
	client.onExit(() => finish('the helper ended'));
	for (const [name, stream] of [['stdout', out], ['stderr', process.stderr]] as const) {
		client.onEvent(name, (_e, data) => {
			if (data && !stream.write(data)) {
				client.pauseOutput();
				stream.once('drain', () => client.resumeOutput());
			}
		});
	}
	const onWinch = () => {
		if (out.columns && out.rows) client.request('resize', { cols: out.columns, rows: out.rows }).catch(() => undefined);
	};
	// Without a terminal of ours there are no keys to type: a signal to this process detaches.
	const detach = () => finish(`detached from '${target.id}'; it keeps running`);
	// A Ctrl-P at the end of a read is held back until the next key says whether it starts the detach keys.
	let held = false;
	const onData = (chunk: Buffer) => {
		let d = held ? Buffer.concat([DETACH_KEYS.subarray(0, 1), chunk]) : chunk;
		held = false;
		if (!rawMode) return client.writeStdin(d);
		const at = d.indexOf(DETACH_KEYS);
		if (at !== -1) {
			if (at > 0) client.writeStdin(d.subarray(0, at));
			return detach();
		}
		if (d[d.length - 1] === DETACH_KEYS[0]) {
			held = true;
			d = d.subarray(0, d.length - 1);
		}
		if (d.length) client.writeStdin(d);
	};
	// A pipe container's input ends with ours (Ctrl-D on a cooked terminal, the end of a piped file).
	const onEnd = () => client.writeStdin(new Uint8Array(0));
	process.on('SIGINT', detach);
	process.on('SIGTERM', detach);
	process.on('SIGHUP', detach);
	try {
		const size = out.isTTY && out.columns && out.rows ? { cols: out.columns, rows: out.rows } : {};
		const r = await client.request('attach', { ...target, ...size });
		if (!r.terminal) what = 'stdio';
		process.stderr.write(`oci-restore: attached to '${r.id}' (pid ${r.pid}); ${r.terminal ? 'Ctrl-P Ctrl-Q detaches' : `its stdio${stdin.isTTY ? ', Ctrl-D ends its input' : ''}; Ctrl-C detaches`}\r\n`);
		// A pipe container has no terminal of its own: this terminal stays cooked (it echoes and edits lines).
		if (!r.terminal) stdin.once('end', onEnd);
		else if (stdin.isTTY) {
			stdin.setRawMode(true);
			setOutputProcessing(false);
			rawMode = true;
		}
		process.on('SIGWINCH', onWinch);
		stdin.on('data', onData);
		stdin.resume();
		const message = await ended;
		restore();
		process.stderr.write(`oci-restore: ${message}\n`);
		return 0;
	} catch (err) {
		restore();
		process.stderr.write(`oci-restore attach: ${HelperError.from(err).message}\n`);
		return 1;
	} finally {
		client.dispose();
		await client.whenExited();
	}

	function restore(): void {
		if (rawMode) {
			setOutputProcessing(true);
			stdin.setRawMode(false);
			rawMode = false;
		}
		stdin.off('data', onData);
		stdin.off('end', onEnd);
		stdin.pause();
		process.off('SIGINT', detach);
		process.off('SIGTERM', detach);
		process.off('SIGHUP', detach);
		process.off('SIGWINCH', onWinch);
	}
}
