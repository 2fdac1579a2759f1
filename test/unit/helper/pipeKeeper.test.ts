import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { encodeFrame, FrameReader } from '../../../server/src/helper/framing';
import { runPipeKeeper, type PipeKeeperEvent, type PipeKeeperInput } from '../../../server/src/helper/pipeKeeper';
import { pipeKeeperArgs, pipeKeeperEnv } from '../../../server/src/helper/pipeKeeperLauncher';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { BoundedLog, ReplayBuffer } from '../../../server/src/helper/keeperLog';

/** Stands in for runc: answers each line on stdout and stderr, says when its stdin ended, then exits 3. */
const ANSWER = 'while read l; do echo "out:$l"; echo "err:$l" >&2; done; echo stdin-ended; exit 3';

function setup(t: TestContext) {
	const dir = mkdtempSync(join(tmpdir(), 'ocir-pk-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	const statusPath = join(dir, 'status');
	const statusFd = openSync(statusPath, 'w');
	t.after(() => {
		try {
			closeSync(statusFd);
		} catch {
			// the keeper closed it
		}
	});
	writeFileSync(join(dir, 'runc.pid'), '4242');
	return { dir, statusPath, statusFd, attachSocket: join(dir, 'attach.sock'), logPath: join(dir, 'container.log') };
}

/** A client of the keeper's attach socket, collecting what it sends. */
class Client {
	readonly events: { e: PipeKeeperEvent; data?: Buffer }[] = [];
	readonly sock: Socket;
	constructor(path: string) {
		this.sock = connect(path);
		const reader = new FrameReader((f) => {
			if (f.ok) this.events.push({ e: f.header as PipeKeeperEvent, data: f.data });
		});
		this.sock.on('data', (d: Buffer) => reader.push(d));
		this.sock.on('error', () => undefined);
	}
	send(e: PipeKeeperInput, data?: Buffer): void {
		for (const part of encodeFrame(e, data)) this.sock.write(part);
	}
	text(stream: 'stdout' | 'stderr'): string {
		return this.events
			.filter((x) => x.e.type === 'output' && ((x.e as { stream?: string }).stream ?? 'stdout') === stream)
			.map((x) => x.data!.toString())
			.join('');
	}
}

async function until(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
	const end = Date.now() + ms;
	while (!pred()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

describe('pipe keeper (a shell standing in for runc; the real one is in test/restore)', () => {
	test('greets, forwards stdin and EOF, tags stderr, replays to a late client, logs; ends with its child and removes its socket', async (t) => {
		const s = setup(t);
		const done = runPipeKeeper({ id: 'p1', attachSocket: s.attachSocket, logPath: s.logPath, pidFile: join(s.dir, 'runc.pid'), runc: '/bin/sh', args: ['-c', ANSWER], cwd: s.dir, env: { PATH: '/usr/bin:/bin' }, statusFd: s.statusFd });
		await until(() => readFileSync(s.statusPath, 'utf8').startsWith('runc '), 'the runc line on the status pipe');
		assert.ok(existsSync(s.attachSocket), 'the socket listens before the child starts');
		const a = new Client(s.attachSocket);
		await until(() => a.events.length > 0, 'hello');
		assert.deepEqual(a.events[0].e, { type: 'hello', id: 'p1', pid: 4242, keeperPid: process.pid, terminal: false });
		a.send({ type: 'stdin', size: 4 }, Buffer.from('one\n'));
		await until(() => a.text('stdout') === 'out:one\n' && a.text('stderr') === 'err:one\n', 'the answer on both streams');
		// A late client gets the replay, each stream tagged as it came.
		const b = new Client(s.attachSocket);
		await until(() => b.text('stdout') === 'out:one\n' && b.text('stderr') === 'err:one\n', 'the replay');
		b.send({ type: 'eof' });
		assert.equal(await done, 3, 'the keeper resolves with its child\'s status');
		await until(() => a.events.some((x) => x.e.type === 'hangup'), 'the hang-up');
		assert.deepEqual(a.events.at(-1)!.e, { type: 'hangup', reason: 'the container exited with status 3' });
		assert.equal(a.text('stdout'), 'out:one\nstdin-ended\n', 'every byte arrives before the hang-up');
		assert.equal(existsSync(s.attachSocket), false);
		assert.match(readFileSync(s.statusPath, 'utf8'), /^runc \d+\nexit 3 null\n$/);
		assert.equal(readFileSync(s.logPath, 'utf8').replace('err:one\n', ''), 'out:one\nstdin-ended\n');
		a.sock.destroy();
		b.sock.destroy();
	});

	test('a child that cannot start ends the keeper at once, saying why on the status pipe', async (t) => {
		const s = setup(t);
		const code = await runPipeKeeper({ id: 'p2', attachSocket: s.attachSocket, logPath: s.logPath, pidFile: join(s.dir, 'runc.pid'), runc: '/nonexistent/runc', args: [], cwd: s.dir, env: {}, statusFd: s.statusFd });
		assert.equal(code, 1);
		assert.match(readFileSync(s.statusPath, 'utf8'), /^error cannot start runc: .*ENOENT/m);
		assert.equal(existsSync(s.attachSocket), false);
	});
});

describe('pipe keeper command line and environment', () => {
	test('node + the CLI + options, then -- and runc\'s argv; ELECTRON_RUN_AS_NODE only under Electron', () => {
		const plan = { attachSocket: '/run/a.sock', node: '/usr/bin/node', script: '/opt/cli.js', logPath: '/w/container.log', keeperLog: '/w/keeper.log' };
		assert.deepEqual(pipeKeeperArgs(plan, 'c1', '/w/runc.pid', { path: '/usr/sbin/runc', argv: ['restore', '--image-path', '/i', 'c1'], env: {}, cwd: '/b' }), [
			'/opt/cli.js', 'pipe-keeper', '--id', 'c1', '--attach', '/run/a.sock', '--log', '/w/container.log', '--pid-file', '/w/runc.pid', '--cwd', '/b', '--', '/usr/sbin/runc', 'restore', '--image-path', '/i', 'c1',
		]);
		assert.deepEqual(pipeKeeperEnv({ PATH: '/usr/bin' }, false), { PATH: '/usr/bin' });
		assert.deepEqual(pipeKeeperEnv({ PATH: '/usr/bin' }, true), { PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' });
	});

	test('the built `pipe-keeper` command starts runc with the keeper\'s environment minus ELECTRON_RUN_AS_NODE', async (t) => {
		const cli = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
		if (!existsSync(cli)) return t.skip('dist/cli.js not built (node esbuild.mjs)');
		const s = setup(t);
		const child = spawn(process.execPath, [cli, 'pipe-keeper', '--id', 'p3', '--attach', s.attachSocket, '--log', s.logPath, '--pid-file', join(s.dir, 'runc.pid'), '--cwd', s.dir, '--', '/usr/bin/env'], {
			env: { PATH: '/usr/bin:/bin', ELECTRON_RUN_AS_NODE: '1', MARK: 'kept' },
			stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
		});
		let status = '';
		(child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (status += d.toString()));
		const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
		assert.equal(code, 0);
		const env = readFileSync(s.logPath, 'utf8');
		assert.match(env, /^MARK=kept$/m);
		assert.match(env, /^PATH=\/usr\/bin:\/bin$/m);
		assert.doesNotMatch(env, /ELECTRON_RUN_AS_NODE/);
		assert.match(status, /^runc \d+\nexit 0 null\n$/);
	});

	test('the command refuses a relative runc', async () => {
		const cli = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
		if (!existsSync(cli)) return;
		const never = join(tmpdir(), 'ocir-never-created');
		const child = spawn(process.execPath, [cli, 'pipe-keeper', '--id', 'x', '--attach', `${never}.sock`, '--log', `${never}.log`, '--pid-file', `${never}.pid`, '--cwd', '/', '--', 'runc'], { stdio: ['ignore', 'ignore', 'pipe'] });
		let err = '';
		child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
		assert.equal(await new Promise((res) => child.on('close', res)), 2);
		assert.match(err, /must be absolute/);
	});
});

describe('keeper logs', () => {
	test('BoundedLog rotates to .1 past its limit and keeps one old generation', (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'ocir-kl-'));
		t.after(() => rmSync(dir, { recursive: true, force: true }));
		const p = join(dir, 'out.log');
		const log = new BoundedLog(p, () => assert.fail('no error expected'), 10);
		log.write(Buffer.from('123456'));
		log.write(Buffer.from('abcdef'));
		log.write(Buffer.from('XYZ'));
		log.close();
		assert.equal(readFileSync(`${p}.1`, 'utf8'), '123456');
		assert.equal(readFileSync(p, 'utf8'), 'abcdefXYZ');
	});

	test('BoundedLog gives up quietly on a write error (a full disk)', () => {
		const problems: string[] = [];
		const log = new BoundedLog('/dev/full', (m) => problems.push(m));
		log.write(Buffer.from('x'));
		log.write(Buffer.from('y'));
		assert.equal(problems.length, 1);
		assert.match(problems[0], /ENOSPC/);
	});

	test('ReplayBuffer keeps at least the last `limit` bytes in order, joining runs of one stream', () => {
		const r = new ReplayBuffer<'o' | 'e'>(8);
		for (const [tag, d] of [['o', 'aaaa'], ['o', 'bbbb'], ['e', 'cc'], ['o', 'dddd']] as const) r.push(tag, Buffer.from(d));
		const c = r.contents().map((x) => [x.tag, x.data.toString()]);
		assert.deepEqual(c, [['o', 'bbbb'], ['e', 'cc'], ['o', 'dddd']]);
		assert.equal(r.byteLength, 10);
	});
});
