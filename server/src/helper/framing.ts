import { MAX_DATA_BYTES, MAX_FRAME_BYTES } from '../common/helperProtocol';

/** One frame read off the wire: a parsed JSON header (or why it could not be parsed) and its raw bytes. */
export type Frame =
	| { ok: true; header: Record<string, unknown>; data?: Buffer }
	| { ok: false; reason: string; header?: Record<string, unknown> };

const NL = 0x0a;

/**
 * Incremental decoder of the helper protocol's framing: a line of JSON, then `size` raw bytes when the
 * header carries a `size`. Never throws on bad input; a bad frame becomes `{ ok: false }` and the reader
 * stays in sync: an over-long header is skipped up to its newline, an oversized payload is skipped byte
 * for byte, so one bad frame cannot swallow the ones after it.
 */
export class FrameReader {
	private headerParts: Buffer[] = [];
	private headerLength = 0;
	/** Skipping the rest of an over-long header line. */
	private discardingLine = false;
	private pending: { header: Record<string, unknown>; parts: Buffer[]; need: number; skip: boolean; stream: boolean } | undefined;

	/**
	 * @param streamPayloads when true, payloads of `stdout`/`stderr` events are delivered piece by piece as
	 *   they arrive (each piece as its own frame, `size` = the piece's length) instead of joined: the
	 *   client passes container output on without copying it together first.
	 */
	constructor(
		private readonly onFrame: (frame: Frame) => void,
		private readonly streamPayloads = false,
	) {}

	/** Feeds bytes as they arrive; calls `onFrame` for every complete frame, in order. */
	push(chunk: Buffer): void {
		let at = 0;
		while (at < chunk.length) {
			if (this.pending) {
				const take = Math.min(this.pending.need, chunk.length - at);
				if (this.pending.stream) {
					this.pending.need -= take;
					this.onFrame({ ok: true, header: { ...this.pending.header, size: take }, data: chunk.subarray(at, at + take) });
					at += take;
					if (this.pending.need === 0) this.pending = undefined;
					continue;
				}
				if (!this.pending.skip) this.pending.parts.push(chunk.subarray(at, at + take));
				this.pending.need -= take;
				at += take;
				if (this.pending.need === 0) this.finishPayload();
				continue;
			}
			const nl = chunk.indexOf(NL, at);
			const end = nl === -1 ? chunk.length : nl;
			if (this.discardingLine) {
				if (nl !== -1) this.discardingLine = false;
				at = end + 1;
				continue;
			}
			const piece = chunk.subarray(at, end);
			if (this.headerLength + piece.length > MAX_FRAME_BYTES) {
				this.resetHeader();
				this.discardingLine = nl === -1;
				this.onFrame({ ok: false, reason: `frame header longer than ${MAX_FRAME_BYTES} bytes` });
				at = end + 1;
				continue;
			}
			if (nl === -1) {
				this.headerParts.push(piece);
				this.headerLength += piece.length;
				return;
			}
			this.headerParts.push(piece);
			const line = this.headerParts.length === 1 ? this.headerParts[0] : Buffer.concat(this.headerParts);
			this.resetHeader();
			at = nl + 1;
			this.headerLine(line);
		}
	}

	private resetHeader(): void {
		this.headerParts = [];
		this.headerLength = 0;
	}

	private headerLine(line: Buffer): void {
		if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) return; // blank lines are keep-alives
		let parsed: unknown;
		try {
			parsed = JSON.parse(line.toString('utf8'));
		} catch (err) {
			this.onFrame({ ok: false, reason: `frame is not JSON: ${(err as Error).message}` });
			return;
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			this.onFrame({ ok: false, reason: 'frame is not a JSON object' });
			return;
		}
		const header = parsed as Record<string, unknown>;
		const size = sizeOf(header);
		if (size === undefined) {
			this.onFrame({ ok: true, header });
			return;
		}
		if (typeof size === 'string') {
			this.onFrame({ ok: false, reason: size, header });
			return;
		}
		if (size === 0) {
			this.onFrame({ ok: true, header, data: Buffer.alloc(0) });
			return;
		}
		const skip = size > MAX_DATA_BYTES;
		const stream = this.streamPayloads && !skip && (header.event === 'stdout' || header.event === 'stderr');
		this.pending = { header, parts: [], need: size, skip, stream };
	}

	private finishPayload(): void {
		const p = this.pending!;
		this.pending = undefined;
		if (p.skip) {
			this.onFrame({ ok: false, reason: `payload larger than ${MAX_DATA_BYTES} bytes`, header: p.header });
			return;
		}
		const data = p.parts.length === 1 ? p.parts[0] : Buffer.concat(p.parts);
		this.onFrame({ ok: true, header: p.header, data });
	}
}

/** The payload size a header announces: undefined when none, a reason string when unusable. */
function sizeOf(header: Record<string, unknown>): number | string | undefined {
	const params = header.params;
	const size = 'size' in header
		? header.size
		: typeof params === 'object' && params !== null && 'size' in params
			? (params as Record<string, unknown>).size
			: undefined;
	if (size === undefined) return undefined;
	if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
		return 'size must be a non-negative integer';
	}
	return size;
}

/** Encodes one frame: the header as one JSON line, then the payload (if any) verbatim. */
export function encodeFrame(header: object, data?: Uint8Array): Buffer[] {
	const line = Buffer.from(JSON.stringify(header) + '\n', 'utf8');
	return data && data.length > 0 ? [line, Buffer.from(data.buffer, data.byteOffset, data.byteLength)] : [line];
}
