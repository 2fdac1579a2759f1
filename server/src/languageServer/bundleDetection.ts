import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundleDetection } from '../common/settings';

/** What bundle detection needs to know about a document. */
export interface DetectionInput {
	uri: string;
	/** Whether the document's top level has an `ociVersion` key. */
	hasOciVersion: () => boolean;
	/** The document's `root.path` when it is a non-empty string. */
	rootPath: () => string | undefined;
}

/** The file-system path of a `file:` URI; undefined for other schemes (untitled, git, …). */
export function fileSystemPath(uri: string): string | undefined {
	if (!uri.startsWith('file:')) return undefined;
	try {
		return fileURLToPath(uri);
	} catch {
		return undefined;
	}
}

/**
 * Decides whether a JSON document is an OCI bundle config the server should lint: a `config.json`
 * whose bundle directory holds the directory named by root.path (default `rootfs`), and/or a
 * document whose top level has `ociVersion`, as the `ociRestore.bundleDetection` setting says.
 * Other JSON files (package.json, tsconfig.json, an unrelated config.json) are never linted.
 */
export function isBundleConfig(input: DetectionInput, detection: BundleDetection): boolean {
	if (detection !== 'ociVersion' && hasRootfsSibling(input)) return true;
	if (detection !== 'rootfs' && input.hasOciVersion()) return true;
	return false;
}

function hasRootfsSibling(input: DetectionInput): boolean {
	const path = fileSystemPath(input.uri);
	if (!path || basename(path) !== 'config.json') return false;
	const rootfs = resolve(dirname(path), input.rootPath() ?? 'rootfs');
	try {
		return statSync(rootfs).isDirectory();
	} catch {
		return false;
	}
}
