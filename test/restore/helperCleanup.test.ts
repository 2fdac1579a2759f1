import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runcPath } from '../support/bundle';
import { childEnv } from '../../server/src/helper/childEnv';
import { realProcessHost } from '../../server/src/helper/processHost';
import { mountsUnder, RuncCommands } from '../../server/src/helper/runcTool';
import { restorePrerequisites, tempDir } from './restoreSupport';

describe('cleanup of a half-restored container\'s runc state (real mounts, root)', () => {
	test('criu-root bind-mounted twice over the rootfs: both unmounted, state removed, rootfs files untouched', async (t) => {
		if (!restorePrerequisites(t)) return;
		const dir = tempDir(t);
		const rootfs = join(dir, 'rootfs');
		mkdirSync(join(rootfs, 'bin'), { recursive: true });
		writeFileSync(join(rootfs, 'bin', 'busybox'), 'precious');
		const root = join(dir, 'runc-root');
		const state = join(root, 'ctr1');
		const criuRoot = join(state, 'criu-root');
		mkdirSync(criuRoot, { recursive: true });
		writeFileSync(join(state, 'state.json.tmp'), '{');
		t.after(() => {
			for (let i = 0; i < 4 && mountsUnder(state).length; i++) spawnSync('/usr/bin/umount', ['-l', criuRoot]);
		});
		for (let i = 0; i < 2; i++) {
			const m = spawnSync('/usr/bin/mount', ['--bind', rootfs, criuRoot], { encoding: 'utf8' });
			assert.equal(m.status, 0, m.stderr);
		}
		assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(criuRoot)).length, 2, 'two stacked mounts');
		const runc = new RuncCommands(realProcessHost, { path: runcPath(), version: '', root, env: childEnv() });
		const said = await runc.cleanup('ctr1');
		assert.match(said, /removed runc's half-written state for 'ctr1' .*unmounted 2 mounts/);
		assert.deepEqual(mountsUnder(state), []);
		assert.equal(existsSync(state), false);
		assert.equal(readFileSync(join(rootfs, 'bin', 'busybox'), 'utf8'), 'precious', 'the rootfs behind criu-root is untouched');
	});
});
