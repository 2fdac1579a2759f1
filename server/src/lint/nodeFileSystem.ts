import { lstatSync, readlinkSync } from 'node:fs';
import type { LintFileSystem } from './types';

/** The default {@link LintFileSystem}: node:fs, lstat semantics, never throws. */
export const nodeFileSystem: LintFileSystem = {
	stat(path) {
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
