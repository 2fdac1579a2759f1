import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { HelperServer } from '../../../server/src/helper/helperServer';
import { FrameReader } from '../../../server/src/helper/framing';
import { HelperError } from '../../../server/src/helper/helperError';
import type { Planner } from '../../../server/src/helper/planner';
import type { ProcessHost } from '../../../server/src/helper/processHost';
import { METHODS } from '../../../server/src/common/helperProtocol';

/** A host and planner that record every call; any call at all means something would have started. */
function recorders() {
	const calls: string[] = [];
	const host: ProcessHost = {
		spawn: (file) => {
			calls.push(`spawn ${file}`);
			throw new Error('no process may start in this test');
		},
		spawnPty: (file) => {
			calls.push(`spawnPty ${file}`);
			throw new Error('no process may start in this test');
		},
		run: async (file) => {
			calls.push(`run ${file}`);
			throw new Error('no process may start in this test');
		},
	};
	const plannerCalls: string[] = [];
	const refuse = async (name: string): Promise<never> => {
		plannerCalls.push(name);
		throw new HelperError('not-found', 'runc not found (test planner)');
	};
	const planner: Planner = {
		planRestore: () => refuse('planRestore'),
		planCheckpoint: () => refuse('planCheckpoint'),
		runc: () => refuse('runc'),
		preflight: () => refuse('preflight'),
		parseCriuLog: () => [],
	};
	return { calls, plannerCalls, host, planner };
}

/** Feeds raw chunks to a server, then a final valid request; returns every frame the server wrote. */
async function serve(chunks: Buffer[], rec = recorders()) {
	const input = new PassThrough();
	const output = new PassThrough();
	const frames: Record<string, unknown>[] = [];
	const reader = new FrameReader((f) => {
		assert.ok(f.ok, 'the server writes only well-formed frames');
		frames.push(f.header);
	});
	output.on('data', (c: Buffer) => reader.push(c));
	const server = new HelperServer({ input, output, host: rec.host, planner: rec.planner });
	const done = server.run();
	for (const c of chunks) input.write(c);
	// A newline ends any half-sent header; then a valid request must still be answered.
	input.write('\n{"id":424242,"method":"cancel"}\n');
	input.end();
	await done;
	await new Promise((r) => setImmediate(r));
	return { frames, ...rec };
}

const badRequest = fc.oneof(
	fc.record({ id: fc.nat(), method: fc.string().filter((m) => !(METHODS as readonly string[]).includes(m)), params: fc.object() }),
	fc.record({ id: fc.nat(), method: fc.constantFrom(...METHODS.filter((m) => m !== 'cancel')), params: fc.dictionary(fc.constantFrom('id', 'bundle', 'imagePath', 'runc', 'signal', 'cols', 'size', 'detach', 'emptyNs', 'zzz'), fc.oneof(fc.integer({ min: -5, max: -1 }), fc.constant(null), fc.object(), fc.array(fc.integer()), fc.constant('a\0b')), { minKeys: 1 }) }),
	// Whole doubles (0, -0, 1.0) serialize as valid ids: only fractional, infinite and NaN ones are bad.
	fc.record({ id: fc.oneof(fc.string(), fc.double().filter((d) => !Number.isInteger(d)), fc.constant(null), fc.integer({ max: -1 })), method: fc.constantFrom(...METHODS), params: fc.constant({}) }),
	fc.record({ id: fc.nat(), method: fc.constantFrom(...METHODS), params: fc.oneof(fc.array(fc.anything()), fc.string(), fc.integer()) }),
);

describe('helper protocol fuzz', () => {
	test('random bytes never crash the helper, start nothing, and it keeps answering', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), async (parts) => {
				const r = await serve(parts.map((p) => Buffer.from(p)));
				assert.deepEqual(r.calls, []);
				assert.ok(r.frames.some((f) => f.id === 424242 && 'result' in f), 'the final request is answered');
			}),
			{ numRuns: 150 },
		);
	});

	test('malformed requests are each refused with bad-request before the planner or any process runs', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(badRequest, { minLength: 1, maxLength: 6 }), async (reqs) => {
				const lines = reqs.map((r) => Buffer.from(JSON.stringify(r) + '\n'));
				const r = await serve(lines);
				assert.deepEqual(r.calls, []);
				assert.deepEqual(r.plannerCalls, []);
				const errors = r.frames.filter((f) => 'error' in f);
				assert.equal(errors.length, reqs.length);
				for (const e of errors) assert.equal((e.error as { code: string }).code, 'bad-request');
			}),
			{ numRuns: 200 },
		);
	});

	test('well-formed requests reach the planner, which refuses; still no process starts', async () => {
		const r = await serve([Buffer.from('{"id":1,"method":"restore","params":{"id":"c","bundle":"/nonexistent"}}\n{"id":2,"method":"list","params":{}}\n')]);
		assert.deepEqual(r.calls, []);
		assert.deepEqual(r.plannerCalls.sort(), ['planRestore', 'runc']);
		const byId = new Map(r.frames.filter((f) => typeof f.id === 'number').map((f) => [f.id, f]));
		assert.equal((byId.get(1)?.error as { code: string }).code, 'not-found');
		assert.equal((byId.get(2)?.error as { code: string }).code, 'not-found');
	});

	test('an oversized frame gets an error response and the stream stays in sync', async () => {
		const big = Buffer.from(JSON.stringify({ id: 7, method: 'list', params: { runc: 'x'.repeat(70_000) } }) + '\n');
		const r = await serve([big, Buffer.from('{"id":8,"method":"bogus"}\n')]);
		const errs = r.frames.filter((f) => 'error' in f).map((f) => (f.error as { code: string; message: string }).message);
		assert.equal(errs.length, 2);
		assert.match(errs[0], /longer than/);
		assert.match(errs[1], /unknown method/);
	});
});
