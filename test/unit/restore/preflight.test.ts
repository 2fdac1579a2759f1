import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { preflight, UnsafeToolError, type FoundTool, type PreflightDeps, type PathKind } from '../../../server/src/restore/index';
import type { LintResult } from '../../../server/src/lint/types';
import type { PreflightCheck, PreflightResult } from '../../../server/src/common/helperProtocol';

const RUNC: FoundTool = { path: '/usr/sbin/runc', version: '1.1.5+ds1', source: 'PATH' };
const CRIU: FoundTool = { path: '/usr/local/sbin/criu', version: '4.1.1', source: 'PATH' };

/** Simulated system: every dependency answers as on a healthy machine unless overridden. */
function deps(over: Partial<PreflightDeps> & { files?: Record<string, PathKind>; stateOf?: (id: string) => { code: number; stdout?: string; stderr?: string } } = {}): Partial<PreflightDeps> {
	const files = over.files ?? {
		'/b': { isDirectory: true, isFile: false },
		'/b/checkpoint': { isDirectory: true, isFile: false },
		'/b/checkpoint/inventory.img': { isDirectory: false, isFile: true },
		'/b/checkpoint/descriptors.json': { isDirectory: false, isFile: true },
	};
	return {
		euid: () => 0,
		findRunc: async () => RUNC,
		findCriu: async () => CRIU,
		checkToolSafe: (p) => p,
		runTool: async (_path, args) => {
			if (args[0] === 'check') return { code: 0, stdout: 'Looks good.\n', stderr: '' };
			const id = args[args.length - 1];
			const r = over.stateOf?.(id) ?? { code: 1, stderr: `time="x" level=error msg="container does not exist"` };
			return { code: r.code, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
		},
		readFile: () => new TextEncoder().encode('{}'),
		lint: (): LintResult => ({ diagnostics: [], specVersion: '1.0.2' }),
		fs: { stat: (p) => files[p], lstat: () => undefined, readlink: () => undefined },
		...over,
	};
}

function byName(r: PreflightResult) {
	return Object.fromEntries(r.checks.map((c) => [c.name, c])) as Record<string, PreflightCheck>;
}

describe('preflight (simulated system)', () => {
	test('all good: every check in order, versions reported', async () => {
		const r = await preflight({ bundle: '/b', id: 'ctr' }, deps());
		assert.equal(r.ok, true);
		assert.deepEqual(r.checks.map((c) => c.name), ['root', 'runc', 'criu', 'criu-check', 'image', 'bundle-lint', 'id-free']);
		assert.equal(byName(r).runc.version, '1.1.5+ds1');
		assert.equal(byName(r).criu.message, 'CRIU 4.1.1 at /usr/local/sbin/criu');
	});
	test('only the checks that apply: no bundle → no image/lint; no id → no id check', async () => {
		const r = await preflight({}, deps());
		assert.deepEqual(r.checks.map((c) => c.name), ['root', 'runc', 'criu', 'criu-check']);
	});
	test('not root: says so with the fix, and criu check is not run', async () => {
		const r = byName(await preflight({}, deps({ euid: () => 1000 })));
		assert.equal(r.root.ok, false);
		assert.match(r.root.message, /euid 1000, not root/);
		assert.match(r.root.fix!, /ociRestore\.elevation/);
		assert.match(r['criu-check'].message, /needs root/);
	});
	test('runc or CRIU missing: the discovery message and its install advice', async () => {
		const r = byName(await preflight({ id: 'x' }, deps({
			findRunc: async () => { throw new Error('runc not found in PATH (/usr/bin); install runc (Debian/Ubuntu: apt-get install runc) or point ociRestore.runcPath / --runc at it'); },
			findCriu: async () => { throw new Error('criu not found in PATH (/usr/bin); install CRIU ≥ 3.16'); },
		})));
		assert.equal(r.runc.ok, false);
		assert.match(r.runc.fix!, /^install runc/);
		assert.match(r.criu.fix!, /^install CRIU/);
		assert.match(r['criu-check'].message, /CRIU was not found/);
		assert.match(r['id-free'].message, /runc was not found/);
	});
	test('a tool root must not run: the culprit and how to fix it', async () => {
		const r = byName(await preflight({}, deps({ checkToolSafe: (p) => { if (p.includes('criu')) throw new Error('/usr/local/sbin is writable by group or others (mode 0775)'); return p; } })));
		assert.equal(r.runc.ok, true);
		assert.equal(r.criu.ok, false);
		assert.match(r.criu.message, /root must not run it: \/usr\/local\/sbin is writable/);
		assert.match(r.criu.fix!, /chmod go-w/);
	});
	test('a tool discovery refused as unsafe (before running it) is reported as such, not as missing', async () => {
		const r = byName(await preflight({}, deps({ findCriu: async () => { throw new UnsafeToolError('/home/u is owned by uid 1000, not root', '/home/u'); } })));
		assert.equal(r.criu.ok, false);
		assert.match(r.criu.message, /^CRIU not run, root must not run it: \/home\/u is owned by uid 1000/);
		assert.match(r.criu.fix!, /chown root:root/);
	});
	test('CRIU too old, and criu check failing on the vDSO', async () => {
		const r = byName(await preflight({}, deps({
			findCriu: async () => ({ ...CRIU, version: '2.9' }),
			runTool: async () => ({ code: 1, stdout: '', stderr: 'Error (criu/vdso.c:627): vdso: Unexpected rt vDSO area bounds\n' }),
		})));
		assert.equal(r.criu.ok, false);
		assert.match(r.criu.message, /older than 3\.0/);
		assert.equal(r['criu-check'].ok, false);
		assert.match(r['criu-check'].message, /exit 1\): Error \(criu\/vdso\.c:627\): vdso: Unexpected rt vDSO area bounds/);
		assert.match(r['criu-check'].fix!, /newer CRIU \(4\.x\)/);
	});
	test('image directory problems come from the same check as restore', async () => {
		const r = byName(await preflight({ bundle: '/b', imagePath: 'other' }, deps()));
		assert.equal(r.image.ok, false);
		assert.match(r.image.message, /image directory \/b\/other does not exist/);
	});
	test('lint errors fail the bundle check, quoting the first with its position; warnings do not', async () => {
		const diag = (severity: 'error' | 'warning', line: number, message: string, code: string) => ({ severity, message, code, pointer: '', range: { start: { line, character: 2 }, end: { line, character: 5 } } });
		const failing = byName(await preflight({ bundle: '/b' }, deps({ lint: () => ({ specVersion: '1.0.2', diagnostics: [diag('warning', 1, 'w', 'w1'), diag('error', 4, 'process.cwd must be absolute', 'process-cwd-absolute'), diag('error', 9, 'e2', 'c2')] }) })));
		assert.equal(failing['bundle-lint'].ok, false);
		assert.match(failing['bundle-lint'].message, /has 2 lint errors; first at 5:3: process\.cwd must be absolute \[process-cwd-absolute\]/);
		const warned = byName(await preflight({ bundle: '/b' }, deps({ lint: () => ({ specVersion: '1.0.2', diagnostics: [diag('warning', 1, 'w', 'w1')] }) })));
		assert.equal(warned['bundle-lint'].ok, true);
		assert.match(warned['bundle-lint'].message, /no lint errors \(1 warning\)/);
		const unreadable = byName(await preflight({ bundle: '/b' }, deps({ readFile: () => undefined })));
		assert.match(unreadable['bundle-lint'].message, /cannot read \/b\/config\.json/);
	});
	test('id in use, left-over state, bad id', async () => {
		const used = byName(await preflight({ id: 'web', runcRoot: '/run/r' }, deps({ stateOf: () => ({ code: 0, stdout: '{"status":"running"}' }) })));
		assert.equal(used['id-free'].ok, false);
		assert.match(used['id-free'].message, /'web' already exists \(status running\)/);
		assert.match(used['id-free'].fix!, /runc --root \/run\/r delete --force web/);
		const leftover = byName(await preflight({ id: 'web' }, deps({
			files: { '/run/runc/web': { isDirectory: true, isFile: false } },
			stateOf: () => ({ code: 1, stderr: 'time="x" level=error msg="load container web: container does not exist"' }),
		})));
		assert.match(leftover['id-free'].message, /state directory \/run\/runc\/web is still there/);
		assert.match(leftover['id-free'].fix!, /unmount \/run\/runc\/web\/criu-root/);
		const bad = byName(await preflight({ id: '-x' }, deps()));
		assert.match(bad['id-free'].message, /must not start with '-'/);
	});
});
