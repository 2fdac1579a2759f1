import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_INSTALL_PREFIX } from './elevation';
import { unsafeLocation } from './locationSafety';

/** The @lydell/node-pty packages the helper loads at run time (the JS package and this platform's binary). */
export function ptyPackageDirs(fromDir: string): string[] {
	const dirs: string[] = [];
	for (let cur = fromDir; ; cur = dirname(cur)) {
		const scope = join(cur, 'node_modules', '@lydell');
		if (existsSync(join(scope, 'node-pty'))) {
			for (const name of readdirSync(scope)) if (name === 'node-pty' || name === `node-pty-${process.platform}-${process.arch}`) dirs.push(join(scope, name));
			return dirs;
		}
		if (dirname(cur) === cur) return dirs;
	}
}

/**
 * Copies the CLI bundle (which serves `helper --stdio`) and the pty packages into a root-owned
 * prefix: everything owned by root, nothing group/world-writable, replaced atomically. Returns the
 * installed cli.js path.
 */
export function installHelper(o: { cliPath: string; prefix?: string }): string {
	const prefix = o.prefix ?? DEFAULT_INSTALL_PREFIX;
	if ((process.geteuid?.() ?? -1) !== 0) throw new Error('helper install must run as root (e.g. with sudo)');
	const parentProblem = existsSync(prefix) ? undefined : unsafeLocation(dirname(prefix));
	if (parentProblem) throw new Error(`cannot install into ${prefix}: ${parentProblem}`);
	const staging = `${prefix}.new-${process.pid}`;
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true, mode: 0o755 });
	cpSync(o.cliPath, join(staging, 'cli.js'));
	for (const dir of ptyPackageDirs(dirname(o.cliPath))) {
		cpSync(dir, join(staging, 'node_modules', '@lydell', dir.split('/').pop()!), { recursive: true, dereference: true });
	}
	harden(staging);
	chmodSync(join(staging, 'cli.js'), 0o755);
	const old = `${prefix}.old-${process.pid}`;
	if (existsSync(prefix)) renameSync(prefix, old);
	renameSync(staging, prefix);
	rmSync(old, { recursive: true, force: true });
	const problem = unsafeLocation(join(prefix, 'cli.js'));
	if (problem) throw new Error(`installed, but the location is not safe: ${problem}`);
	return join(prefix, 'cli.js');
}

/** root:root, no group/other write bits, on the whole tree. */
function harden(path: string): void {
	const st = statSync(path);
	chownSync(path, 0, 0);
	chmodSync(path, (st.mode & 0o7777 & ~0o022) | (st.isDirectory() ? 0o755 : 0o644) | (st.mode & 0o111 ? 0o111 : 0));
	if (st.isDirectory()) for (const name of readdirSync(path)) harden(join(path, name));
}
