import { closeSync, openSync, renameSync, statSync, writeSync } from 'node:fs';

/** Output kept in memory by a keeper and replayed to whoever attaches (the recent screen). */
export const REPLAY_BYTES = 64 * 1024;
/** Size at which a keeper's output log is rotated (one old generation kept). */
export const LOG_LIMIT = 4 * 1024 * 1024;

/**
 * A keeper's output log: appended to, rotated to `<path>.1` past `limit`. Writing never throws: a
 * keeper that died of a full disk would take its container's stdio with it, so on the first error the
 * log stops and `onGiveUp` says why.
 */
export class BoundedLog {
	private fd: number | undefined;
	private size: number;

	constructor(
		private readonly path: string,
		private readonly onGiveUp: (message: string) => void,
		private readonly limit = LOG_LIMIT,
	) {
		this.fd = openSync(path, 'a', 0o600);
		this.size = statSync(path).size;
	}

	write(d: Buffer): void {
		if (this.fd === undefined) return;
		try {
			if (this.size + d.length > this.limit) {
				closeSync(this.fd);
				this.fd = undefined;
				renameSync(this.path, `${this.path}.1`);
				this.fd = openSync(this.path, 'a', 0o600);
				this.size = 0;
			}
			writeSync(this.fd, d);
			this.size += d.length;
		} catch (err) {
			this.onGiveUp(`no longer logging to ${this.path}: ${(err as Error).message}`);
			this.close();
		}
	}

	close(): void {
		const fd = this.fd;
		this.fd = undefined;
		if (fd === undefined) return;
		try {
			closeSync(fd);
		} catch {
			// already unusable
		}
	}
}

/** The last `limit` bytes (at least) of a keeper's output, each chunk tagged with its stream. */
export class ReplayBuffer<T> {
	private chunks: { tag: T; data: Buffer }[] = [];
	private length = 0;

	constructor(private readonly limit = REPLAY_BYTES) {}

	push(tag: T, data: Buffer): void {
		this.chunks.push({ tag, data });
		this.length += data.length;
		// Whole chunks are dropped from the front while what stays still covers the limit.
		while (this.length - this.chunks[0].data.length >= this.limit) this.length -= this.chunks.shift()!.data.length;
	}

	/** The kept output, adjacent chunks of one stream joined (a replay is then a few frames, not hundreds). */
	contents(): { tag: T; data: Buffer }[] {
		const out: { tag: T; data: Buffer[] }[] = [];
		for (const c of this.chunks) {
			const last = out[out.length - 1];
			if (last && last.tag === c.tag) last.data.push(c.data);
			else out.push({ tag: c.tag, data: [c.data] });
		}
		this.chunks = out.map((c) => ({ tag: c.tag, data: Buffer.concat(c.data) }));
		return this.chunks.slice();
	}

	get byteLength(): number {
		return this.length;
	}
}
