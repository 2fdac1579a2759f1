import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { setImmediate as immediate } from 'node:timers/promises';
import { FrameReader, type Frame } from '../../../server/src/helper/framing';
import { FrameWriter } from '../../../server/src/helper/frameWriter';
import { OutputCoalescer } from '../../../server/src/helper/outputCoalescer';

function wire() {
	const stream = new PassThrough();
	const frames: Frame[] = [];
	const reader = new FrameReader((f) => frames.push(f));
	stream.on('data', (c: Buffer) => reader.push(c));
	return { writer: new FrameWriter(stream), frames };
}

function payloads(frames: Frame[]): { event: unknown; data: Buffer }[] {
	return frames.map((f) => {
		assert.ok(f.ok, 'every frame decodes');
		assert.equal(f.header.size, f.data?.length);
		return { event: f.header.event, data: f.data! };
	});
}

describe('OutputCoalescer', () => {
	test('chunks read in one loop turn become one frame; binary bytes pass unchanged', async () => {
		const { writer, frames } = wire();
		const c = new OutputCoalescer(writer, () => undefined, () => undefined);
		const chunks = [Buffer.from([0, 10, 255]), Buffer.from('{"event":"x"}\n'), Buffer.from([13, 10, 0])];
		for (const ch of chunks) c.push('stdout', ch);
		assert.equal(frames.length, 0, 'nothing is written before the reads of this turn are done');
		await immediate();
		await immediate();
		const got = payloads(frames);
		assert.equal(got.length, 1);
		assert.deepEqual(got[0], { event: 'stdout', data: Buffer.concat(chunks) });
	});

	test('a lone chunk is sent in the same loop turn, without waiting for more', async () => {
		const { writer, frames } = wire();
		const c = new OutputCoalescer(writer, () => undefined, () => undefined);
		c.push('stdout', Buffer.from('first'));
		await immediate();
		await immediate();
		assert.deepEqual(payloads(frames), [{ event: 'stdout', data: Buffer.from('first') }]);
	});

	test('keeps stdout/stderr order and splits at maxBytes', async () => {
		const { writer, frames } = wire();
		const c = new OutputCoalescer(writer, () => undefined, () => undefined, 4);
		c.push('stdout', Buffer.from('abcdef'));
		c.push('stderr', Buffer.from('E'));
		c.push('stdout', Buffer.from('gh'));
		c.flush();
		await immediate();
		assert.deepEqual(payloads(frames), [
			{ event: 'stdout', data: Buffer.from('abcd') },
			{ event: 'stdout', data: Buffer.from('ef') },
			{ event: 'stderr', data: Buffer.from('E') },
			{ event: 'stdout', data: Buffer.from('gh') },
		]);
	});

	test('pauses the source once when the writer is full and resumes it after the drain', async () => {
		let release: (() => void) | undefined;
		const slow = new Writable({
			highWaterMark: 8,
			write(_chunk, _enc, cb) {
				release = cb;
			},
		});
		const writer = new FrameWriter(slow);
		const calls: string[] = [];
		const c = new OutputCoalescer(writer, () => calls.push('pause'), () => calls.push('resume'));
		c.push('stdout', Buffer.alloc(64, 1));
		c.flush();
		c.push('stdout', Buffer.alloc(64, 2));
		c.flush();
		assert.deepEqual(calls, ['pause'], 'paused once, not once per frame');
		const deadline = Date.now() + 5000;
		while (!calls.includes('resume')) {
			assert.ok(Date.now() < deadline, 'resumed after the drain');
			const r = release;
			release = undefined;
			r?.();
			await immediate();
		}
		assert.deepEqual(calls, ['pause', 'resume']);
	});
});
