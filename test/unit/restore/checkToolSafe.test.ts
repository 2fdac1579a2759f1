import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkToolSafe, UnsafeToolError, type PathOwner, type RestoreFileSystem } from '../../../server/src/restore/index';
import { which } from '../../support/bundle';

/** An in-memory tree: path → owner/mode (dirs 'd', files 'f', links 'l' with a target). */
function fakeFs(entries: Record<string, { t: 'd' | 'f' | 'l'; uid?: number; mode?: number; target?: string }>): RestoreFileSystem {
	return {
		stat: () => undefined,
		lstat(path): PathOwner | undefined {
			const e = entries[path];
			if (!e) return undefined;
			const type = e.t === 'd' ? 0o040000 : e.t === 'f' ? 0o100000 : 0o120000;
			return { isDirectory: e.t === 'd', isFile: e.t === 'f', isSymbolicLink: e.t === 'l', uid: e.uid ?? 0, mode: type | (e.mode ?? (e.t === 'd' ? 0o755 : e.t === 'f' ? 0o755 : 0o777)) };
		},
		readlink: (path) => entries[path]?.target,
	};
}

const base = { '/': { t: 'd' as const }, '/usr': { t: 'd' as const }, '/usr/sbin': { t: 'd' as const } };

function unsafe(path: string, fs: RestoreFileSystem, culprit: string, message: RegExp): void {
	assert.throws(() => checkToolSafe(path, fs), (err: unknown) => {
		assert.ok(err instanceof UnsafeToolError, String(err));
		assert.equal(err.culprit, culprit);
		assert.match(err.message, message);
		return true;
	});
}

describe('checkToolSafe (simulated trees)', () => {
	test('a root-owned 0755 file in root-owned 0755 directories is safe', () => {
		assert.equal(checkToolSafe('/usr/sbin/runc', fakeFs({ ...base, '/usr/sbin/runc': { t: 'f' } })), '/usr/sbin/runc');
	});
	test('the file: owner, group/world-writable, not executable, not a regular file', () => {
		unsafe('/usr/sbin/runc', fakeFs({ ...base, '/usr/sbin/runc': { t: 'f', uid: 1000 } }), '/usr/sbin/runc', /owned by uid 1000, not root/);
		unsafe('/usr/sbin/runc', fakeFs({ ...base, '/usr/sbin/runc': { t: 'f', mode: 0o775 } }), '/usr/sbin/runc', /writable by group or others \(mode 0775\)/);
		unsafe('/usr/sbin/runc', fakeFs({ ...base, '/usr/sbin/runc': { t: 'f', mode: 0o757 } }), '/usr/sbin/runc', /mode 0757/);
		unsafe('/usr/sbin/runc', fakeFs({ ...base, '/usr/sbin/runc': { t: 'f', mode: 0o644 } }), '/usr/sbin/runc', /not executable/);
		unsafe('/usr/sbin/runc', fakeFs({ ...base, '/usr/sbin/runc': { t: 'd' } }), '/usr/sbin/runc', /not a regular file/);
		unsafe('/usr/sbin/runc', fakeFs(base), '/usr/sbin/runc', /does not exist/);
	});
	test('every directory on the way: owner and mode, sticky bit no excuse', () => {
		unsafe('/usr/sbin/runc', fakeFs({ ...base, '/usr/sbin': { t: 'd', uid: 1000 }, '/usr/sbin/runc': { t: 'f' } }), '/usr/sbin', /owned by uid 1000/);
		unsafe('/usr/sbin/runc', fakeFs({ ...base, '/usr': { t: 'd', mode: 0o775 }, '/usr/sbin/runc': { t: 'f' } }), '/usr', /mode 0775/);
		unsafe('/usr/sbin/runc', fakeFs({ ...base, '/': { t: 'd', mode: 0o1777 }, '/usr/sbin/runc': { t: 'f' } }), '/', /mode 1777/);
	});
	test('symlinks are followed one by one; the directory holding each link is checked', () => {
		const fs = fakeFs({
			...base, '/usr/local': { t: 'd' }, '/usr/local/sbin': { t: 'd' },
			'/usr/local/sbin/criu': { t: 'l', target: '../../sbin/criu-real' }, '/usr/sbin/criu-real': { t: 'f' },
		});
		assert.equal(checkToolSafe('/usr/local/sbin/criu', fs), '/usr/sbin/criu-real');
		const viaUserDir = fakeFs({
			...base, '/opt': { t: 'd' }, '/opt/x': { t: 'd', uid: 1000 }, '/opt/x/criu': { t: 'l', target: '/usr/sbin/criu' },
			'/usr/sbin/criu': { t: 'f' }, '/usr/local': { t: 'd' }, '/usr/local/criu': { t: 'l', target: '/opt/x/criu' },
		});
		unsafe('/usr/local/criu', viaUserDir, '/opt/x', /owned by uid 1000/);
		const intoUserDir = fakeFs({ ...base, '/home': { t: 'd' }, '/home/u': { t: 'd', uid: 1000 }, '/home/u/runc': { t: 'f' }, '/usr/sbin/runc': { t: 'l', target: '/home/u/runc' } });
		unsafe('/usr/sbin/runc', intoUserDir, '/home/u', /owned by uid 1000/);
		const directoryLink = fakeFs({ '/': { t: 'd' }, '/bin': { t: 'l', target: 'usr/bin' }, '/usr': { t: 'd' }, '/usr/bin': { t: 'd' }, '/usr/bin/runc': { t: 'f' } });
		assert.equal(checkToolSafe('/bin/runc', directoryLink), '/usr/bin/runc');
	});
	test('symlink loops and relative paths are refused', () => {
		unsafe('/usr/sbin/a', fakeFs({ ...base, '/usr/sbin/a': { t: 'l', target: 'b' }, '/usr/sbin/b': { t: 'l', target: 'a' } }), '/usr/sbin/a', /too many symlinks/);
		unsafe('runc', fakeFs(base), 'runc', /not an absolute path/);
	});
});

describe('checkToolSafe (real files)', () => {
	test('a tool in the temporary directory is refused (world-writable /tmp, or a non-root owner)', (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'c1-safe-'));
		t.after(() => rmSync(dir, { recursive: true, force: true }));
		const tool = join(dir, 'runc');
		writeFileSync(tool, '#!/bin/sh\n', { mode: 0o755 });
		assert.throws(() => checkToolSafe(tool), UnsafeToolError);
	});
	test('as root: each bad owner or mode on real files is named as the culprit', (t) => {
		if (process.geteuid?.() !== 0) return t.skip('needs root to create root-owned files and chown them');
		// Not under the temporary directory: /tmp is world-writable, so everything below it fails there first.
		const dir = mkdtempSync('/run/oci-restore-safe-');
		t.after(() => rmSync(dir, { recursive: true, force: true }));
		chmodSync(dir, 0o755);
		const bin = join(dir, 'bin');
		mkdirSync(bin, { mode: 0o755 });
		chmodSync(bin, 0o755);
		const tool = join(bin, 'criu');
		writeFileSync(tool, '#!/bin/sh\n');
		chmodSync(tool, 0o755);
		assert.equal(checkToolSafe(tool), tool, 'root-owned 0755 all the way: safe');
		const culprit = (path: string) => {
			try {
				checkToolSafe(path);
			} catch (err) {
				assert.ok(err instanceof UnsafeToolError, String(err));
				return `${err.culprit}: ${err.message}`;
			}
			return 'safe';
		};
		chmodSync(tool, 0o775);
		assert.match(culprit(tool), new RegExp(`^${tool}: .*mode 0775`));
		chmodSync(tool, 0o755);
		chownSync(tool, 65534, 65534);
		assert.match(culprit(tool), new RegExp(`^${tool}: .*owned by uid 65534`));
		chownSync(tool, 0, 0);
		chmodSync(bin, 0o1777);
		assert.match(culprit(tool), new RegExp(`^${bin}: .*mode 1777`));
		chmodSync(bin, 0o755);
		chownSync(bin, 65534, 65534);
		assert.match(culprit(tool), new RegExp(`^${bin}: .*owned by uid 65534`));
		chownSync(bin, 0, 0);
		const links = join(dir, 'links');
		mkdirSync(links, { mode: 0o755 });
		chmodSync(links, 0o757);
		const link = join(dir, 'criu-link');
		symlinkSync(join(links, 'criu'), link);
		symlinkSync(tool, join(links, 'criu'));
		assert.match(culprit(link), new RegExp(`^${links}: .*mode 0757`), 'the directory holding a link on the way is checked');
		chmodSync(links, 0o755);
		assert.equal(checkToolSafe(link), tool, 'links resolved to the real file');
	});
	test('the installed runc (when present) passes, resolved to its real path', (t) => {
		const runc = which('runc');
		if (!runc) return t.skip('runc not installed');
		assert.match(checkToolSafe(runc), /\/runc$/);
	});
});
