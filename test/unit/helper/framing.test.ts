import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FrameReader, encodeFrame, type Frame } from '../../../server/src/helper/framing';
import { MAX_DATA_BYTES, MAX_FRAME_BYTES } from '../../../server/src/common/helperProtocol';

function decode(chunks: Buffer[]): Frame[] {
	const frames: Frame[] = [];
	const r = new FrameReader((f) => frames.push(f));
	for (const c of chunks) r.push(c);
	return frames;
}

describe('helper framing', () => {
	test('round-trips headers and binary payloads, split at every byte', () => {
		const payload = Buffer.from([0, 10, 13, 255, 0x7b, 10, 10, 0]);
		const wire = Buffer.concat([
			...encodeFrame({ event: 'stdout', size: payload.length }, payload),
			...encodeFrame({ id: 2, result: null }),
			...encodeFrame({ id: 3, method: 'stdin', params: { size: 0 } }, Buffer.alloc(0)),
		]);
		const oneByOne = decode([...wire].map((b) => Buffer.from([b])));
		const whole = decode([wire]);
		for (const frames of [oneByOne, whole]) {
			assert.equal(frames.length, 3);
			assert.deepEqual(frames[0], { ok: true, header: { event: 'stdout', size: 8 }, data: payload });
			assert.deepEqual(frames[1], { ok: true, header: { id: 2, result: null } });
			assert.ok(frames[2].ok && frames[2].data?.length === 0);
		}
	});

	test('a payload is not scanned for newlines or JSON', () => {
		const payload = Buffer.from('{"id":9,"method":"cancel"}\n');
		const frames = decode([Buffer.concat([...encodeFrame({ event: 'stderr', size: payload.length }, payload), ...encodeFrame({ id: 1 })])]);
		assert.equal(frames.length, 2);
		assert.ok(frames[0].ok);
		assert.equal(frames[0].data?.toString(), payload.toString());
	});

	test('an over-long header is refused and the next frame still decodes', () => {
		const long = Buffer.from(JSON.stringify({ id: 1, method: 'list', params: { runc: 'x'.repeat(MAX_FRAME_BYTES) } }) + '\n');
		const frames = decode([long.subarray(0, 1000), long.subarray(1000), Buffer.from('{"id":2,"method":"list"}\n')]);
		assert.equal(frames.length, 2);
		assert.equal(frames[0].ok, false);
		assert.match((frames[0] as { reason: string }).reason, /longer than/);
		assert.deepEqual(frames[1], { ok: true, header: { id: 2, method: 'list' } });
	});

	test('an oversized payload is skipped byte for byte, never buffered', () => {
		const size = MAX_DATA_BYTES + 5;
		const head = Buffer.from(JSON.stringify({ id: 4, method: 'stdin', params: { size } }) + '\n');
		const frames = decode([head, Buffer.alloc(size, 0x0a), Buffer.from('{"id":5,"method":"cancel"}\n')]);
		assert.equal(frames.length, 2);
		assert.equal(frames[0].ok, false);
		assert.equal(frames[0].header?.id, 4);
		assert.deepEqual(frames[1], { ok: true, header: { id: 5, method: 'cancel' } });
	});

	test('bad JSON, non-objects and bad sizes are reported, not thrown', () => {
		const frames = decode([Buffer.from('nope\n[1]\n{"id":1,"method":"stdin","params":{"size":-1}}\n\n{"id":2}\n')]);
		assert.deepEqual(frames.map((f) => f.ok), [false, false, false, true]);
	});

	test('streamed payloads: stdout pieces arrive as they come, with their own size; other payloads stay whole', () => {
		const out = Buffer.from('0123456789');
		const wire = Buffer.concat([...encodeFrame({ event: 'stdout', size: 10 }, out), ...encodeFrame({ id: 1, method: 'stdin', params: { size: 3 } }, Buffer.from('abc'))]);
		const frames: Frame[] = [];
		const r = new FrameReader((f) => frames.push(f), true);
		const h = wire.indexOf(10) + 1;
		r.push(wire.subarray(0, h + 3));
		r.push(wire.subarray(h + 3, h + 6));
		r.push(wire.subarray(h + 6));
		const pieces = frames.filter((f) => f.ok && f.header.event === 'stdout') as unknown as { header: { size: number }; data: Buffer }[];
		assert.equal(pieces.length, 3);
		assert.equal(Buffer.concat(pieces.map((p) => p.data)).toString(), '0123456789');
		for (const p of pieces) assert.equal(p.header.size, p.data.length);
		const stdin = frames.find((f) => f.ok && f.header.method === 'stdin') as unknown as { data: Buffer };
		assert.equal(stdin.data.toString(), 'abc');
	});
});
