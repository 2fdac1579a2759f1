import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preflight } from '../../server/src/restore/index';
import type { PreflightCheck, PreflightResult } from '../../server/src/common/helperProtocol';
import { makeBusyboxBundle, startCounter, uniqueId, runcKillDelete } from '../support/bundle';
import { checkpointedCounter, realTools, tempDir } from './planSupport';

function byName(r: PreflightResult): Record<string, PreflightCheck> {
	return Object.fromEntries(r.checks.map((c) => [c.name, c]));
}

describe('preflight against the real runc and CRIU (root)', () => {
	test('a checkpointed counter bundle passes every check, with versions', async (t) => {
		const tools = await realTools(t);
		if (!tools) return;
		const c = await checkpointedCounter(t, tools);
		const r = await preflight({ bundle: c.bundle, imagePath: c.imagePath, id: c.id });
		assert.equal(r.ok, true, JSON.stringify(r.checks, null, 1));
		const checks = byName(r);
		assert.deepEqual(Object.keys(checks), ['root', 'runc', 'criu', 'criu-check', 'image', 'bundle-lint', 'id-free']);
		assert.equal(checks.runc.version, tools.runc.version);
		assert.equal(checks.criu.version, tools.criu.version);
		assert.match(checks['criu-check'].message, /Looks good/);
	});

	test('an id in use, a missing image directory and a config with a lint error each fail with their own message', async (t) => {
		const tools = await realTools(t);
		if (!tools) return;
		const dir = tempDir(t);
		const id = uniqueId('c1pre');
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		t.after(() => runcKillDelete(id));
		const running = await startCounter({ id, bundle: b.bundle, waitTicks: 1 });
		t.after(() => running.cleanup());
		const config = JSON.parse(readFileSync(b.configPath, 'utf8')) as { process: { cwd: string } };
		config.process.cwd = 'tmp';
		writeFileSync(b.configPath, JSON.stringify(config, null, '\t'));
		const r = await preflight({ bundle: b.bundle, id });
		assert.equal(r.ok, false);
		const checks = byName(r);
		assert.equal(checks.runc.ok, true);
		assert.equal(checks['criu-check'].ok, true);
		assert.equal(checks.image.ok, false);
		assert.match(checks.image.message, /checkpoint does not exist/);
		assert.equal(checks['bundle-lint'].ok, false);
		assert.match(checks['bundle-lint'].message, /lint error.*process-cwd-absolute/);
		assert.equal(checks['id-free'].ok, false);
		assert.match(checks['id-free'].message, new RegExp(`'${id}' already exists \\(status running\\)`));
		assert.match(checks['id-free'].fix ?? '', /delete --force/);
	});

	test('id-free without starting runc when runc has no state for the id; anything there goes to runc state (stale, live, another --root)', async (t) => {
		const tools = await realTools(t);
		if (!tools) return;
		const dir = tempDir(t);
		// A "runc" that fails whatever it is asked: a check passing with it never ran runc.
		const runcNeverRuns = { findRunc: async () => ({ path: '/bin/false', version: tools.runc.version, source: 'PATH' as const }) };
		const free = uniqueId('c1free');
		const absent = byName(await preflight({ id: free }, runcNeverRuns))['id-free'];
		assert.deepEqual(absent, { name: 'id-free', ok: true, message: `no container named '${free}' exists` });

		// Left by an interrupted restore: the directory is there but runc cannot load it.
		const stale = uniqueId('c1stale');
		const staleDir = join('/run/runc', stale);
		mkdirSync(staleDir, { recursive: true });
		t.after(() => rmSync(staleDir, { recursive: true, force: true }));
		const leftover = byName(await preflight({ id: stale }))['id-free'];
		assert.equal(leftover.ok, false);
		assert.match(leftover.message, new RegExp(`state directory ${staleDir} is still there`));
		assert.equal(byName(await preflight({ id: stale }, runcNeverRuns))['id-free'].ok, false, 'something is there: never answered without runc');

		// A container under another --root: in use there, free under runc's default root.
		const id = uniqueId('c1root');
		// after-hooks run in the order they were added: kill under the custom root before that root's
		// state directory (its own temp dir, added next) is removed, or runc loses the container.
		t.after(() => runcKillDelete(id, { root }));
		const root = join(tempDir(t), 'runc-root');
		const b = makeBusyboxBundle(join(dir, 'bundle'));
		const running = await startCounter({ id, root, bundle: b.bundle, waitTicks: 1 });
		t.after(() => running.cleanup());
		const there = byName(await preflight({ id, runcRoot: root }))['id-free'];
		assert.equal(there.ok, false);
		assert.match(there.message, new RegExp(`'${id}' already exists \\(status running\\)`));
		assert.match(there.fix ?? '', new RegExp(`runc --root ${root} delete --force ${id}`));
		assert.equal(byName(await preflight({ id }, runcNeverRuns))['id-free'].ok, true, 'free under the default root');
		// A relative root is runc's to resolve: never answered from the file system.
		assert.equal(byName(await preflight({ id: free, runcRoot: 'relative-root' }, runcNeverRuns))['id-free'].ok, false);
	});

	test('a CRIU setting that does not exist is reported as such', async (t) => {
		const tools = await realTools(t);
		if (!tools) return;
		const r = byName(await preflight({ criu: '/nonexistent/criu' }));
		assert.equal(r.criu.ok, false);
		assert.match(r.criu.message, /criu not found at '\/nonexistent\/criu'/);
		assert.equal(r['criu-check'].ok, false);
	});
});
