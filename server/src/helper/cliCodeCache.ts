import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { unsafeLocation } from './locationSafety';

/** Where the entry leaves its "write the cache at exit" switch for the bundle (a separate module copy). */
const SAVE_AT_EXIT = Symbol.for('oci-restore.cli-code-cache.save-at-exit');

/**
 * Runs the CLI bundle `source` as the module `file` (the entry: `__filename`, `require` and the
 * helper's own path stay those of dist/cli.js or its installed copy). As root, from a directory only
 * root can write to (an installed helper's), it is compiled with the V8 code cache kept beside the
 * file, which the helper writes when there is none (see {@link saveCodeCacheAtExit}). Anywhere else it
 * is compiled without one: cached bytecode is code, so it never comes from where another user could
 * have written it, and a user's run never writes one for root.
 */
export function runCliMain(source: string, file: string): void {
	const cachePath = rootCachePath(file);
	const cached = cachePath ? readRootOwned(cachePath) : undefined;
	// The wrapper require() uses (V8 accepts a shebang only at offset 0 of a script).
	const body = source.startsWith('#!') ? `//${source}` : source;
	const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${body}\n});`, { filename: file, cachedData: cached });
	if (cachePath && (!cached || script.cachedDataRejected)) {
		let asked = false;
		(globalThis as Record<symbol, unknown>)[SAVE_AT_EXIT] = () => {
			if (asked) return;
			asked = true;
			process.once('exit', () => writeCache(cachePath, cacheStem(file), script.createCachedData()));
		};
	}
	const mod = { exports: {} as unknown };
	const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: typeof mod, filename: string, dirname: string) => void;
	run.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
}

/**
 * Asks for the code cache to be written when this process exits, so that it holds every function the
 * process compiled by then. The helper asks once its first restore has started: the cache then serves
 * the code a restore runs (a cache written after, say, a `list` would not). Does nothing where
 * {@link runCliMain} keeps no cache or already found a valid one.
 */
export function saveCodeCacheAtExit(): void {
	const save = (globalThis as Record<symbol, unknown>)[SAVE_AT_EXIT];
	if (typeof save === 'function') save();
}

/** The cache file for `file`, when this process is root and only root can write beside `file`. */
function rootCachePath(file: string): string | undefined {
	if ((process.geteuid?.() ?? -1) !== 0) return undefined;
	try {
		const dir = dirname(file);
		if (unsafeLocation(dir) !== undefined) return undefined;
		const st = statSync(file);
		// A new build or another Node gets a cache of its own (V8 also rejects a mismatched one itself).
		return join(dir, `${cacheStem(file)}${process.version}-${process.arch}-${st.size}-${Math.trunc(st.mtimeMs)}.v8`);
	} catch {
		return undefined;
	}
}

function cacheStem(file: string): string {
	return `.${basename(file)}-`;
}

/** The file's bytes when it is a regular file owned by root that nobody else can write. */
function readRootOwned(path: string): Buffer | undefined {
	let fd: number | undefined;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
		const st = fstatSync(fd);
		return st.isFile() && st.uid === 0 && (st.mode & 0o022) === 0 ? readFileSync(fd) : undefined;
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** Writes the cache atomically and removes the caches of earlier builds (`stem` + anything). */
function writeCache(path: string, stem: string, data: Buffer): void {
	const tmp = `${path}.${process.pid}.tmp`;
	try {
		writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
		renameSync(tmp, path);
		const dir = dirname(path);
		for (const name of readdirSync(dir)) if (name.startsWith(stem) && name.endsWith('.v8') && join(dir, name) !== path) rmSync(join(dir, name), { force: true });
	} catch {
		rmSync(tmp, { force: true });
	}
}
