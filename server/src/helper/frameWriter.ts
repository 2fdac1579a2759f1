import type { Writable } from 'node:stream';
import { encodeFrame } from './framing';

/**
 * Writes frames to a stream and tells producers when to hold off: `write` returns false once the
 * stream's buffer is full, and `whenDrained` resolves when it empties, so a fast container is slowed
 * to the pace of the reader instead of filling the helper's memory.
 */
export class FrameWriter {
	private closed = false;
	private waiters: (() => void)[] = [];

	constructor(private readonly out: Writable) {
		out.on('drain', () => this.flushWaiters());
		out.on('close', () => {
			this.closed = true;
			this.flushWaiters();
		});
		out.on('error', () => {
			this.closed = true;
			this.flushWaiters();
		});
	}

	/** True once the peer has gone; frames written after that are dropped. */
	get isClosed(): boolean {
		return this.closed || this.out.destroyed || this.out.writableEnded;
	}

	/** Sends one frame; false when the caller should wait for `whenDrained` before sending more. */
	write(header: object, data?: Uint8Array): boolean {
		if (this.isClosed) return true;
		const parts = encodeFrame(header, data);
		if (parts.length === 1) return this.out.write(parts[0]);
		this.out.cork();
		this.out.write(parts[0]);
		const ok = this.out.write(parts[1]);
		process.nextTick(() => this.out.uncork());
		return ok;
	}

	/**
	 * Sends one frame whose payload is the concatenation of `parts` (`size` in the header must be their
	 * total length), in one `writev`, without copying them together.
	 */
	writeParts(header: object, parts: readonly Uint8Array[]): boolean {
		if (this.isClosed) return true;
		this.out.cork();
		let ok = this.out.write(Buffer.from(JSON.stringify(header) + '\n', 'utf8'));
		for (const p of parts) if (p.length > 0) ok = this.out.write(p);
		process.nextTick(() => this.out.uncork());
		return ok;
	}

	/** Resolves when the stream can take more (or is gone). */
	whenDrained(): Promise<void> {
		if (this.isClosed || !this.out.writableNeedDrain) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	private flushWaiters(): void {
		const w = this.waiters;
		this.waiters = [];
		for (const f of w) f();
	}
}
