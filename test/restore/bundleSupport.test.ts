/**
 * The test-support cleanup (runcKillDelete) must never delete a bundle's rootfs through the bind
 * mount a killed restore leaves on <runc state>/<id>/criu-root (runc's `delete -f` of a state
 * directory without state.json removes it recursively).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountsUnder, runcKillDelete, uniqueId, which } from '../support/bundle';
import { requirePrerequisite } from '../support/requirements';

test('runcKillDelete unmounts a leftover criu-root before removing the state, keeping the rootfs', async (t) => {
	if (!requirePrerequisite(t, process.geteuid?.() === 0, 'root (bind mounts)')) return;
	if (!requirePrerequisite(t, which('runc') !== undefined, 'runc')) return;
	const scratch = mkdtempSync(join(tmpdir(), 'ocir-cleanup-'));
	const runcRoot = join(scratch, 'runc-root');
	const id = uniqueId('cleanup');
	const rootfs = join(scratch, 'rootfs');
	const stateDir = join(runcRoot, id);
	const criuRoot = join(stateDir, 'criu-root');
	try {
		mkdirSync(rootfs, { recursive: true });
		writeFileSync(join(rootfs, 'precious'), 'keep me');
		mkdirSync(criuRoot, { recursive: true });
		execFileSync('/bin/mount', ['--bind', rootfs, criuRoot]);
		assert.deepEqual(mountsUnder(stateDir), [criuRoot]);
		await runcKillDelete(id, { root: runcRoot });
		assert.equal(existsSync(join(rootfs, 'precious')), true, 'the rootfs survives the cleanup');
		assert.deepEqual(mountsUnder(stateDir), [], 'nothing stays mounted');
		assert.equal(existsSync(stateDir), false, 'the state directory is gone');
	} finally {
		for (const m of mountsUnder(scratch)) execFileSync('/bin/umount', ['-l', m]);
		rmSync(scratch, { recursive: true, force: true });
	}
});
