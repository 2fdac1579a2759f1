import { isAbsolute, join } from 'node:path';
import { nodeRestoreFileSystem, type PathOwner, type RestoreFileSystem } from './restoreFileSystem';

/** A tool the privileged helper must not run, and why. */
export class UnsafeToolError extends Error {
	constructor(
		message: string,
		/** The path (the tool, a directory on the way, or a symlink) that makes it unsafe. */
		readonly culprit: string,
	) {
		super(message);
		this.name = 'UnsafeToolError';
	}
}

const MAX_SYMLINKS = 40;

function mode(o: PathOwner): string {
	return (o.mode & 0o7777).toString(8).padStart(4, '0');
}

function checkDir(dir: string, fs: RestoreFileSystem, tool: string): void {
	const o = fs.lstat(dir);
	if (!o) throw new UnsafeToolError(`${dir} (on the way to ${tool}) does not exist`, dir);
	if (o.uid !== 0) throw new UnsafeToolError(`${dir} (on the way to ${tool}) is owned by uid ${o.uid}, not root: that user could replace the tool`, dir);
	// A sticky bit does not help: anyone may still add a new entry (e.g. a symlink) there.
	if (o.mode & 0o022) throw new UnsafeToolError(`${dir} (on the way to ${tool}) is writable by group or others (mode ${mode(o)})`, dir);
}

/**
 * Refuses a tool a non-root user could replace, before the root helper runs it: the path must be
 * absolute; every directory walked to reach it (symlinks followed one by one, so the directories
 * holding each link are checked too) root-owned and not group/world-writable; the file itself a
 * regular executable owned by root and not group/world-writable. Returns the resolved real path;
 * throws an UnsafeToolError naming the culprit otherwise.
 */
export function checkToolSafe(path: string, fs: RestoreFileSystem = nodeRestoreFileSystem): string {
	if (!isAbsolute(path)) throw new UnsafeToolError(`${path} is not an absolute path`, path);
	let pending = path.split('/').filter((c) => c !== '' && c !== '.');
	let current = '/';
	let links = 0;
	checkDir('/', fs, path);
	while (pending.length > 0) {
		const name = pending.shift() as string;
		if (name === '..') {
			current = join(current, '..');
			continue;
		}
		const next = join(current, name);
		const o = fs.lstat(next);
		if (!o) throw new UnsafeToolError(`${next} does not exist`, next);
		if (o.isSymbolicLink) {
			if (++links > MAX_SYMLINKS) throw new UnsafeToolError(`too many symlinks resolving ${path}`, next);
			const target = fs.readlink(next);
			if (target === undefined) throw new UnsafeToolError(`cannot read the symlink ${next}`, next);
			const parts = target.split('/').filter((c) => c !== '' && c !== '.');
			if (target.startsWith('/')) {
				current = '/';
			}
			pending = [...parts, ...pending];
			continue;
		}
		if (pending.length > 0) {
			if (!o.isDirectory) throw new UnsafeToolError(`${next} is not a directory`, next);
			checkDir(next, fs, path);
			current = next;
			continue;
		}
		if (!o.isFile) throw new UnsafeToolError(`${next} is not a regular file`, next);
		if (o.uid !== 0) throw new UnsafeToolError(`${next} is owned by uid ${o.uid}, not root: that user could replace what root runs`, next);
		if (o.mode & 0o022) throw new UnsafeToolError(`${next} is writable by group or others (mode ${mode(o)})`, next);
		if (!(o.mode & 0o111)) throw new UnsafeToolError(`${next} is not executable (mode ${mode(o)})`, next);
		return next;
	}
	throw new UnsafeToolError(`${path} names a directory, not a file`, path);
}
