/**
 * Loads a CommonJS bundle as require() would, compiled with a V8 code cache (what Node 22's
 * `module.enableCompileCache()` does; Node 20 has no such switch). A cold `oci-restore lint` spends
 * most of its time compiling the engine's functions, not linting: the cache, written after a run so
 * that it holds every function that ran, lets the next run skip that. It lives in the user's own
 * cache directory and is used only when that directory and file belong to the current user and are
 * writable by nobody else (cached bytecode is code). Any problem just means no cache.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** A loaded bundle and how to store its code cache once the work is done. */
export interface CachedModule {
	exports: unknown;
	/** Writes the cache when there was none or V8 rejected it (call after the work, before exit). */
	saveCache(): void;
}

/** Loads `file` (an absolute path to a CommonJS bundle). */
export function loadWithCodeCache(file: string): CachedModule {
	const source = readFileSync(file, 'utf8');
	const dir = cacheDir();
	const st = statSync(file);
	const stem = `${basename(file)}-`;
	const name = `${stem}${process.version}-${process.arch}-${st.size}-${Math.trunc(st.mtimeMs)}.v8`;
	const cached = dir ? readOwn(join(dir, name)) : undefined;
	// The same wrapper require() uses (a shebang is not JavaScript: V8 accepts it only at offset 0).
	const body = source.startsWith('#!') ? '//' + source : source;
	const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${body}\n});`, { filename: file, cachedData: cached });
	const mod = { exports: {} as unknown };
	const fn = script.runInThisContext() as (e: unknown, r: NodeRequire, m: typeof mod, f: string, d: string) => void;
	fn.call(mod.exports, mod.exports, createRequire(file), mod, file, join(file, '..'));
	return {
		exports: mod.exports,
		saveCache() {
			if (!dir || (cached && !script.cachedDataRejected)) return;
			try {
				const tmp = join(dir, `.${name}.${process.pid}`);
				writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
				renameSync(tmp, join(dir, name));
				// Caches of earlier builds of the same bundle are dead weight.
				for (const old of readdirSync(dir)) if (old.startsWith(stem) && old !== name) rmSync(join(dir, old), { force: true });
			} catch {
				// No cache this time.
			}
		},
	};
}

/**
 * `$XDG_CACHE_HOME/oci-restore` (default ~/.cache), created private; undefined when not safely ours.
 * Only under a cache directory (or, while there is none yet, a home) that belongs to the current
 * user: root run with another user's HOME (sudo without -H) leaves that home alone.
 */
function cacheDir(): string | undefined {
	try {
		const base = process.env.XDG_CACHE_HOME?.startsWith('/') ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache');
		if (statSync(existsSync(base) ? base : dirname(base)).uid !== process.getuid?.()) return undefined;
		const dir = join(base, 'oci-restore');
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		return safelyOurs(statSync(dir)) ? dir : undefined;
	} catch {
		return undefined;
	}
}

/** The file's bytes when it belongs to us and nobody else can write it. */
function readOwn(path: string): Buffer | undefined {
	let fd: number | undefined;
	try {
		fd = openSync(path, 'r');
		return safelyOurs(fstatSync(fd)) ? readFileSync(fd) : undefined;
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

function safelyOurs(st: { uid: number; mode: number }): boolean {
	return st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
}
