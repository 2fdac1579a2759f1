/**
 * Restore benchmarks with real runc + CRIU (root):
 *   restore.overhead    ms from "restore" to the first output byte through the helper (helper start
 *                       included) vs raw `runc restore` of the same checkpoint in the same run.
 *   restore.throughput  MB/s of a container writing 512 MiB to stdout, streamed through the helper to
 *                       a sink, vs `runc restore | cat > /dev/null`; the helper's peak RSS alongside.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkpoint, makeBusyboxBundle, runcKillDelete, runcPath, startCounter, uniqueId, which } from '../test/support/bundle';
import { HelperClient } from '../server/src/helper/client';
import { installHelper } from '../server/src/helper/install';
import { median, type Measure } from './_measure';


const builtCliPath = resolve('dist', 'cli.js');
let cliPath = builtCliPath;
const RUNS = 5;
const MIB = 1024 * 1024;
const STREAM_BYTES = 512 * MIB;

export async function run(): Promise<Record<string, Measure>> {
	if (process.geteuid?.() !== 0) throw new Error('restore benchmarks need root (real runc + CRIU)');
	if (!which('runc') || !which('criu')) throw new Error('runc and criu are needed (sudo npm run setup)');
	if (!existsSync(builtCliPath)) throw new Error('dist/cli.js is missing (node esbuild.mjs)');
	// Run as users do: a root-owned installed copy (a clone may live in a world-writable place).
	const prefix = `/run/oci-restore-bench-${process.pid}`;
	cliPath = installHelper({ cliPath: builtCliPath, prefix });
	const dir = mkdtempSync(join(tmpdir(), 'ocir-bench-'));
	try {
		return { ...(await overhead(dir)), ...(await throughput(dir)) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
		rmSync(prefix, { recursive: true, force: true });
	}
}

/** A bundle run until it printed 3 ticks, then checkpointed; restorable again and again under `id`. */
async function checkpointed(dir: string, name: string, script: string) {
	const id = uniqueId('c2bench');
	const b = makeBusyboxBundle(join(dir, name), { args: ['sh', '-c', script] });
	const h = await startCounter({ id, bundle: b.bundle, waitTicks: 3 });
	const imagePath = join(dir, `${name}-images`);
	await checkpoint({ id, imagePath, workPath: join(dir, `${name}-dump`) });
	await h.exited;
	h.closeStdin();
	return { id, bundle: b.bundle, imagePath };
}


async function overhead(dir: string): Promise<Record<string, Measure>> {
	// Ticks every millisecond: the first byte after a restore comes as soon as the process runs again.
	const c = await checkpointed(dir, 'fast', 'i=0; while true; do echo tick $i; i=$((i+1)); usleep 1000; done');
	const ours: number[] = [];
	const warm: number[] = [];
	const raw: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		await runcKillDelete(c.id);
		raw.push(await rawFirstByte(c, join(dir, `raw-work-${i}`)));
		await runcKillDelete(c.id);
		ours.push(await helperFirstByte(c, false));
		await runcKillDelete(c.id);
		warm.push(await helperFirstByte(c, true));
	}
	const o = median(ours);
	const w = median(warm);
	const b = median(raw);
	return {
		'restore.overhead': { ours: o, baseline: b, unit: 'ms', ratio: o / b, better: 'lower', baselineName: 'runc restore (raw, same checkpoint)', goal: 1.1, note: `median of ${RUNS}, alternating; ours includes starting the helper (a Node process); runc/CRIU versions come from the helper's probe cache (only the first helper after a boot or a binary change runs --version)` },
		'restore.overheadWarm': { ours: w, baseline: b, unit: 'ms', ratio: w / b, better: 'lower', baselineName: 'runc restore (raw, same checkpoint)', goal: 1.1, note: 'helper started before the restore request (as while the user picks the checkpoint)' },
	};
}

async function rawFirstByte(c: { id: string; bundle: string; imagePath: string }, workPath: string): Promise<number> {
	const t0 = performance.now();
	const child = spawn(runcPath(), ['restore', '--image-path', c.imagePath, '--work-path', workPath, c.id], { cwd: c.bundle, stdio: ['pipe', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
	const ms = await new Promise<number>((res, rej) => {
		child.stdout.once('data', () => res(performance.now() - t0));
		child.once('close', (code) => rej(new Error(`raw runc restore exited ${code} before any output: ${stderr.trim()}`)));
	});
	child.stdout.resume();
	await runcKillDelete(c.id);
	await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('close', r)));
	return ms;
}

async function helperFirstByte(c: { id: string; bundle: string; imagePath: string }, warm: boolean): Promise<number> {
	let t0 = performance.now();
	const client = await HelperClient.start({ cliPath, elevation: 'root' });
	if (warm) t0 = performance.now();
	const first = new Promise<number>((res) => client.onEvent('stdout', () => res(performance.now() - t0)));
	const restore = client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath });
	const ms = await Promise.race([first, restore.then(() => first)]);
	await client.request('cancel', {});
	client.dispose();
	await client.whenExited();
	return ms;
}

async function throughput(dir: string): Promise<Record<string, Measure>> {
	// Checkpointed while waiting for a line on stdin; once restored and sent one, it writes 512 MiB and exits.
	const script = `echo tick 0; echo tick 1; echo tick 2; read go; dd if=/dev/zero bs=65536 count=${STREAM_BYTES / 65536} 2>/dev/null`;
	const c = await checkpointed(dir, 'stream', script);
	const ours: number[] = [];
	const raw: number[] = [];
	const rss: number[] = [];
	for (let i = 0; i < 3; i++) {
		raw.push(await rawStream(c, join(dir, `stream-raw-${i}`)));
		const r = await helperStream(c);
		ours.push(r.mbps);
		rss.push(r.peakRssMb);
	}
	const o = median(ours);
	const b = median(raw);
	const peak = Math.max(...rss);
	return {
		'restore.throughput': { ours: o, baseline: b, unit: 'MB/s', ratio: o / b, better: 'higher', baselineName: 'runc restore | cat > /dev/null', goal: 0.8, note: `512 MiB, median of 3, timed from the go line to the last byte and the exit; HelperClient defaults (direct output: the client reads the container's stdout socket); helper peak RSS ${peak.toFixed(0)} MB (goal < 150)` },
		'restore.helperPeakRss': { ours: peak, baseline: 150, unit: 'MB', ratio: peak / 150, better: 'lower', baselineName: 'the 150 MB budget', goal: 1, note: 'VmHWM of the helper while streaming 512 MiB' },
	};
}

async function rawStream(c: { id: string; bundle: string; imagePath: string }, workPath: string): Promise<number> {
	const pidFile = join(workPath, 'pid');
	// The baseline is literally the shell pipeline users would type.
	const sh = spawn('/bin/sh', ['-c', `exec ${runcPath()} restore --image-path "$1" --work-path "$2" --pid-file "$3" "$4" | cat > /dev/null`, 'sh', c.imagePath, workPath, pidFile, c.id], { cwd: c.bundle, stdio: ['pipe', 'inherit', 'inherit'] });
	const done = new Promise<number | null>((r) => sh.once('close', r));
	await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim().length > 0, 60_000, 'the raw restore');
	const t0 = performance.now();
	sh.stdin.write('go\n');
	const code = await done;
	const secs = (performance.now() - t0) / 1000;
	await runcKillDelete(c.id);
	if (code !== 0) throw new Error(`raw streaming restore exited ${code}`);
	return STREAM_BYTES / MIB / secs;
}

async function helperStream(c: { id: string; bundle: string; imagePath: string }): Promise<{ mbps: number; peakRssMb: number }> {
	const client = await HelperClient.start({ cliPath, elevation: 'root' });
	let bytes = 0;
	client.onEvent('stdout', (_e, data) => (bytes += data?.length ?? 0));
	const exited = new Promise<number>((r) => client.onEvent('exited', (e) => r(e.code)));
	await client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath });
	const t0 = performance.now();
	client.writeStdin(Buffer.from('go\n'));
	const code = await exited;
	const secs = (performance.now() - t0) / 1000;
	const status = readFileSync(`/proc/${client.pid}/status`, 'utf8');
	const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
	client.dispose();
	await client.whenExited();
	await runcKillDelete(c.id);
	if (code !== 0 || bytes < STREAM_BYTES) throw new Error(`streaming restore exited ${code} after ${bytes} bytes`);
	return { mbps: STREAM_BYTES / MIB / secs, peakRssMb: hwm };
}

async function waitFor(pred: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!pred()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
}
