import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { HelperServer } from '../../../server/src/helper/helperServer';
import { FrameReader } from '../../../server/src/helper/framing';
import { HelperError } from '../../../server/src/helper/helperError';
import { validateRequest } from '../../../server/src/helper/validateRequest';
import { findConsolePython } from '../../../server/src/helper/consolePython';
import { attachSocketPath } from '../../../server/src/helper/consolePaths';
import type { Planner } from '../../../server/src/helper/planner';
import type { ProcessHost } from '../../../server/src/helper/processHost';

function code(header: Record<string, unknown>): string {
	const r = validateRequest(header);
	return 'error' in r ? `${r.error.code}:${String(r.error.details)}` : 'ok';
}

/** Serves `lines` with a host and planner that record (and refuse) every call; returns the responses by id. */
async function serve(lines: object[]) {
	const calls: string[] = [];
	const no = (what: string) => {
		calls.push(what);
		throw new Error('no process may start in this test');
	};
	const host: ProcessHost = { spawn: (f) => no(`spawn ${f}`), spawnPty: (f) => no(`spawnPty ${f}`), run: async (f) => no(`run ${f}`) };
	const refuse = async (name: string): Promise<never> => {
		calls.push(`planner.${name}`);
		throw new HelperError('not-found', 'runc not found (test planner)');
	};
	const planner: Planner = { planRestore: () => refuse('planRestore'), planCheckpoint: () => refuse('planCheckpoint'), runc: () => refuse('runc'), preflight: () => refuse('preflight'), parseCriuLog: () => [] };
	const input = new PassThrough();
	const output = new PassThrough();
	const responses = new Map<number, { code?: string; details?: unknown }>();
	const reader = new FrameReader((f) => {
		if (f.ok && typeof f.header.id === 'number') responses.set(f.header.id, (f.header.error ?? {}) as { code?: string });
	});
	output.on('data', (c: Buffer) => reader.push(c));
	const done = new HelperServer({ input, output, host, planner }).run();
	for (const l of lines) input.write(JSON.stringify(l) + '\n');
	input.end();
	await done;
	await new Promise((r) => setImmediate(r));
	return { calls, responses };
}

describe('attach requests (detached terminal containers)', () => {
	test('the attach verb takes an id, an optional size and the tool paths; nothing else', () => {
		assert.equal(code({ id: 1, method: 'attach', params: { id: 'c1' } }), 'ok');
		assert.equal(code({ id: 1, method: 'attach', params: { id: 'c1', cols: 80, rows: 24, runcRoot: '/run/other' } }), 'ok');
		assert.equal(code({ id: 1, method: 'attach', params: {} }), 'bad-request:id');
		assert.equal(code({ id: 1, method: 'attach', params: { id: 'c1', cols: '80' } }), 'bad-request:cols');
		assert.equal(code({ id: 1, method: 'attach', params: { id: 'c1', socket: '/tmp/x.sock' } }), 'bad-request:socket');
		assert.equal(code({ id: 1, method: 'attach', params: { id: 'c1\0' } }), 'bad-request:id');
	});

	test('a bad id or size is refused before the planner runs and before anything connects or starts', async () => {
		const r = await serve([
			{ id: 1, method: 'attach', params: { id: '-rf' } },
			{ id: 2, method: 'attach', params: { id: '../../etc' } },
			{ id: 3, method: 'attach', params: { id: 'ok', cols: 80 } },
			{ id: 4, method: 'attach', params: { id: 'ok', cols: 0, rows: 24 } },
			{ id: 5, method: 'attach', params: { id: 'ok', cols: 80, rows: 10001 } },
		]);
		assert.deepEqual(r.calls, []);
		assert.deepEqual([1, 2, 3, 4, 5].map((i) => [r.responses.get(i)?.code, r.responses.get(i)?.details]), [
			['bad-request', 'id'],
			['bad-request', 'id'],
			['bad-request', 'rows'],
			['bad-request', 'cols'],
			['bad-request', 'cols'],
		]);
	});

	test('a valid attach resolves runc through the planner first (which refuses here); no process starts', async () => {
		const r = await serve([{ id: 1, method: 'attach', params: { id: 'c1', cols: 80, rows: 24 } }]);
		assert.deepEqual(r.calls, ['planner.runc']);
		assert.equal(r.responses.get(1)?.code, 'not-found');
	});

	test('attach socket paths fit a unix socket whatever the id, and differ per runc root and id', () => {
		const long = attachSocketPath('x'.repeat(1000), undefined, '/run/oci-restore/tty');
		assert.ok(Buffer.byteLength(long) < 108, long);
		assert.notEqual(attachSocketPath('c1', undefined, '/d'), attachSocketPath('c2', undefined, '/d'));
		assert.notEqual(attachSocketPath('c1', undefined, '/d'), attachSocketPath('c1', '/run/other', '/d'));
		assert.equal(attachSocketPath('c1', undefined, '/d'), attachSocketPath('c1', '/run/runc', '/d'), 'the default root is runc\'s');
	});

	test('without python3 a detached terminal restore fails with a message naming the package', () => {
		assert.throws(
			() => findConsolePython(['/nonexistent/oci-restore/python3']),
			(err: HelperError) => {
				assert.equal(err.code, 'not-found');
				assert.equal(err.details, 'detach');
				assert.match(err.message, /python3-minimal/);
				assert.match(err.message, /console socket/);
				return true;
			},
		);
	});
});
