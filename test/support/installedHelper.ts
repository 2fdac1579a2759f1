import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { installHelper } from '../../server/src/helper/install';

/**
 * The helper refuses to run as root from a location a non-root user could write to — and a CI
 * clone may well live under /tmp (mode 1777). Tests that run the helper or the CLI as root therefore
 * run it the way users do: installed (`oci-restore helper install`) into a root-owned directory.
 * Each test process installs the freshly built dist/cli.js once, under /run (root-owned, tmpfs),
 * and removes it when the process exits.
 */
let installed: string | undefined;

/** Absolute path of a root-owned installed copy of dist/cli.js (root only). */
export function installedCliPath(): string {
	if (installed) return installed;
	const built = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
	if (!existsSync(built)) throw new Error(`${built} is missing: run node esbuild.mjs first`);
	const base = '/run/oci-restore-tests';
	mkdirSync(base, { recursive: true, mode: 0o755 });
	const prefix = join(base, `${process.pid}-${randomBytes(4).toString('hex')}`);
	installed = installHelper({ cliPath: built, prefix });
	process.once('exit', () => rmSync(prefix, { recursive: true, force: true }));
	return installed;
}
