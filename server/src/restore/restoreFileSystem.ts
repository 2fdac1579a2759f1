import { statSync } from 'node:fs';
import { nodeFileSystem } from '../lint/nodeFileSystem';

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
	// lstat and readlink are the lint engine's (same semantics: no symlink following, never throwing).
	lstat: nodeFileSystem.stat,
	readlink: nodeFileSystem.readlink,
};
