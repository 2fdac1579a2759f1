import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCriu, findRunc, lookPath } from '../../../server/src/restore/index';

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
		assert.deepEqual(await findRunc(undefined, { PATH: `/nonexistent:${dir}` }), { path: join(dir, 'runc'), version: '1.2.0-rc.1+dev', source: 'PATH' });
	});
	test('an explicit setting wins over PATH; a missing one says which setting', async (t) => {
		const a = toolDir(t, { runc: 'echo "runc version 1.1.5"' });
		const b = toolDir(t, { runc: 'echo "runc version 1.4.0"' });
		assert.equal((await findRunc(join(b, 'runc'), { PATH: a })).version, '1.4.0');
		await assert.rejects(findRunc(join(b, 'nope'), { PATH: a }), /runc not found at '.*nope' \(the runc setting\).*install runc/);
		await assert.rejects(findRunc(undefined, { PATH: '/nonexistent' }), /runc not found in PATH \(\/nonexistent\); install runc \(Debian\/Ubuntu: apt-get install runc\)/);
	});
	test('a binary that is not runc is refused', async (t) => {
		const dir = toolDir(t, { runc: 'echo hello' });
		await assert.rejects(findRunc(undefined, { PATH: dir }), /did not print a runc version/);
	});
	test('criu order: setting, then OCI_RESTORE_CRIU, then PATH', async (t) => {
		const path = toolDir(t, { criu: 'echo "Version: 3.17.1"' });
		const env = toolDir(t, { criu: 'echo "Version: 4.1.1"' });
		const setting = toolDir(t, { criu: 'echo "Version: 4.2"' });
		assert.deepEqual(await findCriu(undefined, { PATH: path }), { path: join(path, 'criu'), version: '3.17.1', source: 'PATH' });
		assert.deepEqual(await findCriu(undefined, { PATH: path, OCI_RESTORE_CRIU: join(env, 'criu') }), { path: join(env, 'criu'), version: '4.1.1', source: 'OCI_RESTORE_CRIU' });
		assert.deepEqual(await findCriu(join(setting, 'criu'), { PATH: path, OCI_RESTORE_CRIU: join(env, 'criu') }), { path: join(setting, 'criu'), version: '4.2', source: 'setting' });
		await assert.rejects(findCriu(undefined, { PATH: path, OCI_RESTORE_CRIU: '/no/criu' }), /criu not found at '\/no\/criu' \(from OCI_RESTORE_CRIU\).*install CRIU/);
		await assert.rejects(findCriu(undefined, { PATH: '/nonexistent' }), /criu not found in PATH.*CRIU 4\.x/);
	});
	test('lookPath ignores relative PATH entries and relative names with a slash', (t) => {
		const dir = toolDir(t, { x: 'true' });
		assert.equal(lookPath('x', `.:relative:${dir}`), join(dir, 'x'));
		assert.equal(lookPath('./x', dir), undefined);
		assert.equal(lookPath('y', dir), undefined);
	});
});
