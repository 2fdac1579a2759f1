import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ReadSlab } from '../../../server/src/helper/readSlab';

describe('ReadSlab', () => {
	test('consecutive reads land in disjoint memory, so views handed out stay intact', () => {
		const slab = new ReadSlab(64, 16);
		const views: Buffer[] = [];
		for (let i = 0; i < 20; i++) {
			const buf = slab.next();
			assert.ok(buf.length >= 16, 'every read gets at least minRead bytes of room');
			const n = 1 + (i % 7);
			buf.fill(i, 0, n);
			views.push(slab.take(buf, n));
		}
		views.forEach((v, i) => {
			assert.equal(v.length, 1 + (i % 7));
			assert.ok(v.every((b) => b === i), `view ${i} was not overwritten by a later read`);
		});
	});

	test('a read uses the rest of the slab; a new slab starts when less than minRead is left', () => {
		const slab = new ReadSlab(64, 16);
		const a = slab.next();
		assert.equal(a.length, 64);
		slab.take(a, 40);
		const b = slab.next();
		assert.equal(b.length, 24);
		assert.equal(b.buffer, a.buffer);
		slab.take(b, 10);
		const c = slab.next();
		assert.equal(c.length, 64, 'only 14 bytes were left: a fresh slab');
		assert.notEqual(c.buffer, a.buffer);
	});

	test('a read of nothing leaves the next read at the same place', () => {
		const slab = new ReadSlab(64, 16);
		const a = slab.next();
		assert.equal(slab.take(a, 0).length, 0);
		assert.equal(slab.next().byteOffset, a.byteOffset);
	});
});
