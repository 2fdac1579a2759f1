/**
 * Strict JSON parser with exact ranges, judging the text the way runc's Go decoder
 * (encoding/json) does: comments, trailing commas, a byte order mark and content after the
 * document are errors; duplicate keys are a warning because the last one silently wins.
 *
 * Single pass, no recursion (an explicit stack), so 100,000-deep nesting or a 16 MiB string
 * cannot overflow the call stack; nesting deeper than Go's own limit (10000) stops the parse.
 * Nodes have jsonc-parser's `Node` shape so rules can use its helpers.
 */
import type { JsonNode, JsonPath, ParsedDocument } from './model';
import type { LintDiagnostic, Position, Range, Severity } from './types';
import { pointer } from './pointer';
import { maxDepth } from './limits';
import { fastParse, LazyContainer, type ProvisionalGate } from './fastParse';

/** The parse result plus the syntax diagnostics (`parse-*`, `duplicate-key`). */
export interface ParsedDocumentWithDiagnostics extends ParsedDocument {
	diagnostics: LintDiagnostic[];
	/**
	 * Every number literal is a plain integer of at most 15 digits, so a number's JS value tells
	 * exactly what Go reads; when false, integer checks must read the literal text.
	 */
	plainNumbers: boolean;
	/**
	 * Set by lintText's schema stage when it walked every map of the value (annotations, sysctl…)
	 * and none has a key the annotations rule reports (empty, or in org.opencontainers).
	 */
	noNotableMapKey?: boolean;
}

export { maxDepth };

const syntaxHref = 'https://github.com/opencontainers/runtime-spec/blob/main/config.md#configuration';

interface Frame {
	node: JsonNode;
	/** The JS value being built (object or array). */
	value: Record<string, unknown> | unknown[];
	isObject: boolean;
	/** For objects: the property whose value is being parsed. */
	prop: JsonNode | undefined;
	key: string;
	/** The enclosing frame and this container's key or index in it (paths are built only for diagnostics). */
	up: Frame | undefined;
	seg: string | number;
}

function framePath(f: Frame | undefined): JsonPath {
	const out: JsonPath = [];
	for (let x = f; x?.up; x = x.up) out.push(x.seg);
	return out.reverse();
}

class Fatal extends Error {}

/** The parser builds nodes in place; jsonc-parser's type marks them readonly for consumers. */
type Mut = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/** Parses `text` strictly; never throws. */
export function parseDocument(text: string): ParsedDocumentWithDiagnostics {
	const fast = fastParse(text);
	if (fast) return makeDocument(text, fast.root, fast.value, [], fast.plainNumbers);
	return parseDocumentFull(text);
}

/**
 * For lintText: like {@link parseDocument}, but a fast-path document comes back with the number of
 * keys in its text, and the caller must compare it with the keys of the value (a difference means
 * duplicate keys, whose warnings {@link duplicateKeyDiagnostics} then produces). With `gate` (a large
 * text that was not scanned) that number is an upper bound and the caller settles the gate as
 * {@link ProvisionalGate} describes.
 */
export function parseDocumentDeferringDuplicates(text: string): { doc: ParsedDocumentWithDiagnostics; keysInText?: number; gate?: ProvisionalGate } {
	const fast = fastParse(text, false);
	if (fast) return { doc: makeDocument(text, fast.root, fast.value, [], fast.plainNumbers), keysInText: fast.keysInText, gate: fast.provisional };
	return { doc: parseDocumentFull(text) };
}

/** The duplicate-key warnings of a text (runs the full parser). */
export function duplicateKeyDiagnostics(text: string): LintDiagnostic[] {
	return parseDocumentFull(text).diagnostics.filter((d) => d.code === 'duplicate-key');
}

/** The full parser, without the fast path (the fast path's tests compare against it). */
export function parseDocumentFull(text: string): ParsedDocumentWithDiagnostics {
	const p = new Parser(text);
	let root: JsonNode | undefined;
	let value: unknown;
	try {
		const r = p.parse();
		root = r?.node;
		value = r?.value;
	} catch (e) {
		if (!(e instanceof Fatal)) throw e;
		root = undefined;
		value = undefined;
	}
	return makeDocument(text, root, value, p.diagnostics, false);
}

/** Wraps a tree into a {@link ParsedDocument} with lazily computed line starts. */
export function makeDocument(
	text: string,
	root: JsonNode | undefined,
	value: unknown,
	diagnostics: LintDiagnostic[],
	plainNumbers: boolean,
): ParsedDocumentWithDiagnostics {
	const positionAt = lineIndex(text);
	// Parser diagnostics were created before the line table existed: fill their positions now.
	for (const d of diagnostics) fixRange(d, positionAt);
	return {
		text,
		root,
		value,
		diagnostics,
		plainNumbers,
		positionAt,
		nodeAt: (path) => nodeAtPath(root, path),
	};
}

/** Diagnostics carry offsets in `range.start.character`/`range.end.character` until fixed. */
function fixRange(d: LintDiagnostic, positionAt: (o: number) => Position): void {
	const r = d.range as Range & { offsets?: [number, number] };
	if (!r.offsets) return;
	const [s, e] = r.offsets;
	delete r.offsets;
	r.start = positionAt(s);
	r.end = positionAt(e);
}

/**
 * positionAt for `text`, indexing line starts only as far as the offsets asked for: a few
 * diagnostics near the top of a 10 MiB file do not pay for a line table of the whole file.
 */
export function lineIndex(text: string): (offset: number) => Position {
	const starts = [0];
	let scanned = 0; // line starts are known for every offset < scanned
	let hasCr: boolean | undefined;
	return (offset: number): Position => {
		if (offset >= scanned && scanned < text.length && !(hasCr ??= text.includes('\r'))) {
			// Only \n breaks: jump from one to the next natively, up to the first one past `offset`
			// (its line holds every offset up to it; native jumps need no chunking ahead).
			let i = text.indexOf('\n', scanned);
			for (; i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
			if (i >= 0) starts.push(i + 1);
			scanned = i < 0 ? text.length : i + 1;
		}
		if (offset >= scanned && scanned < text.length) {
			// Index a generous chunk at a time so that many offsets cost one pass overall.
			const to = Math.min(text.length, Math.max(offset + 1, scanned * 2, 256));
			for (let i = scanned; i < to; i++) {
				const c = text.charCodeAt(i);
				if (c === 10) starts.push(i + 1);
				else if (c === 13) {
					if (text.charCodeAt(i + 1) === 10) {
						i++;
						if (i >= to) {
							starts.push(i + 1);
							scanned = i + 1;
							break;
						}
					}
					starts.push(i + 1);
				}
				scanned = i + 1;
			}
			scanned = Math.max(scanned, to);
		}
		return positionIn(starts, offset);
	};
}

function positionIn(lines: number[], offset: number): Position {
	let lo = 0;
	let hi = lines.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (lines[mid] <= offset) lo = mid;
		else hi = mid - 1;
	}
	return { line: lo, character: offset - lines[lo] };
}

/** The node at a path; for duplicate keys the last property wins, as in runc. */
export function nodeAtPath(root: JsonNode | undefined, path: JsonPath): JsonNode | undefined {
	let node = root;
	for (const seg of path) {
		if (node instanceof LazyContainer) {
			node = node.child(seg);
			continue;
		}
		if (!node?.children) return undefined;
		if (node.type === 'object') {
			let found: JsonNode | undefined;
			const ch = node.children;
			for (let i = ch.length - 1; i >= 0; i--) {
				const k = ch[i].children?.[0];
				if (k && k.value === seg) {
					found = ch[i].children?.[1];
					break;
				}
			}
			node = found;
		} else if (node.type === 'array') {
			node = typeof seg === 'number' ? node.children[seg] : undefined;
		} else return undefined;
	}
	return node;
}

function describeChar(c: string): string {
	if (c === '') return 'the end of the file';
	const code = c.codePointAt(0) ?? 0;
	if (code < 0x20 || code === 0x7f || code === 0xa0 || code === 0xfeff) return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
	return `'${c}'`;
}

class Parser {
	readonly diagnostics: LintDiagnostic[] = [];
	private pos = 0;
	private readonly len: number;

	constructor(private readonly text: string) {
		this.len = text.length;
	}

	private diag(code: string, severity: Severity, message: string, start: number, end: number, path: JsonPath = [], fixes?: LintDiagnostic['fixes']): void {
		const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, offsets: [start, end] } as Range;
		const d: LintDiagnostic = { severity, code, message, pointer: pointer(path), range, href: syntaxHref };
		if (fixes) d.fixes = fixes;
		this.diagnostics.push(d);
	}

	private fatal(code: string, message: string, start: number, end: number, path: JsonPath): never {
		this.diag(code, 'error', message, start, end, path);
		throw new Fatal(message);
	}

	/** Skips JSON whitespace; comments are reported and skipped so the rest still parses. */
	private ws(): void {
		const t = this.text;
		for (;;) {
			const c = t.charCodeAt(this.pos);
			if (c === 32 || c === 10 || c === 13 || c === 9) {
				this.pos++;
				continue;
			}
			if (c === 47) {
				const n = t.charCodeAt(this.pos + 1);
				if (n === 47 || n === 42) {
					const start = this.pos;
					let end: number;
					if (n === 47) {
						end = this.pos + 2;
						while (end < this.len && t.charCodeAt(end) !== 10 && t.charCodeAt(end) !== 13) end++;
					} else {
						const close = t.indexOf('*/', this.pos + 2);
						end = close < 0 ? this.len : close + 2;
					}
					this.diag('parse-comment', 'error', 'Comments are not allowed: runc reads config.json with a strict JSON decoder. Remove the comment.', start, end, [], [
						{ title: 'Remove the comment', edits: [{ offset: start, length: end - start, newText: '' }], isPreferred: true },
					]);
					this.pos = end;
					continue;
				}
			}
			return;
		}
	}

	parse(): { node: JsonNode; value: unknown } | undefined {
		const t = this.text;
		if (t.charCodeAt(0) === 0xfeff) {
			this.diag('parse-bom', 'error', 'The file starts with a byte order mark (U+FEFF), which Go\'s JSON decoder (runc) rejects. Save the file as UTF-8 without BOM.', 0, 1, [], [
				{ title: 'Remove the byte order mark', edits: [{ offset: 0, length: 1, newText: '' }], isPreferred: true },
			]);
			this.pos = 1;
		}
		this.ws();
		if (this.pos >= this.len) {
			this.diag('parse-empty', 'error', 'The file is empty: a bundle config must be a JSON object, e.g. {"ociVersion": "1.2.0", …}.', 0, this.len, []);
			return undefined;
		}
		const result = this.parseValueTree();
		this.ws();
		if (this.pos < this.len) {
			let end = this.len;
			while (end > this.pos && /\s/.test(t[end - 1])) end--;
			this.diag('parse-trailing-content', 'error', `Unexpected ${describeChar(t[this.pos])} after the end of the JSON document: a config holds exactly one JSON value. Remove the extra content.`, this.pos, end, [], [
				{ title: 'Remove the content after the document', edits: [{ offset: this.pos, length: end - this.pos, newText: '' }] },
			]);
		}
		return result;
	}

	/** Iterative value parser: containers push frames instead of recursing. */
	private parseValueTree(): { node: JsonNode; value: unknown } {
		const t = this.text;
		const stack: Frame[] = [];
		let rootNode: JsonNode | undefined;
		let rootValue: unknown;
		let top: Frame | undefined;

		// Attaches a finished value to the enclosing container (or makes it the root).
		const attach = (node: JsonNode, value: unknown): void => {
			if (!top) {
				rootNode = node;
				rootValue = value;
				return;
			}
			if (top.isObject) {
				const prop = top.prop!;
				(node as Mut).parent = prop;
				prop.children!.push(node);
				(prop as Mut).length = node.offset + node.length - prop.offset;
				const obj = top.value as Record<string, unknown>;
				if (top.key === '__proto__') Object.defineProperty(obj, '__proto__', { value, enumerable: true, configurable: true, writable: true });
				else obj[top.key] = value;
				top.prop = undefined;
			} else {
				(node as Mut).parent = top.node;
				top.node.children!.push(node);
				(top.value as unknown[]).push(value);
			}
		};

		const segOf = (): string | number => (top ? (top.isObject ? top.key : (top.value as unknown[]).length) : '');
		const pathOf = (): JsonPath => (top ? [...framePath(top), segOf()] : []);

		// Expects a property key (after '{' or ','); returns false when the object closes instead.
		const readKey = (f: Frame, allowClose: boolean, commaAt: number): void => {
			this.ws();
			const c = t.charCodeAt(this.pos);
			if (c === 125 && allowClose) return;
			if (c === 125) {
				this.diag('parse-trailing-comma', 'error', 'Trailing comma before \'}\': JSON (and runc) do not allow it. Remove the comma.', commaAt, commaAt + 1, framePath(f), [
					{ title: 'Remove the trailing comma', edits: [{ offset: commaAt, length: 1, newText: '' }], isPreferred: true },
				]);
				return;
			}
			if (c !== 34) {
				const end = this.tokenEnd(this.pos);
				const found = t.slice(this.pos, end);
				if (c === 39) {
					const close = t.indexOf('\'', this.pos + 1);
					const e = close < 0 || close - this.pos > 200 ? this.pos + 1 : close + 1;
					this.fatal('parse-syntax', `Property names must be in double quotes, not single quotes: write "${t.slice(this.pos + 1, e - 1)}".`, this.pos, e, framePath(f));
				}
				this.fatal('parse-syntax', `Expected a property name in double quotes${allowClose ? ' or \'}\'' : ''}, found ${this.pos >= this.len ? 'the end of the file' : found || describeChar(t[this.pos])}.`, this.pos, Math.max(end, this.pos + 1), framePath(f));
			}
			const keyStart = this.pos;
			const key = this.readString(() => framePath(f));
			const keyNode: JsonNode = { type: 'string', value: key, offset: keyStart, length: this.pos - keyStart, parent: undefined } as JsonNode;
			const prop: JsonNode = { type: 'property', offset: keyStart, length: this.pos - keyStart, parent: f.node, children: [keyNode], colonOffset: undefined } as JsonNode;
			(keyNode as Mut).parent = prop;
			const obj = f.value as Record<string, unknown>;
			if (Object.prototype.hasOwnProperty.call(obj, key)) this.duplicate(f, key, keyNode);
			f.node.children!.push(prop);
			this.ws();
			if (t.charCodeAt(this.pos) !== 58) {
				const end = this.tokenEnd(this.pos);
				this.fatal('parse-syntax', `Expected ':' after the property name "${key}", found ${this.pos >= this.len ? 'the end of the file' : describeChar(t[this.pos])}.`, this.pos, Math.max(end, this.pos + 1), [...framePath(f), key]);
			}
			(prop as Mut).colonOffset = this.pos;
			this.pos++;
			f.prop = prop;
			f.key = key;
		};

		for (;;) {
			// Expect a value.
			this.ws();
			const start = this.pos;
			const c = t.charCodeAt(start);
			if (c === 123 || c === 91) {
				if (stack.length >= maxDepth) {
					this.fatal('parse-too-deep', `Nesting is deeper than ${maxDepth} levels, the limit of Go's JSON decoder (runc): the document cannot be read.`, start, start + 1, pathOf());
				}
				const isObject = c === 123;
				// Every property present from the start: one hidden class, no transitions when linked later.
				const node = { type: isObject ? 'object' : 'array', offset: start, length: 1, parent: undefined, children: [] } as unknown as JsonNode;
				const value = isObject ? {} : [];
				const f: Frame = { node, value, isObject, prop: undefined, key: '', up: top, seg: segOf() };
				stack.push(f);
				top = f;
				this.pos++;
				if (isObject) {
					readKey(f, true, -1);
					if (t.charCodeAt(this.pos) !== 125) continue;
				} else {
					this.ws();
					if (t.charCodeAt(this.pos) !== 93) continue;
				}
				// Empty container: fall through to closing below.
			} else {
				let node: JsonNode;
				let value: unknown;
				if (c === 34) {
					value = this.readString(pathOf);
					node = { type: 'string', value, offset: start, length: this.pos - start, parent: undefined } as JsonNode;
				} else if ((c >= 48 && c <= 57) || c === 45) {
					value = this.readNumber(pathOf);
					node = { type: 'number', value, offset: start, length: this.pos - start, parent: undefined } as JsonNode;
				} else {
					const end = this.tokenEnd(start);
					const word = t.slice(start, end);
					if (word === 'true' || word === 'false') {
						value = word === 'true';
						node = { type: 'boolean', value, offset: start, length: 4 + (value ? 0 : 1), parent: undefined } as JsonNode;
					} else if (word === 'null') {
						value = null;
						node = { type: 'null', value, offset: start, length: 4, parent: undefined } as JsonNode;
					} else {
						this.unexpectedValue(start, end, word, top, pathOf());
					}
					this.pos = start + node.length;
				}
				attach(node, value);
				if (!top) return { node: rootNode!, value: rootValue };
			}
			// After a value (or an empty container just opened): commas and closers.
			for (;;) {
				const f: Frame = top!;
				this.ws();
				const ch = t.charCodeAt(this.pos);
				const closer = f.isObject ? 125 : 93;
				if (ch === closer && (f.isObject ? f.prop === undefined : true)) {
					this.pos++;
					(f.node as Mut).length = this.pos - f.node.offset;
					stack.pop();
					top = stack[stack.length - 1];
					attach(f.node, f.value);
					if (!top) return { node: rootNode!, value: rootValue };
					continue;
				}
				if (ch === 44) {
					const commaAt = this.pos;
					this.pos++;
					if (f.isObject) {
						readKey(f, false, commaAt);
						if (f.prop === undefined) continue; // trailing comma: close next round
						break;
					}
					this.ws();
					if (t.charCodeAt(this.pos) === 93) {
						this.diag('parse-trailing-comma', 'error', 'Trailing comma before \']\': JSON (and runc) do not allow it. Remove the comma.', commaAt, commaAt + 1, framePath(f), [
							{ title: 'Remove the trailing comma', edits: [{ offset: commaAt, length: 1, newText: '' }], isPreferred: true },
						]);
						continue;
					}
					break;
				}
				if (this.pos >= this.len) {
					const what = f.isObject ? 'object' : 'array';
					this.fatal('parse-unterminated', `Unexpected end of the file: the ${what} opened here is not closed (expected '${f.isObject ? '}' : ']'}').`, f.node.offset, f.node.offset + 1, framePath(f));
				}
				// A missing comma between two members is common while editing: report it and go on.
				const startsMember = f.isObject ? ch === 34 : ch === 34 || ch === 123 || ch === 91 || ch === 45 || (ch >= 48 && ch <= 57) || ch === 116 || ch === 102 || ch === 110;
				if (startsMember) {
					this.diag('parse-missing-comma', 'error', `Expected ',' or '${f.isObject ? '}' : ']'}' before the next ${f.isObject ? 'property' : 'element'}.`, this.pos, this.pos + 1, framePath(f), [
						{ title: 'Insert a comma', edits: [{ offset: this.lastValueEnd(f), length: 0, newText: ',' }], isPreferred: true },
					]);
					if (f.isObject) {
						readKey(f, false, -1);
					}
					break;
				}
				const end = this.tokenEnd(this.pos);
				this.fatal('parse-syntax', `Expected ',' or '${f.isObject ? '}' : ']'}', found ${describeChar(t[this.pos])}.`, this.pos, Math.max(end, this.pos + 1), framePath(f));
			}
		}
	}

	private lastValueEnd(f: Frame): number {
		const ch = f.node.children!;
		const last = ch[ch.length - 1];
		return last ? last.offset + last.length : f.node.offset + 1;
	}

	private duplicate(f: Frame, key: string, laterKey: JsonNode): void {
		const ch = f.node.children!;
		let earlier: JsonNode | undefined;
		let next: JsonNode | undefined;
		for (let i = ch.length - 1; i >= 0; i--) {
			if (ch[i].children![0].value === key) {
				earlier = ch[i];
				next = ch[i + 1];
				break;
			}
		}
		if (!earlier) return;
		const k = earlier.children![0];
		// Removing up to the next property keeps the remaining layout intact.
		const removeEnd = next ? next.offset : laterKey.offset;
		this.diag(
			'duplicate-key',
			'warning',
			`Duplicate key "${key}": runc's decoder keeps only the last one, so this value is ignored. Keep a single "${key}".`,
			k.offset,
			k.offset + k.length,
			[...framePath(f), key],
			[{ title: `Remove the earlier "${key}"`, edits: [{ offset: earlier.offset, length: removeEnd - earlier.offset, newText: '' }], isPreferred: true }],
		);
	}

	private unexpectedValue(start: number, end: number, word: string, top: Frame | undefined, path: JsonPath): never {
		const t = this.text;
		if (start >= this.len) this.fatal('parse-syntax', 'Expected a value, found the end of the file.', Math.max(0, this.len - 1), this.len, path);
		const c = t.charCodeAt(start);
		if (c === 39) {
			const close = t.indexOf('\'', start + 1);
			const e = close < 0 || close - start > 200 ? end : close + 1;
			this.fatal('parse-syntax', 'Strings must be in double quotes; single quotes are not JSON.', start, Math.max(e, start + 1), path);
		}
		if ((c === 93 || c === 125) && top) {
			this.fatal('parse-syntax', `Expected a value, found '${t[start]}'.`, start, start + 1, path);
		}
		if (word === 'NaN' || word === 'Infinity' || word === 'undefined' || word === 'True' || word === 'False' || word === 'None' || word === 'NULL' || word === 'Null') {
			this.fatal('parse-syntax', `'${word}' is not a JSON value: use a number, a string in double quotes, true, false or null.`, start, end, path);
		}
		const shown = word && word.length <= 40 ? `'${word}'` : describeChar(t[start]);
		this.fatal('parse-syntax', `Expected a value (object, array, string in double quotes, number, true, false or null), found ${shown}.`, start, Math.max(end, start + 1), path);
	}

	/** End of an identifier-like token starting at `start`, for error ranges. */
	private tokenEnd(start: number): number {
		const t = this.text;
		let i = start;
		while (i < this.len && i - start < 64) {
			const c = t.charCodeAt(i);
			if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 43 || c === 45 || c === 46) i++;
			else break;
		}
		return i;
	}

	/** Reads a string starting at the opening quote; leaves pos after the closing quote. */
	private readString(pathFn: () => JsonPath): string {
		const t = this.text;
		const start = this.pos;
		let i = start + 1;
		// Fast path: no escapes, no control characters.
		for (;;) {
			const c = t.charCodeAt(i);
			if (c === 34) {
				this.pos = i + 1;
				return t.slice(start + 1, i);
			}
			if (c === 92 || c < 32 || i >= this.len) break;
			i++;
		}
		let out = t.slice(start + 1, i);
		for (;;) {
			if (i >= this.len) {
				this.fatal('parse-unterminated', 'Unterminated string: the closing \'"\' is missing.', start, Math.min(this.len, start + 1), pathFn());
			}
			const c = t.charCodeAt(i);
			if (c === 34) {
				this.pos = i + 1;
				return out;
			}
			if (c === 92) {
				const e = t[i + 1];
				switch (e) {
					case '"': out += '"'; i += 2; break;
					case '\\': out += '\\'; i += 2; break;
					case '/': out += '/'; i += 2; break;
					case 'b': out += '\b'; i += 2; break;
					case 'f': out += '\f'; i += 2; break;
					case 'n': out += '\n'; i += 2; break;
					case 'r': out += '\r'; i += 2; break;
					case 't': out += '\t'; i += 2; break;
					case 'u': {
						const hex = t.slice(i + 2, i + 6);
						if (/^[0-9a-fA-F]{4}$/.test(hex)) {
							out += String.fromCharCode(parseInt(hex, 16));
							i += 6;
						} else {
							this.diag('parse-invalid-escape', 'error', `Invalid unicode escape '\\u${hex.replace(/[^0-9a-fA-F].*$/s, '')}': \\u needs exactly four hex digits.`, i, Math.min(this.len, i + 2 + hex.replace(/[^0-9a-fA-F].*$/s, '').length), pathFn());
							i += 2;
						}
						break;
					}
					default:
						if (i + 1 >= this.len) {
							i++;
							break;
						}
						this.diag('parse-invalid-escape', 'error', `Invalid escape '\\${e}' in a string: JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.`, i, i + 2, pathFn());
						out += e;
						i += 2;
				}
				continue;
			}
			if (c < 32) {
				if (c === 10 || c === 13) {
					this.fatal('parse-unterminated', 'Unterminated string: strings cannot span lines (the closing \'"\' is missing, or write \\n).', start, i, pathFn());
				}
				this.diag('parse-control-character', 'error', `Control character U+${c.toString(16).toUpperCase().padStart(4, '0')} must be escaped in a JSON string (e.g. \\t or \\u${c.toString(16).padStart(4, '0')}).`, i, i + 1, pathFn());
			}
			// Copy a run of ordinary characters at once.
			let j = i + 1;
			while (j < this.len) {
				const d = t.charCodeAt(j);
				if (d === 34 || d === 92 || d < 32) break;
				j++;
			}
			out += t.slice(i, j);
			i = j;
		}
	}

	/** Reads a number with JSON's (and Go's) grammar; leaves pos after it. */
	private readNumber(pathFn: () => JsonPath): number {
		const t = this.text;
		const start = this.pos;
		let i = start;
		if (t.charCodeAt(i) === 45) i++;
		const intStart = i;
		let ok = true;
		let problem = '';
		const digits = (): number => {
			const s = i;
			while (i < this.len) {
				const c = t.charCodeAt(i);
				if (c < 48 || c > 57) break;
				i++;
			}
			return i - s;
		};
		const n = digits();
		if (n === 0) {
			ok = false;
			problem = 'a digit must follow \'-\'';
		} else if (n > 1 && t.charCodeAt(intStart) === 48) {
			ok = false;
			problem = 'leading zeros are not allowed';
		}
		if (t.charCodeAt(i) === 46) {
			i++;
			if (digits() === 0 && ok) {
				ok = false;
				problem = 'a digit must follow the decimal point';
			}
		}
		const e = t.charCodeAt(i);
		if (e === 101 || e === 69) {
			i++;
			const s = t.charCodeAt(i);
			if (s === 43 || s === 45) i++;
			if (digits() === 0 && ok) {
				ok = false;
				problem = 'the exponent needs digits';
			}
		}
		// Letters glued to a number (0x10, 1_000, 12abc) belong to the same bad token.
		const end = Math.max(i, this.tokenEnd(start));
		if (end > i && ok) {
			ok = false;
			problem = t.slice(start, start + 2).toLowerCase() === '0x' ? 'hexadecimal is not JSON (write the decimal value)' : 'it is not a valid number';
		}
		this.pos = end;
		if (!ok) {
			this.diag('parse-invalid-number', 'error', `Invalid number '${t.slice(start, end)}': ${problem}.`, start, end, pathFn());
			return Number.NaN;
		}
		return Number(t.slice(start, end));
	}
}
