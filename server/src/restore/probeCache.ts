import { lstatSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { dirname } from 'node:path';

/** Root's cache: tmpfs, so it never outlives a boot (kernel modules and binaries may change across one). */
export const ROOT_PROBE_CACHE = '/run/oci-restore/probe-cache.json';

interface Entry {
	/** The binary's identity when the value was seen: see {@link binaryIdentity}. */
	id: string;
	value: string;
}

/**
 * What identifies a binary's content without reading it: device, inode, size, modification and
 * change times (ctime moves on any rewrite, chmod or rename onto the path, and cannot be set back).
 */
export function binaryIdentity(path: string): string | undefined {
	try {
		const st = statSync(path);
		return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
	} catch {
		return undefined;
	}
}

/**
 * Results of slow probes of a binary (`runc --version`, `criu --version`, `criu check`), kept while the
 * binary is unchanged (same {@link binaryIdentity}) and, for kernel-dependent probes, the kernel release
 * is the same. Root-only: the file and its directory must belong to this euid and be writable by
 * nobody else, or the cache is ignored (a forged entry must not steer what root runs). Without root
 * it does nothing: an unprivileged process has no restore to speed up.
 */
export class ProbeCache {
	private entries: Record<string, Entry> | undefined;

	constructor(
		private readonly file = ROOT_PROBE_CACHE,
		private readonly enabled = (process.geteuid?.() ?? -1) === 0,
	) {}

	/** The cached value of `probe` for the binary at `path` (a real path), if still valid. */
	get(probe: string, path: string, kernelDependent = false): string | undefined {
		if (!this.enabled) return undefined;
		const e = this.load()[key(probe, path, kernelDependent)];
		if (!e) return undefined;
		return e.id === binaryIdentity(path) ? e.value : undefined;
	}

	/** Remembers `value` for the binary at `path` as it is now. */
	set(probe: string, path: string, value: string, kernelDependent = false): void {
		if (!this.enabled) return;
		const id = binaryIdentity(path);
		if (!id) return;
		const entries = this.load();
		entries[key(probe, path, kernelDependent)] = { id, value };
		try {
			mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
			if (!trusted(dirname(this.file))) return;
			const tmp = `${this.file}.${process.pid}.tmp`;
			writeFileSync(tmp, JSON.stringify(entries), { mode: 0o600 });
			renameSync(tmp, this.file);
		} catch {
			// A cache that cannot be written only costs the next probe its time.
		}
	}

	private load(): Record<string, Entry> {
		if (this.entries) return this.entries;
		this.entries = {};
		try {
			if (trusted(dirname(this.file)) && trusted(this.file)) {
				const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
				if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
					for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
						const e = v as Partial<Entry> | null;
						if (e && typeof e.id === 'string' && typeof e.value === 'string') this.entries[k] = { id: e.id, value: e.value };
					}
				}
			}
		} catch {
			// missing or unreadable: an empty cache
		}
		return this.entries;
	}
}

function key(probe: string, path: string, kernelDependent: boolean): string {
	return `${probe}\0${path}${kernelDependent ? `\0${release()}` : ''}`;
}

/** Owned by this euid, not a symlink, writable by nobody else. */
function trusted(path: string): boolean {
	try {
		const st = lstatSync(path);
		return !st.isSymbolicLink() && st.uid === (process.geteuid?.() ?? -1) && (st.mode & 0o022) === 0;
	} catch {
		return false;
	}
}
