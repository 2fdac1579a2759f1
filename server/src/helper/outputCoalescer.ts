import { MAX_DATA_BYTES } from '../common/helperProtocol';
import type { FrameWriter } from './frameWriter';

/**
 * Joins the container's output chunks that arrive in one turn of the event loop into one `stdout` /
 * `stderr` frame (up to `maxBytes`), written with one `writev` once the loop has read everything that
 * was queued. A pipe read is at most 64 KiB: writing each read as its own frame costs a header, a
 * syscall and a wake-up of the client per 64 KiB. Nothing waits for more data than is already there:
 * the flush runs on `setImmediate`, right after the reads of the current poll phase, so the first byte
 * is not delayed. Chunks are never copied together, and stream order (stdout vs stderr) is kept.
 */
export class OutputCoalescer {
	private name: 'stdout' | 'stderr' | undefined;
	private parts: Buffer[] = [];
	private size = 0;
	private scheduled = false;
	private blocked = false;

	/**
	 * @param pause called when the writer's buffer is full: stop reading the container
	 * @param resume called once it drained again
	 */
	constructor(
		private readonly out: FrameWriter,
		private readonly pause: () => void,
		private readonly resume: () => void,
		private readonly maxBytes = MAX_DATA_BYTES,
	) {}

	/** Queues one chunk read from the container's `name` stream. */
	push(name: 'stdout' | 'stderr', chunk: Buffer): void {
		for (let at = 0; at < chunk.length; ) {
			if ((this.name !== undefined && this.name !== name) || this.size >= this.maxBytes) this.flush();
			const take = Math.min(chunk.length - at, this.maxBytes - this.size);
			this.name = name;
			this.parts.push(at === 0 && take === chunk.length ? chunk : chunk.subarray(at, at + take));
			this.size += take;
			at += take;
		}
		if (!this.scheduled && this.size > 0) {
			this.scheduled = true;
			setImmediate(() => {
				this.scheduled = false;
				this.flush();
			});
		}
	}

	/** Writes what is queued now (also before `exited`, so no output is sent after it). */
	flush(): void {
		if (this.size === 0 || !this.name) return;
		const ok = this.out.writeParts({ event: this.name, size: this.size }, this.parts);
		this.parts = [];
		this.size = 0;
		this.name = undefined;
		if (!ok && !this.blocked) {
			this.blocked = true;
			this.pause();
			void this.out.whenDrained().then(() => {
				this.blocked = false;
				this.resume();
			});
		}
	}
}
