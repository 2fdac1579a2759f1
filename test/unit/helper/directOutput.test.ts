import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, utimesSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { clientIdentity, DirectOutput } from '../../../server/src/helper/directOutput';

function base(t: { after(fn: () => void): void }): string {
	const dir = mkdtempSync(join(tmpdir(), 'ocir-direct-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	return join(dir, 'stdio');
}

const me = { uid: process.getuid!(), gid: process.getgid!() };

describe('DirectOutput', () => {
	test('the socket is the client\'s (mode 0600) in a fresh 0711 directory; one connection is accepted, then both are gone', async (t) => {
		const out = await DirectOutput.open(me, base(t));
		const sock = statSync(out.path);
		assert.ok(sock.isSocket());
		assert.equal(sock.mode & 0o777, 0o600);
		assert.equal(sock.uid, me.uid);
		const dir = statSync(dirname(out.path));
		assert.equal(dir.mode & 0o777, 0o711, 'searchable, not listable: the random name is the secret');
		assert.match(dirname(out.path), /\/[0-9a-f]{32}$/);
		const client = connect(out.path);
		const accepted = await out.accept(5000);
		assert.ok(accepted, 'the connection is handed over');
		assert.equal(existsSync(dirname(out.path)), false, 'the socket and its directory are removed once connected');
		// Whatever is written on the accepted end (in a restore: by the container) reaches the client.
		const got = new Promise<Buffer>((resolve) => {
			const parts: Buffer[] = [];
			client.on('data', (d: Buffer) => parts.push(d));
			client.on('end', () => resolve(Buffer.concat(parts)));
		});
		accepted!.end(Buffer.from([0, 1, 255]));
		assert.deepEqual(await got, Buffer.from([0, 1, 255]));
		client.destroy();
	});

	test('as root the socket belongs to the client\'s uid, not root', { skip: process.getuid!() !== 0 && 'needs root to chown' }, async (t) => {
		const out = await DirectOutput.open({ uid: 65534, gid: 65534 }, base(t));
		assert.equal(statSync(out.path).uid, 65534);
		assert.equal(statSync(dirname(out.path)).uid, 0);
		out.abort();
	});

	test('no connection within the timeout: undefined, nothing left behind', async (t) => {
		const out = await DirectOutput.open(me, base(t));
		const t0 = Date.now();
		assert.equal(await out.accept(50), undefined);
		assert.ok(Date.now() - t0 < 5000);
		assert.equal(existsSync(dirname(out.path)), false);
	});

	test('abort ends the wait at once', async (t) => {
		const out = await DirectOutput.open(me, base(t));
		const waiting = out.accept(60_000);
		out.abort();
		assert.equal(await waiting, undefined);
		assert.equal(existsSync(dirname(out.path)), false);
	});

	test('a base directory writable by others is refused', async (t) => {
		const b = base(t);
		spawnSync('/bin/mkdir', ['-m', '0777', b]);
		await assert.rejects(DirectOutput.open(me, b), /writable only by it/);
	});
});

describe('clientIdentity', () => {
	test('a pipe\'s owner is its creator; a regular file gives no identity', (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'ocir-ident-'));
		t.after(() => rmSync(dir, { recursive: true, force: true }));
		const fifo = join(dir, 'fifo');
		assert.equal(spawnSync('/usr/bin/mkfifo', [fifo]).status, 0);
		const fd = openSync(fifo, 'r+');
		try {
			assert.deepEqual(clientIdentity(fd), me);
		} finally {
			closeSync(fd);
		}
		const file = openSync(join(dir, 'file'), 'w');
		try {
			assert.equal(clientIdentity(file), undefined);
		} finally {
			closeSync(file);
		}
	});
});

describe('DirectOutput leftovers', () => {
	test('a socket directory left by a killed helper long ago is removed; a fresh one is kept', async (t) => {
		const b = base(t);
		const first = await DirectOutput.open(me, b);
		const old = dirname(first.path);
		const hourAgo = new Date(Date.now() - 3600_000);
		utimesSync(old, hourAgo, hourAgo);
		const second = await DirectOutput.open(me, b);
		assert.equal(existsSync(old), false, 'the stale directory is gone');
		const third = await DirectOutput.open(me, b);
		assert.ok(existsSync(dirname(second.path)), 'a directory still in use is kept');
		first.abort();
		second.abort();
		third.abort();
	});
});

describe('DirectOutput before the restore asks', () => {
	test('a connection made before accept is handed out at once', async (t) => {
		const out = await DirectOutput.open(me, base(t));
		const client = connect(out.path);
		await new Promise((r) => client.once('connect', r));
		await new Promise((r) => setImmediate(r));
		const t0 = Date.now();
		const s = await out.accept(60_000);
		assert.ok(s);
		assert.ok(Date.now() - t0 < 1000);
		s!.destroy();
		client.destroy();
	});

	test('abort closes a connection nobody claimed: the client sees EOF', async (t) => {
		const out = await DirectOutput.open(me, base(t));
		const client = connect(out.path);
		const ended = new Promise<void>((r) => client.once('end', () => r()).resume());
		await new Promise((r) => client.once('connect', r));
		await pollUntilAccepted(() => !existsSync(dirname(out.path)));
		out.abort();
		await ended;
		assert.equal(out.aborted, true);
		assert.equal(await out.accept(10), undefined, 'nothing to hand out after an abort');
		client.destroy();
	});
});

async function pollUntilAccepted(pred: () => boolean): Promise<void> {
	const end = Date.now() + 5000;
	while (!pred()) {
		if (Date.now() > end) throw new Error('the connection was not accepted');
		await new Promise((r) => setTimeout(r, 5));
	}
}
