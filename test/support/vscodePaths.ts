/**
 * Where scripts/setup-vscode.sh puts the real VS Code (code-server) and the Node it runs on.
 * scripts/start.mjs resolves the same paths; keep the pinned versions in sync with the script.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

/** The cache dir outside the repo: `$OCI_RESTORE_CACHE` or `~/.cache/oci-restore`. */
export function cacheDir(): string {
	return process.env.OCI_RESTORE_CACHE || join(homedir(), '.cache', 'oci-restore');
}

/** Node 24, which code-server needs (the system Node may be older). */
export function codeServerNode(): string {
	return join(cacheDir(), `node-v${NODE_VERSION}`, 'bin', 'node');
}

/** code-server's entry script, run with {@link codeServerNode}. */
export function codeServerEntry(): string {
	return join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Whether code-server, its Node and Chromium are installed (scripts/setup-vscode.sh). */
export function vscodeInstalled(): boolean {
	return existsSync(codeServerNode()) && existsSync(codeServerEntry()) && existsSync(CHROMIUM);
}

/** The repo root: tests are built into out/test/… , sources live in test/… */
export function repoRoot(): string {
	let dir = __dirname;
	for (let i = 0; i < 8; i++) {
		if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'esbuild.mjs'))) return dir;
		dir = resolve(dir, '..');
	}
	throw new Error(`repo root not found above ${__dirname}`);
}

/** Where tests leave screenshots and logs (gitignored). */
export function artifactsDir(): string {
	return join(repoRoot(), 'test-artifacts');
}
