import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCriu, findRunc, lookPath, UnsafeToolError } from '../../../server/src/restore/index';

/** The stand-ins live in the temporary directory, which root refuses; these tests are about discovery. */
const trustAll = { beforeRun: () => undefined };

/** A directory of stand-in executables printing fixed version text (discovery only; no restore here). */
function toolDir(t: TestContext, tools: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'c1-tools-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	for (const [name, body] of Object.entries(tools)) writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
	return dir;
}

describe('findRunc / findCriu', () => {
	test('runc from PATH, with the version runc prints', async (t) => {
		const dir = toolDir(t, { runc: 'echo "runc version 1.2.0-rc.1+dev"; echo "spec: 1.2.0"' });
		assert.deepEqual(await findRunc(undefined, { PATH: `/nonexistent:${dir}` }, trustAll), { path: join(dir, 'runc'), version: '1.2.0-rc.1+dev', source: 'PATH' });
	});
	test('an explicit setting wins over PATH; a missing one says which setting', async (t) => {
		const a = toolDir(t, { runc: 'echo "runc version 1.1.5"' });
		const b = toolDir(t, { runc: 'echo "runc version 1.4.0"' });
		assert.equal((await findRunc(join(b, 'runc'), { PATH: a }, trustAll)).version, '1.4.0');
		await assert.rejects(findRunc(join(b, 'nope'), { PATH: a }, trustAll), /runc not found at '.*nope' \(the runc setting\).*install runc/);
		await assert.rejects(findRunc(undefined, { PATH: '/nonexistent' }, trustAll), /runc not found in PATH \(\/nonexistent\); install runc \(Debian\/Ubuntu: apt-get install runc\)/);
	});
	test('a binary that is not runc is refused', async (t) => {
		const dir = toolDir(t, { runc: 'echo hello' });
		await assert.rejects(findRunc(undefined, { PATH: dir }, trustAll), /did not print a runc version/);
	});
	test('criu order: setting, then OCI_RESTORE_CRIU, then PATH', async (t) => {
		const path = toolDir(t, { criu: 'echo "Version: 3.17.1"' });
		const env = toolDir(t, { criu: 'echo "Version: 4.1.1"' });
		const setting = toolDir(t, { criu: 'echo "Version: 4.2"' });
		assert.deepEqual(await findCriu(undefined, { PATH: path }, trustAll), { path: join(path, 'criu'), version: '3.17.1', source: 'PATH' });
		assert.deepEqual(await findCriu(undefined, { PATH: path, OCI_RESTORE_CRIU: join(env, 'criu') }, trustAll), { path: join(env, 'criu'), version: '4.1.1', source: 'OCI_RESTORE_CRIU' });
		assert.deepEqual(await findCriu(join(setting, 'criu'), { PATH: path, OCI_RESTORE_CRIU: join(env, 'criu') }, trustAll), { path: join(setting, 'criu'), version: '4.2', source: 'setting' });
		await assert.rejects(findCriu(undefined, { PATH: path, OCI_RESTORE_CRIU: '/no/criu' }, trustAll), /criu not found at '\/no\/criu' \(from OCI_RESTORE_CRIU\).*install CRIU/);
		await assert.rejects(findCriu(undefined, { PATH: '/nonexistent' }, trustAll), /criu not found in PATH.*CRIU 4\.x/);
	});
	test('as root, a tool a user could replace is refused before it is run', async (t) => {
		if (process.geteuid?.() !== 0) return t.skip('the default safety check applies to root');
		const marker = join(tmpdir(), `c1-ran-${process.pid}`);
		const dir = toolDir(t, { runc: `touch ${marker}; echo "runc version 1.1.5"`, criu: `touch ${marker}; echo "Version: 4.1"` });
		t.after(() => rmSync(marker, { force: true }));
		await assert.rejects(findRunc(undefined, { PATH: dir }), UnsafeToolError);
		await assert.rejects(findCriu(undefined, { PATH: '/nonexistent', OCI_RESTORE_CRIU: join(dir, 'criu') }), UnsafeToolError);
		assert.equal(existsSync(marker), false, 'neither stand-in was executed');
		const seen: string[] = [];
		await assert.rejects(findRunc(undefined, { PATH: dir }, { beforeRun: (p) => { seen.push(p); throw new Error('no'); } }), /no/);
		assert.deepEqual(seen, [join(dir, 'runc')]);
	});
	test('lookPath ignores relative PATH entries and relative names with a slash', (t) => {
		const dir = toolDir(t, { x: 'true' });
		assert.equal(lookPath('x', `.:relative:${dir}`), join(dir, 'x'));
		assert.equal(lookPath('./x', dir), undefined);
		assert.equal(lookPath('y', dir), undefined);
	});
});
