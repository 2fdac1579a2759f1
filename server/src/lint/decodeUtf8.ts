/** Result of {@link decodeUtf8}. */
export interface DecodedText {
	/** The text; invalid sequences replaced by U+FFFD, a leading BOM kept (the parser reports it). */
	text: string;
	/** Byte offset of the first invalid UTF-8 sequence, if any. */
	invalidByteOffset?: number;
	/** UTF-16 offset in `text` where that sequence's replacement character sits. */
	invalidTextOffset?: number;
}

/** Decodes UTF-8 bytes, locating the first invalid sequence instead of failing. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
	try {
		return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
	} catch {
		const bad = firstInvalid(bytes);
		const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
		const text = lenient.decode(bytes);
		return { text, invalidByteOffset: bad, invalidTextOffset: lenient.decode(bytes.subarray(0, bad)).length };
	}
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence. */
function firstInvalid(b: Uint8Array): number {
	let i = 0;
	while (i < b.length) {
		const c = b[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		let n: number;
		let lo = 0x80;
		let hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) n = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c === 0xe0) lo = 0xa0;
			if (c === 0xed) hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c === 0xf0) lo = 0x90;
			if (c === 0xf4) hi = 0x8f;
		} else return i;
		for (let k = 1; k <= n; k++) {
			const d = b[i + k];
			if (d === undefined) return i;
			if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
		}
		i += n + 1;
	}
	return b.length;
}
