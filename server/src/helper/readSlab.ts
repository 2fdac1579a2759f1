/**
 * Read buffers carved one after the other out of large slabs, for a socket's `onread` option: every
 * read lands in fresh memory that is never reused, so the bytes can be handed to listeners as a view
 * (no copy, and they may keep it) while the allocator is called once per slab instead of once per
 * read. A slab is freed by the GC once no view of it is held.
 */
export class ReadSlab {
	private slab: Buffer;
	private offset = 0;

	/**
	 * @param slabBytes size of one slab
	 * @param minRead a read gets at least this much room (a new slab starts when less is left); a socket
	 *   read returns up to this much at once (several of the writer's chunks when they queued up)
	 */
	constructor(
		private readonly slabBytes = 1024 * 1024,
		private readonly minRead = 128 * 1024,
	) {
		this.slab = Buffer.allocUnsafeSlow(slabBytes);
	}

	/** The buffer the next read goes into: the rest of the current slab. */
	next(): Buffer {
		if (this.slab.length - this.offset < this.minRead) {
			this.slab = Buffer.allocUnsafeSlow(this.slabBytes);
			this.offset = 0;
		}
		return this.slab.subarray(this.offset);
	}

	/** The `n` bytes read into `buf` (a buffer `next` returned), as a view that stays valid. */
	take(buf: Buffer, n: number): Buffer {
		if (buf.buffer === this.slab.buffer) this.offset = buf.byteOffset - this.slab.byteOffset + n;
		return buf.subarray(0, n);
	}
}
