import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preflight, type FoundTool, type PreflightDeps } from '../../../server/src/restore/index';
import { findPython, PythonMissingError } from '../../../server/src/restore/findPython';
import { UnsafeToolError } from '../../../server/src/restore/checkToolSafe';
import type { LintResult } from '../../../server/src/lint/types';
import type { PreflightResult } from '../../../server/src/common/helperProtocol';

const RUNC: FoundTool = { path: '/usr/sbin/runc', version: '1.1.5+ds1', source: 'PATH' };
const CRIU: FoundTool = { path: '/usr/local/sbin/criu', version: '4.1.1', source: 'PATH' };
const MISSING = '/nonexistent/oci-restore-test/python3';

/** A healthy simulated system whose bundle /b has `process.terminal: terminal`; python3 found by `findPython`. */
function deps(terminal: boolean, python: PreflightDeps['findPython']): Partial<PreflightDeps> {
	return {
		euid: () => 0,
		findRunc: async () => RUNC,
		findCriu: async () => CRIU,
		checkToolSafe: (p) => p,
		runTool: async (_p, args) => (args[0] === 'check' ? { code: 0, stdout: 'Looks good.\n', stderr: '' } : { code: 1, stdout: '', stderr: 'container does not exist' }),
		readFile: (p) => (p === '/b/config.json' ? new TextEncoder().encode(JSON.stringify({ ociVersion: '1.0.2', process: { terminal, args: ['sh'], cwd: '/' } })) : undefined),
		lint: (): LintResult => ({ diagnostics: [], specVersion: '1.0.2' }),
		fs: {
			stat: (p) => (p === '/b' || p === '/b/checkpoint' ? { isDirectory: true, isFile: false } : p.startsWith('/b/checkpoint/') ? { isDirectory: false, isFile: true } : undefined),
			lstat: () => undefined,
			readlink: () => undefined,
		},
		findPython: python,
	};
}

function python3Check(r: PreflightResult) {
	return r.checks.find((c) => c.name === 'python3');
}

describe('preflight: python3 for a terminal container restored detached', () => {
	test('a missing interpreter is its own failed check, with the package to install', async () => {
		const r = await preflight({ bundle: '/b', id: 'x', detach: true }, deps(true, (euid) => findPython([MISSING], euid)));
		assert.equal(r.ok, false);
		const c = python3Check(r);
		assert.equal(c?.ok, false);
		assert.match(c!.message, /detached needs python3 .*none in \/nonexistent\/oci-restore-test\/python3/);
		assert.match(c!.fix!, /apt-get install python3-minimal/);
		assert.match(c!.fix!, /or restore the container attached/);
		assert.ok(r.checks.filter((x) => x.name !== 'python3').every((x) => x.ok), 'nothing else fails');
	});

	test('only requests that need it: attached, or a pipe-mode bundle, never look for python3', async () => {
		let asked = 0;
		const missing = (euid: number) => {
			asked++;
			return findPython([MISSING], euid);
		};
		for (const [terminal, detach] of [[true, false], [false, true], [false, false]] as const) {
			const r = await preflight({ bundle: '/b', id: 'x', ...(detach ? { detach } : {}) }, deps(terminal, missing));
			assert.equal(r.ok, true, `terminal ${terminal}, detach ${detach}`);
			assert.equal(python3Check(r), undefined);
		}
		assert.equal(asked, 0);
		// No bundle: nothing says the container has a terminal.
		assert.equal(python3Check(await preflight({ detach: true }, deps(true, missing))), undefined);
	});

	test('found and safe: a passing check naming it', async () => {
		const r = await preflight({ bundle: '/b', detach: true }, deps(true, () => '/usr/bin/python3.11'));
		assert.equal(r.ok, true);
		assert.deepEqual(python3Check(r), { name: 'python3', ok: true, message: 'python3 at /usr/bin/python3.11 (receives runc\'s console for the detached terminal container)' });
	});

	test('a python3 root must not run (writable by others) is refused before it runs, with the fix', async (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'ocir-py-'));
		t.after(() => rmSync(dir, { recursive: true, force: true }));
		const fake = join(dir, 'python3');
		writeFileSync(fake, '#!/bin/false\n');
		chmodSync(fake, 0o777);
		assert.throws(() => findPython([fake], 0), UnsafeToolError);
		const r = await preflight({ bundle: '/b', detach: true }, deps(true, (euid) => findPython([fake], euid)));
		const c = python3Check(r);
		assert.equal(c?.ok, false);
		assert.match(c!.message, /python3 not run, root must not run it/);
		assert.match(c!.fix!, /chmod go-w/);
		// Not root: nothing is run as root, so nothing to refuse.
		assert.equal(findPython([fake], 1000), fake);
	});

	test('findPython: the first candidate that exists; none → PythonMissingError', () => {
		assert.throws(() => findPython([MISSING, `${MISSING}.2`], 0), PythonMissingError);
		assert.equal(findPython([MISSING, '/bin/sh'], 1000), '/bin/sh');
	});
});
