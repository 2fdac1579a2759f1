import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { containerExists } from '../support/bundle';
import { HelperClient } from '../../server/src/helper/client';
import { FrameReader, encodeFrame } from '../../server/src/helper/framing';
import { checkpointedCounter, cliPath, pollUntil, Recorder, restorePrerequisites, startHelper, withDeadline } from './restoreSupport';

/** After `read go`: 3000 numbered lines, a few raw bytes and a line on stderr, then exit 0. */
const SCRIPT = 'echo tick 0; echo tick 1; echo tick 2; read go; i=0; while [ $i -lt 3000 ]; do echo "line $i"; i=$((i+1)); done; echo oops >&2; printf "\\000\\001\\377"';
const LINES = Array.from({ length: 3000 }, (_, i) => `line ${i}\n`).join('');

describe('direct output: the client reads the container\'s stdout itself (real runc + CRIU)', () => {
	test('the helper announces a private socket; every byte arrives in order, binary-safe, before exited; stderr still comes as frames', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { args: ['sh', '-c', SCRIPT] });
		const log: string[] = [];
		const client = await startHelper(t, log);
		const rec = new Recorder(client);
		let stdoutAtExit = -1;
		client.onEvent('exited', () => (stdoutAtExit = rec.stdout.length));
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the restore');
		const announced = rec.all('outputSocket');
		assert.equal(announced.length, 1, 'one output socket announced');
		assert.equal(announced[0].stream, 'stdout');
		assert.match(announced[0].path, /^\/run\/oci-restore-stdio\/[0-9a-f]{32}\/stdout\.sock$/);
		assert.equal(existsSync(dirname(announced[0].path)), false, 'the socket and its directory are gone once connected');
		client.writeStdin(Buffer.from('go\n'));
		const exited = await rec.exited(60_000);
		assert.equal(exited.code, 0);
		const expected = Buffer.concat([Buffer.from(LINES), Buffer.from([0, 1, 255])]);
		assert.equal(stdoutAtExit, rec.stdout.length, 'no byte arrives after exited');
		assert.deepEqual(rec.stdout, expected, 'every line in order, then the raw bytes, nothing else');
		assert.match(rec.stderr.toString(), /oops/);
		assert.ok(!log.some((l) => /output: frames/.test(l)), `no fallback to frames: ${log.join('\n')}`);
		await pollUntil(async () => !(await containerExists(c.id)), 10_000, 'runc state to be gone');
	});

	test('reuseOutputBuffer: every read lands in the same buffer; what the listener copies is every byte in order', async (t) => {
		if (!restorePrerequisites(t)) return;
		// seq's lines, then more than a socket holds at once (many reads whatever the timing).
		const c = await checkpointedCounter(t, { args: ['sh', '-c', 'echo tick 0; echo tick 1; echo tick 2; read go; seq 1 20000; dd if=/dev/zero bs=65536 count=32 2>/dev/null'] });
		const client = await HelperClient.start({ cliPath, elevation: 'root', reuseOutputBuffer: true });
		t.after(async () => {
			client.dispose();
			await withDeadline(client.whenExited(), 20_000, 'the helper to exit');
		});
		const copies: Buffer[] = [];
		const memory = new Set<ArrayBufferLike>();
		let views = 0;
		client.onEvent('stdout', (_e, data) => {
			if (!data) return;
			views++;
			memory.add(data.buffer);
			copies.push(Buffer.from(data));
		});
		const exited = new Promise<number>((r) => client.onEvent('exited', (e) => r(e.code)));
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the restore');
		client.writeStdin(Buffer.from('go\n'));
		assert.equal(await withDeadline(exited, 60_000, 'the container to exit'), 0);
		const seq = Array.from({ length: 20000 }, (_, i) => `${i + 1}\n`).join('');
		assert.ok(Buffer.concat(copies).equals(Buffer.concat([Buffer.from(seq), Buffer.alloc(2 * 1024 * 1024)])), 'every byte, in order');
		assert.ok(views > 8, `many reads (${views})`);
		assert.equal(memory.size, 1, 'one buffer behind every chunk');
		await pollUntil(async () => !(await containerExists(c.id)), 10_000, 'runc state to be gone');
	});

	test('a client that never connects: after the connect timeout the helper sends frames and the restore works', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { args: ['sh', '-c', SCRIPT] });
		// A bare protocol client that asks for direct output and ignores the announcement.
		const helper = spawn(process.execPath, [cliPath, 'helper', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
		t.after(async () => {
			helper.stdin.end();
			if (helper.exitCode === null) await new Promise((r) => helper.once('close', r));
		});
		const frames: Record<string, unknown>[] = [];
		let stdout = Buffer.alloc(0);
		const reader = new FrameReader((f) => {
			if (!f.ok) return;
			frames.push(f.header);
			if (f.header.event === 'stdout' && f.data) stdout = Buffer.concat([stdout, f.data]);
		});
		helper.stdout.on('data', (d: Buffer) => reader.push(d));
		const send = (h: object, data?: Buffer) => {
			for (const p of encodeFrame(h, data)) helper.stdin.write(p);
		};
		send({ id: 1, method: 'restore', params: { id: c.id, bundle: c.bundle, imagePath: c.imagePath, output: 'direct' } });
		await pollUntil(() => frames.some((f) => f.id === 1), 60_000, 'the restore response');
		const response = frames.find((f) => f.id === 1)!;
		assert.equal(response.error, undefined, JSON.stringify(response.error));
		assert.ok(frames.some((f) => f.event === 'outputSocket'));
		assert.ok(frames.some((f) => f.event === 'log' && /did not connect/.test(String(f.message))), 'the fallback is logged');
		send({ id: 2, method: 'stdin', params: { size: 3 } }, Buffer.from('go\n'));
		await pollUntil(() => frames.some((f) => f.event === 'exited'), 60_000, 'exited');
		assert.deepEqual(stdout, Buffer.concat([Buffer.from(LINES), Buffer.from([0, 1, 255])]), 'all of it as stdout frames');
		await pollUntil(async () => !(await containerExists(c.id)), 10_000, 'runc state to be gone');
	});

	test('a restore that asks for frames gets frames; the start-up socket is closed, so exited is not held back', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { args: ['sh', '-c', SCRIPT] });
		const log: string[] = [];
		const client = await startHelper(t, log);
		const rec = new Recorder(client);
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath, output: 'frames' }), 60_000, 'the restore');
		client.writeStdin(Buffer.from('go\n'));
		assert.equal((await rec.exited(60_000)).code, 0);
		assert.deepEqual(rec.stdout, Buffer.concat([Buffer.from(LINES), Buffer.from([0, 1, 255])]));
		assert.ok(!log.some((l) => /did not connect/.test(l)), 'frames were asked for, not a fallback');
	});

	test('the output socket is announced at start-up, so the client is connected before it asks for a restore', async (t) => {
		if (!restorePrerequisites(t)) return;
		const c = await checkpointedCounter(t, { args: ['sh', '-c', SCRIPT] });
		const client = await startHelper(t);
		const rec = new Recorder(client);
		await rec.until(() => rec.all('outputSocket').length === 1, 10_000, 'the start-up announcement');
		const path = rec.all('outputSocket')[0].path;
		await pollUntil(() => !existsSync(dirname(path)), 10_000, 'the client to connect (the helper then removes the socket)');
		await withDeadline(client.request('restore', { id: c.id, bundle: c.bundle, imagePath: c.imagePath }), 60_000, 'the restore');
		assert.equal(rec.all('outputSocket').length, 1, 'the restore used the connection made at start-up');
		client.writeStdin(Buffer.from('go\n'));
		assert.equal((await rec.exited(60_000)).code, 0);
		assert.deepEqual(rec.stdout, Buffer.concat([Buffer.from(LINES), Buffer.from([0, 1, 255])]));
	});
});
