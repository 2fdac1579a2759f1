/** Temporary bundle directories for the server and CLI tests (under os.tmpdir(), removed by the caller). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository root (tests run from out/test/<tier>/). */
export const repoRoot = resolve(__dirname, '..', '..', '..');

/** `runc spec`'s default config.json (2.5 KB, runc 1.1), as a fresh object. */
export function runcSpec(): Record<string, any> {
	return JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'lint', 'runc-spec.json'), 'utf8'));
}

/**
 * `runc spec`'s config made clean for every rule: runc 1.1's default lists ambient capabilities
 * without an inheritable set, which the kernel refuses to raise.
 */
export function cleanSpec(): Record<string, any> {
	const c = runcSpec();
	c.process.capabilities.inheritable = [...c.process.capabilities.ambient];
	return c;
}

export interface TmpBundle {
	dir: string;
	/** The bundle's config.json path. */
	config: string;
	/** file: URI of config.json. */
	uri: string;
	/** Writes `text` (a string or an object, tab-indented) as config.json. */
	write(content: string | object): string;
	remove(): void;
}

/** A bundle directory, with a `rootfs/` unless `rootfs` is false. Nothing is written to config.json yet. */
export function tmpBundle(options: { rootfs?: boolean | string } = {}): TmpBundle {
	const dir = mkdtempSync(join(tmpdir(), 'oci-b-'));
	const rootfs = options.rootfs === undefined || options.rootfs === true ? 'rootfs' : options.rootfs;
	if (rootfs) {
		// An executable /bin/sh, so runc spec's process.args resolves inside the rootfs.
		mkdirSync(join(dir, rootfs, 'bin'), { recursive: true });
		writeFileSync(join(dir, rootfs, 'bin', 'sh'), '#!/bin/true\n', { mode: 0o755 });
	}
	const config = join(dir, 'config.json');
	return {
		dir,
		config,
		uri: pathToFileURL(config).href,
		write(content) {
			const text = typeof content === 'string' ? content : JSON.stringify(content, null, '\t');
			writeFileSync(config, text);
			return text;
		},
		remove() {
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Offset → 0-based LSP position in `text`. */
export function positionOf(text: string, offset: number): { line: number; character: number } {
	const before = text.slice(0, offset);
	const line = before.split('\n').length - 1;
	return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies LSP text edits to `text` (non-overlapping, any order). */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
	const offsetOf = (p: { line: number; character: number }): number => {
		let offset = 0;
		for (let l = 0; l < p.line; l++) offset = text.indexOf('\n', offset) + 1;
		return offset + p.character;
	};
	const sorted = edits.map((e) => ({ start: offsetOf(e.range.start), end: offsetOf(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
	let out = text;
	for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
	return out;
}
