import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConsoleKeeper, type KeeperEvent } from '../../../server/src/helper/consoleKeeper';
import { encodeFrame, FrameReader } from '../../../server/src/helper/framing';

interface NativePty {
	open(cols: number, rows: number): { master: number; slave: number; pty: string };
}

/** A real pty pair from node-pty's native module (the one the keeper resizes with). */
function openPty(): { master: number; slave: number } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { requireBinary } = require('@lydell/node-pty/requireBinary') as { requireBinary: (f: string) => NativePty };
	return requireBinary('pty.node').open(80, 24);
}

async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!pred()) {
		if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('console keeper (a real pty, no container)', () => {
	test('logs and replays the console, streams it live, passes input on, and ends on hang-up removing its socket', async (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'ocir-keeper-'));
		t.after(() => rmSync(dir, { recursive: true, force: true }));
		const { master, slave } = openPty();
		const statusPath = join(dir, 'status');
		const attachSocket = join(dir, 'attach.sock');
		const logPath = join(dir, 'console.log');
		const done = runConsoleKeeper({ id: 'k1', attachSocket, logPath, pidFile: join(dir, 'no-pid-yet'), masterFd: master, statusFd: openSync(statusPath, 'w') });
		await until(() => /^ready \d+\n$/.test(readFileSync(statusPath, 'utf8')), 5000, 'ready on the status fd');
		assert.ok(existsSync(attachSocket));

		// Output with nobody attached is drained into the log (the container never blocks on it).
		writeSync(slave, 'before attach\n');
		await until(() => existsSync(logPath) && readFileSync(logPath, 'utf8').includes('before attach'), 5000, 'the log');

		const events: KeeperEvent[] = [];
		let output = '';
		const client = connect(attachSocket);
		const reader = new FrameReader((f) => {
			if (!f.ok) return;
			events.push(f.header as KeeperEvent);
			if ((f.header as KeeperEvent).type === 'output' && f.data) output += f.data.toString('utf8');
		});
		client.on('data', (d: Buffer) => reader.push(d));
		await until(() => output.includes('before attach'), 5000, 'the replay');
		assert.deepEqual(events[0], { type: 'hello', id: 'k1', pid: 0, keeperPid: process.pid, terminal: true });

		writeSync(slave, 'live line\n');
		await until(() => output.includes('live line\r\n'), 5000, 'live output (the terminal turns \\n into \\r\\n)');
		// Input goes to the terminal: its line discipline echoes it back out of the master.
		for (const part of encodeFrame({ type: 'stdin', size: 6 }, Buffer.from('typed\n'))) client.write(part);
		await until(() => output.includes('typed'), 5000, 'the echo of the input');

		// The last holder of the terminal goes away: the keeper says so, ends and removes its socket.
		closeSync(slave);
		assert.equal(await done, 0);
		await until(() => events.some((e) => e.type === 'hangup'), 5000, 'the hangup frame');
		assert.equal(existsSync(attachSocket), false);
		client.destroy();
	});

	test('a log that cannot be written (a full disk: /dev/full) does not end the keeper: the console still streams', async (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'ocir-keeper-'));
		t.after(() => rmSync(dir, { recursive: true, force: true }));
		const { master, slave } = openPty();
		const statusPath = join(dir, 'status');
		const attachSocket = join(dir, 'attach.sock');
		const done = runConsoleKeeper({ id: 'k2', attachSocket, logPath: '/dev/full', pidFile: join(dir, 'pid'), masterFd: master, statusFd: openSync(statusPath, 'w') });
		await until(() => readFileSync(statusPath, 'utf8').startsWith('ready'), 5000, 'ready');
		writeSync(slave, 'lost to the log\n');
		let output = '';
		const client = connect(attachSocket);
		const reader = new FrameReader((f) => {
			if (f.ok && f.data) output += f.data.toString('utf8');
		});
		client.on('data', (d: Buffer) => reader.push(d));
		await until(() => output.includes('lost to the log'), 5000, 'the replay');
		writeSync(slave, 'still streaming\n');
		await until(() => output.includes('still streaming'), 5000, 'live output after the log failed');
		closeSync(slave);
		assert.equal(await done, 0);
		client.destroy();
	});
});
