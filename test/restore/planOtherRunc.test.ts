import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	checkpointArgv, findCriu, findRunc, restoreArgv, SYSTEM_PATH, validateCheckpointParams, validateRestoreParams, versionAtLeast, parseVersion,
	type FoundTool, type RuncArgv,
} from '../../server/src/restore/index';
import { makeBusyboxBundle, parseTicks, uniqueId } from '../support/bundle';
import { tempDir } from './planSupport';

/**
 * The same planned checkpoint/restore with a SECOND runc, to cover the other way of handing CRIU
 * over (runc ≥ 1.2 finds it in PATH; the installed Debian 12 runc takes --criu). Opt-in: set
 * OCI_RESTORE_EXTRA_RUNC to another runc binary (e.g. Debian sid's runc 1.3); skipped otherwise,
 * CI included, since no such runc is part of the project's prerequisites.
 */
const extra = process.env.OCI_RESTORE_EXTRA_RUNC;

function run(runc: FoundTool, planned: RuncArgv | { argv: string[] }, cwd = '/') {
	const pathPrepend = 'pathPrepend' in planned ? planned.pathPrepend : undefined;
	const child = spawn(runc.path, planned.argv, { cwd, env: { PATH: pathPrepend ? `${pathPrepend}:${SYSTEM_PATH}` : SYSTEM_PATH }, stdio: ['pipe', 'pipe', 'pipe'] });
	let out = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr.on('data', (d: Buffer) => (out += d.toString()));
	return { output: () => out, done: new Promise<number | null>((resolve) => child.on('close', resolve)) };
}

async function until(what: string, pred: () => boolean, ms: number, output: () => string): Promise<void> {
	const deadline = Date.now() + ms;
	while (!pred()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output: ${output()}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('planned checkpoint/restore with another runc (OCI_RESTORE_EXTRA_RUNC)', () => {
	test('counter → checkpoint → restore continues with the next tick, CRIU handed over as that runc expects', async (t) => {
		if (!extra) return t.skip('set OCI_RESTORE_EXTRA_RUNC to a second runc binary to run this');
		if (process.geteuid?.() !== 0) return t.skip('needs root');
		// The test's own choice of binary (it may sit anywhere, e.g. unpacked in the temporary directory).
		const runc = await findRunc(extra, process.env, { beforeRun: () => undefined });
		const criu = await findCriu();
		const dir = tempDir(t);
		const root = join(tmpdir(), `${uniqueId('c1root')}`);
		mkdirSync(root, { mode: 0o700 });
		const id = uniqueId('c1other');
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		t.after(async () => {
			await run(runc, { argv: ['--root', root, 'kill', id, 'KILL'] }).done;
			await run(runc, { argv: ['--root', root, 'delete', '-f', id] }).done;
			rmSync(root, { recursive: true, force: true });
		});
		const counter = run(runc, { argv: ['--root', root, 'run', id] }, b.bundle);
		await until('3 ticks', () => parseTicks(counter.output()).length >= 3, 15_000, counter.output);
		const ignore = versionAtLeast(parseVersion(runc.version)!, '1.2.0-rc.1');
		const cv = validateCheckpointParams({ id, imagePath: join(dir, 'img'), workPath: join(dir, 'dump'), ...(ignore ? { manageCgroupsMode: 'ignore' } : {}) }, dir);
		assert.ok(cv.ok);
		if (!cv.ok) return;
		const cp = checkpointArgv(cv.value, runc, { criuPath: criu.path, root });
		assert.equal(cp.argv.includes('--criu'), ignore === false, 'runc ≥ 1.2 gets CRIU through PATH only');
		const dump = run(runc, cp);
		assert.equal(await dump.done, 0, dump.output());
		await counter.done;
		const last = Math.max(...parseTicks(counter.output()));
		const rv = validateRestoreParams({ id, bundle: b.bundle, imagePath: join(dir, 'img'), workPath: join(dir, 'restore'), ...(ignore ? { manageCgroupsMode: 'ignore' } : {}) }, '/');
		assert.ok(rv.ok);
		if (!rv.ok) return;
		const restored = run(runc, restoreArgv(rv.value, runc, { criuPath: criu.path, root }));
		await until('2 restored ticks', () => parseTicks(restored.output()).length >= 2, 20_000, restored.output);
		assert.equal(parseTicks(restored.output())[0], last + 1);
		await run(runc, { argv: ['--root', root, 'kill', id, 'KILL'] }).done;
		assert.equal(await restored.done, 137);
	});
});
