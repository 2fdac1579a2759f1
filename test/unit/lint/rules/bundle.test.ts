import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base, expectCodes, expectNone, expectOne, lintRules } from './ruleHarness';
import { resolveInRoot } from '../../../../server/src/lint/rules/resolveInRoot';
import type { LintFileSystem } from '../../../../server/src/lint/types';

const bundleCodes = ['bundle-root-missing', 'bundle-root-not-directory', 'bundle-root-name', 'bundle-exec-not-found', 'bundle-exec-not-executable', 'bundle-hook-missing', 'bundle-hook-not-executable', 'bundle-mount-source-missing'];

let bundle = '';
const opts = () => ({ filePath: join(bundle, 'config.json') });

function file(rel: string, mode: number): void {
	const p = join(bundle, rel);
	mkdirSync(join(p, '..'), { recursive: true });
	writeFileSync(p, '#!/bin/sh\nexit 0\n');
	chmodSync(p, mode);
}

function run(args: string[], env?: string[], cwd = '/') {
	const c = base();
	c.process.args = args;
	if (env) c.process.env = env;
	else delete c.process.env;
	c.process.cwd = cwd;
	return c;
}

before(() => {
	bundle = mkdtempSync(join(tmpdir(), 'oci-a2-bundle-'));
	file('rootfs/bin/sh', 0o755);
	file('rootfs/bin/busybox', 0o755);
	file('rootfs/only-in-rootfs/tool', 0o755);
	file('rootfs/opt/data.txt', 0o644);
	mkdirSync(join(bundle, 'rootfs/bin/dir'));
	mkdirSync(join(bundle, 'rootfs/usr/bin'), { recursive: true });
	mkdirSync(join(bundle, 'rootfs/usr/local/bin'), { recursive: true });
	symlinkSync('../../bin/busybox', join(bundle, 'rootfs/usr/bin/env'));
	// Absolute targets are relative to the rootfs: /only-in-rootfs does not exist on the host.
	symlinkSync('/only-in-rootfs/tool', join(bundle, 'rootfs/usr/local/bin/app'));
	symlinkSync('chain2', join(bundle, 'rootfs/usr/local/bin/chain1'));
	symlinkSync('/usr/bin/env', join(bundle, 'rootfs/usr/local/bin/chain2'));
	symlinkSync('loop2', join(bundle, 'rootfs/loop1'));
	symlinkSync('loop1', join(bundle, 'rootfs/loop2'));
	// An executable outside the rootfs: a link climbing out must stay inside.
	file('hooks/hook.sh', 0o755);
	file('hooks/noexec.sh', 0o644);
	symlinkSync('../hooks/hook.sh', join(bundle, 'rootfs/escape'));
	mkdirSync(join(bundle, 'data'));
	writeFileSync(join(bundle, 'not-a-dir'), '');
	symlinkSync('rootfs', join(bundle, 'rootfs-link'));
	mkdirSync(join(bundle, 'other'));
});

after(() => {
	if (bundle) rmSync(bundle, { recursive: true, force: true });
});

describe('bundle-root-*', () => {
	test('the base bundle has no bundle diagnostic', () => {
		expectNone(run(['/bin/sh']), bundleCodes, opts());
	});
	test('missing, not a directory, a symlink, not named rootfs', () => {
		const c = base();
		c.root.path = 'nope';
		expectOne(c, 'bundle-root-missing', '/root/path', opts());
		c.root.path = 'not-a-dir';
		expectOne(c, 'bundle-root-not-directory', '/root/path', opts());
		c.root.path = 'rootfs-link';
		assert.match(expectOne(c, 'bundle-root-not-directory', '/root/path', opts()).message, /symbolic link/);
		c.root.path = 'other';
		c.process.args = ['/x'];
		assert.equal(expectOne(c, 'bundle-root-name', '/root/path', opts()).severity, 'hint');
		c.root.path = join(bundle, 'rootfs');
		expectNone(c, ['bundle-root-name', 'bundle-root-missing'], opts());
	});
	test('bundle rules run only for config.json or with an explicit bundle dir', () => {
		const c = base();
		c.root.path = 'nope';
		expectNone(c, bundleCodes, { filePath: join(bundle, 'other.json') });
		expectNone(c, bundleCodes);
		expectOne(c, 'bundle-root-missing', '/root/path', { bundleDir: bundle });
		expectNone(c, bundleCodes, { ...opts(), bundleChecks: false });
	});
});

describe('bundle-exec-*', () => {
	test('absolute path, PATH lookup, default PATH', () => {
		expectNone(run(['/bin/sh']), bundleCodes, opts());
		expectNone(run(['sh'], ['PATH=/usr/bin:/bin']), bundleCodes, opts());
		expectNone(run(['sh']), bundleCodes, opts());
		const d = expectOne(run(['sh'], ['PATH=/usr/bin']), 'bundle-exec-not-found', '/process/args/0', opts());
		assert.match(d.message, /PATH "\/usr\/bin" \(process\.env\)/);
		// The last PATH wins, as in runc.
		expectNone(run(['sh'], ['PATH=/usr/bin', 'PATH=/bin']), bundleCodes, opts());
	});
	test('symlink chains and absolute links resolve inside the rootfs', () => {
		expectNone(run(['env']), bundleCodes, opts());
		expectNone(run(['/usr/local/bin/app']), bundleCodes, opts());
		expectNone(run(['chain1'], ['PATH=/usr/local/bin']), bundleCodes, opts());
		expectNone(run(['./app'], undefined, '/usr/local/bin'), bundleCodes, opts());
	});
	test('a link never escapes the rootfs; loops are bounded', () => {
		// On the host the link reaches an executable; inside the rootfs ".." stops at the root.
		assert.equal(realpathSync(join(bundle, 'rootfs/escape')), realpathSync(join(bundle, 'hooks/hook.sh')));
		expectOne(run(['/escape']), 'bundle-exec-not-found', '/process/args/0', opts());
		expectOne(run(['/loop1']), 'bundle-exec-not-found', '/process/args/0', opts());
		expectOne(run(['/nothing/here']), 'bundle-exec-not-found', '/process/args/0', opts());
	});
	test('not executable: a plain file, a directory', () => {
		assert.match(expectOne(run(['/opt/data.txt']), 'bundle-exec-not-executable', '/process/args/0', opts()).message, /0644/);
		assert.match(expectOne(run(['/bin/dir']), 'bundle-exec-not-executable', '/process/args/0', opts()).message, /directory/);
	});
	test('a program under a mount destination is not judged', () => {
		const c = run(['/mnt/tool']);
		c.mounts.push({ destination: '/mnt', type: 'bind', source: join(bundle, 'data'), options: ['rbind'] });
		expectNone(c, bundleCodes, opts());
	});
});

describe('bundle-hook-* and bundle-mount-source-missing', () => {
	test('hooks exist and are executable on the host', () => {
		const c = base();
		c.hooks = { createRuntime: [{ path: join(bundle, 'hooks/hook.sh') }, { path: join(bundle, 'hooks/missing') }, { path: join(bundle, 'hooks/noexec.sh') }] };
		expectCodes(c, [['bundle-hook-missing', '/hooks/createRuntime/1/path'], ['bundle-hook-not-executable', '/hooks/createRuntime/2/path']], opts());
	});
	test('bind sources exist (relative ones relative to the bundle); other mounts are not checked', () => {
		const c = base();
		c.mounts.push({ destination: '/a', type: 'bind', source: 'data', options: ['rbind'] });
		c.mounts.push({ destination: '/b', source: 'missing-dir', options: ['bind'] });
		c.mounts.push({ destination: '/c', type: 'tmpfs', source: 'tmpfs' });
		expectCodes(c, [['bundle-mount-source-missing', '/mounts/2/source']], opts());
	});
});

describe('injected file system', () => {
	/** An in-memory tree: paths → entries; symlinks as { link }. */
	function memFs(tree: Record<string, { dir?: true; mode?: number; link?: string }>): LintFileSystem & { calls: number } {
		const fs = {
			calls: 0,
			stat(p: string) {
				fs.calls++;
				const e = tree[p];
				if (!e) return undefined;
				return { isDirectory: !!e.dir, isFile: !e.dir && !e.link, isSymbolicLink: !!e.link, mode: e.mode ?? 0o755, uid: 0 };
			},
			readlink(p: string) {
				return tree[p]?.link;
			},
		};
		return fs;
	}
	const tree = {
		'/b': { dir: true as const },
		'/b/rootfs': { dir: true as const },
		'/b/rootfs/bin': { dir: true as const },
		'/b/rootfs/bin/app': { mode: 0o755 },
		'/b/rootfs/bin/link': { link: '/bin/app' },
		'/b/rootfs/bin/up': { link: '../../../../bin/app' },
		'/b/rootfs/bin/self': { link: 'self' },
		'/b/rootfs/bin/ro': { mode: 0o644 },
		'/b/rootfs/bin/dot': { link: '.' },
		'/usr': { dir: true as const },
		'/usr/bin': { dir: true as const },
		'/usr/bin/hook': { mode: 0o700 },
	};
	test('rules read only the injected file system', () => {
		const fs = memFs(tree);
		const c = base();
		c.process.args = ['link'];
		c.process.env = ['PATH=/bin'];
		c.hooks = { poststop: [{ path: '/usr/bin/hook' }] };
		expectNone(c, bundleCodes, { bundleDir: '/b', fs });
		assert.ok(fs.calls > 0);
		c.process.args = ['/bin/ro'];
		expectOne(c, 'bundle-exec-not-executable', '/process/args/0', { bundleDir: '/b', fs });
	});
	test('resolveInRoot: clamps "..", follows absolute links inside, stops loops', () => {
		const fs = memFs(tree);
		assert.deepEqual(resolveInRoot(fs, '/b/rootfs', '/bin/up'), { kind: 'found', hostPath: '/b/rootfs/bin/app', containerPath: '/bin/app', isFile: true, isDirectory: false, mode: 0o755 });
		assert.equal(resolveInRoot(fs, '/b/rootfs', '/../../bin/link').kind, 'found');
		assert.equal(resolveInRoot(fs, '/b/rootfs', '/bin/self').kind, 'loop');
		assert.equal(resolveInRoot(fs, '/b/rootfs', '/bin/app/x').kind, 'missing');
		// A link to "." is its own directory, and ".." at the end climbs one level (never above the root).
		assert.equal((resolveInRoot(fs, '/b/rootfs', '/bin/dot') as { hostPath: string }).hostPath, '/b/rootfs/bin');
		assert.equal((resolveInRoot(fs, '/b/rootfs', '/bin/..') as { hostPath: string }).hostPath, '/b/rootfs');
		assert.equal((resolveInRoot(fs, '/b/rootfs', '/bin/dot/app') as { hostPath: string }).hostPath, '/b/rootfs/bin/app');
		assert.ok(fs.calls < 200);
	});
	test('a lint of a huge PATH stays bounded', () => {
		const fs = memFs(tree);
		const c = base();
		c.process.args = ['nothing'];
		c.process.env = ['PATH=' + Array.from({ length: 2000 }, (_, i) => `/d${i}`).join(':')];
		const ds = lintRules(c, { bundleDir: '/b', fs }).filter((d) => d.code === 'bundle-exec-not-found');
		assert.equal(ds.length, 1);
	});
});
