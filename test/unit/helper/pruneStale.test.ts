import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOB_DIR_MAX_AGE_MS, JOB_DIR_MIN_AGE_MS, pruneStaleJobs } from '../../../server/src/helper/pruneStaleJobs';
import { pruneRestoredRecords } from '../../../server/src/helper/runcTool';
import { mountsUnder } from '../../../server/src/common/mountsUnder.mjs';
import { requirePrerequisite } from '../../support/requirements';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

function temp(t: { after: (fn: () => void) => void }): string {
	const dir = mkdtempSync(join(tmpdir(), 'oci-prune-'));
	t.after(() => {
		for (const m of mountsUnder(dir)) spawnSync('/usr/bin/umount', ['-l', m]);
		if (mountsUnder(dir).length === 0) rmSync(dir, { recursive: true, force: true });
	});
	return dir;
}

/** A job directory with a restore.log, its times set to `at` (the directory last, as file creation touches it). */
function job(base: string, name: string, at: number): string {
	const dir = join(base, name);
	mkdirSync(dir);
	writeFileSync(join(dir, 'restore.log'), 'log\n');
	utimesSync(join(dir, 'restore.log'), at / 1000, at / 1000);
	utimesSync(dir, at / 1000, at / 1000);
	return dir;
}

describe('pruning what jobs leave under /run/oci-restore', () => {
	test('an old, quiet job directory stays while the container it restored runs (its runc.pid is alive)', (t) => {
		const base = temp(t);
		const now = Date.now() + 30 * DAY;
		const quiet = job(base, 'quiet', now - 8 * DAY);
		const ended = job(base, 'ended', now - 8 * DAY);
		const gone = spawnSync('/bin/true').pid!;
		for (const [dir, pid] of [[quiet, process.pid], [ended, gone]] as const) {
			writeFileSync(join(dir, 'runc.pid'), String(pid));
			utimesSync(join(dir, 'runc.pid'), (now - 8 * DAY) / 1000, (now - 8 * DAY) / 1000);
			utimesSync(dir, (now - 8 * DAY) / 1000, (now - 8 * DAY) / 1000);
		}
		assert.deepEqual(pruneStaleJobs(base, JOB_DIR_MAX_AGE_MS, now), [ended]);
		assert.ok(existsSync(quiet));
	});

	test('job directories untouched for a week go; recent ones, ones with a recent file, links and files stay', (t) => {
		const base = temp(t);
		const outside = temp(t);
		const now = Date.now() + 30 * DAY; // judged from the future: the files were all made just now
		const old = job(base, 'old', now - 8 * DAY);
		const fresh = job(base, 'fresh', now - DAY);
		const logging = job(base, 'logging', now - 8 * DAY);
		// A detached container's keeper still appends to its console.log: the directory itself stays old.
		writeFileSync(join(logging, 'console.log'), 'tick\n');
		utimesSync(join(logging, 'console.log'), (now - 60_000) / 1000, (now - 60_000) / 1000);
		utimesSync(logging, (now - 8 * DAY) / 1000, (now - 8 * DAY) / 1000);
		const target = job(outside, 'target', now - 8 * DAY);
		symlinkSync(target, join(base, 'link'));
		writeFileSync(join(base, 'stray-file'), '');
		utimesSync(join(base, 'stray-file'), (now - 8 * DAY) / 1000, (now - 8 * DAY) / 1000);

		assert.deepEqual(pruneStaleJobs(base, JOB_DIR_MAX_AGE_MS, now), [old]);
		assert.equal(existsSync(old), false);
		for (const kept of [fresh, logging, join(base, 'link'), join(base, 'stray-file'), join(target, 'restore.log')]) assert.ok(existsSync(kept), kept);
		assert.deepEqual(pruneStaleJobs(join(base, 'missing'), JOB_DIR_MAX_AGE_MS, now), [], 'a missing base is no error');
	});

	test('beyond the newest `keep` job directories, those untouched for an hour go, unless their container runs', (t) => {
		const base = temp(t);
		const now = Date.now() + 30 * DAY;
		const newest = job(base, 'newest', now - 10 * MINUTE);
		const second = job(base, 'second', now - 20 * MINUTE);
		// Beyond the count but touched within the hour (a restore may still be writing its log): stays.
		const recent = job(base, 'recent', now - 30 * MINUTE);
		const hoursOld = job(base, 'hours-old', now - 2 * 60 * MINUTE);
		const running = job(base, 'running', now - 4 * 60 * MINUTE);
		mkdirSync(join(running, 'pid'));
		writeFileSync(join(running, 'pid', 'runc.pid'), String(process.pid));
		for (const p of [join(running, 'pid', 'runc.pid'), join(running, 'pid'), running]) utimesSync(p, (now - 4 * 60 * MINUTE) / 1000, (now - 4 * 60 * MINUTE) / 1000);
		// Links are not job directories: they neither count nor go.
		symlinkSync(hoursOld, join(base, 'link'));

		assert.deepEqual(pruneStaleJobs(base, JOB_DIR_MAX_AGE_MS, now, 2), [hoursOld]);
		for (const kept of [newest, second, recent, running]) assert.ok(existsSync(kept), kept);
		assert.ok(lstatSync(join(base, 'link')).isSymbolicLink());
		assert.ok(JOB_DIR_MIN_AGE_MS > 30 * MINUTE && JOB_DIR_MIN_AGE_MS < 2 * 60 * MINUTE, 'the cases above straddle the minimum age');
		// Within the count, the week rule alone applies.
		assert.deepEqual(pruneStaleJobs(base, JOB_DIR_MAX_AGE_MS, now, 10), []);
	});

	test('a stale job directory with a mount below it is left alone (never removed across a mount)', (t) => {
		if (!requirePrerequisite(t, process.geteuid?.() === 0, 'root (bind mount)')) return;
		const base = temp(t);
		const now = Date.now() + 30 * DAY;
		const mounted = job(base, 'mounted', now - 8 * DAY);
		const source = temp(t);
		writeFileSync(join(source, 'precious'), 'keep me');
		mkdirSync(join(mounted, 'criu-root'));
		assert.equal(spawnSync('/usr/bin/mount', ['--bind', source, join(mounted, 'criu-root')]).status, 0);
		utimesSync(join(mounted, 'criu-root'), (now - 8 * DAY) / 1000, (now - 8 * DAY) / 1000);
		utimesSync(mounted, (now - 8 * DAY) / 1000, (now - 8 * DAY) / 1000);
		assert.deepEqual(pruneStaleJobs(base, JOB_DIR_MAX_AGE_MS, now), []);
		assert.ok(existsSync(join(source, 'precious')));
		assert.equal(spawnSync('/usr/bin/umount', [join(mounted, 'criu-root')]).status, 0);
		assert.deepEqual(pruneStaleJobs(base, JOB_DIR_MAX_AGE_MS, now), [mounted]);
		assert.ok(existsSync(join(source, 'precious')));
	});

	test('restored-from records go once their process is gone', (t) => {
		const dir = temp(t);
		const exited = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
		const deadPid = Number(exited.stdout.trim());
		writeFileSync(join(dir, 'alive.json'), JSON.stringify({ id: 'alive', pid: process.pid, imagePath: '/i' }));
		writeFileSync(join(dir, 'dead.json'), JSON.stringify({ id: 'dead', pid: deadPid, imagePath: '/i' }));
		writeFileSync(join(dir, 'nonsense.json'), JSON.stringify({ id: 'nonsense', pid: 'x' }));
		writeFileSync(join(dir, 'broken.json'), '{');
		writeFileSync(join(dir, 'notes.txt'), 'not a record');
		assert.deepEqual(pruneRestoredRecords(dir).sort(), ['dead', 'nonsense']);
		for (const kept of ['alive.json', 'broken.json', 'notes.txt']) assert.ok(existsSync(join(dir, kept)), kept);
	});
});
