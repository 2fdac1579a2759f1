import { lstatSync, readlinkSync, statSync } from 'node:fs';

/** What a path is, following symlinks; undefined when it does not exist (or cannot be reached). */
export interface PathKind {
	isDirectory: boolean;
	isFile: boolean;
}

/** Ownership and mode of a path itself (lstat: symlinks are not followed). */
export interface PathOwner {
	isDirectory: boolean;
	isFile: boolean;
	isSymbolicLink: boolean;
	/** st_mode, type bits included. */
	mode: number;
	uid: number;
}

/** The file-system questions the restore core asks; injectable for tests. */
export interface RestoreFileSystem {
	stat(path: string): PathKind | undefined;
	lstat(path: string): PathOwner | undefined;
	readlink(path: string): string | undefined;
}

/** node:fs, never throwing. */
export const nodeRestoreFileSystem: RestoreFileSystem = {
	stat(path) {
		try {
			const s = statSync(path);
			return { isDirectory: s.isDirectory(), isFile: s.isFile() };
		} catch {
			return undefined;
		}
	},
	lstat(path) {
		try {
			const s = lstatSync(path);
			return { isDirectory: s.isDirectory(), isFile: s.isFile(), isSymbolicLink: s.isSymbolicLink(), mode: s.mode, uid: s.uid };
		} catch {
			return undefined;
		}
	},
	readlink(path) {
		try {
			return readlinkSync(path);
		} catch {
			return undefined;
		}
	},
};
