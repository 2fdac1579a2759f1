import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintText } from '../../../../server/src/lint/index';
import type { LintFileSystem } from '../../../../server/src/lint/types';
import { applyFix, base, type Config } from './ruleHarness';

/** Every place a rule reads; a random JSON value is put at one or more of them. */
const paths: string[][] = [
	['ociVersion'], ['root'], ['root', 'path'], ['process'], ['process', 'args'], ['process', 'cwd'], ['process', 'env'], ['process', 'user'],
	['process', 'capabilities'], ['process', 'capabilities', 'ambient'], ['process', 'capabilities', 'effective'], ['process', 'rlimits'],
	['process', 'scheduler'], ['process', 'ioPriority'], ['process', 'consoleSize'], ['hostname'], ['domainname'], ['mounts'], ['hooks'],
	['hooks', 'prestart'], ['hooks', 'createRuntime'], ['annotations'], ['linux'], ['linux', 'namespaces'], ['linux', 'uidMappings'],
	['linux', 'sysctl'], ['linux', 'devices'], ['linux', 'resources'], ['linux', 'resources', 'memory'], ['linux', 'resources', 'cpu'],
	['linux', 'resources', 'blockIO'], ['linux', 'seccomp'], ['linux', 'seccomp', 'syscalls'], ['linux', 'maskedPaths'], ['linux', 'netDevices'],
	['linux', 'timeOffsets'], ['linux', 'memoryPolicy'], ['linux', 'personality'], ['linux', 'intelRdt'], ['linux', 'cgroupsPath'], ['windows'],
];

function put(c: Config, path: string[], v: unknown): void {
	let o: Config = c;
	for (const k of path.slice(0, -1)) {
		if (typeof o[k] !== 'object' || o[k] === null || Array.isArray(o[k])) o[k] = {};
		o = o[k];
	}
	o[path[path.length - 1]] = v;
}

/** A file system where everything exists, as a directory or a symlink to itself: worst case for resolution. */
const hostileFs: LintFileSystem = {
	stat: (p) => ({ isDirectory: !p.endsWith('x'), isFile: false, isSymbolicLink: p.endsWith('x'), mode: 0, uid: 0 }),
	readlink: (p) => (p.endsWith('x') ? p.split('/').pop() : undefined),
};

describe('rules never crash', () => {
	test('random values at every field the rules read: no internal error; every fix yields valid JSON', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 })), { minLength: 1, maxLength: 4 }), (changes) => {
				const c = base();
				for (const [p, v] of changes) put(c, p, v);
				const text = JSON.stringify(c, null, '\t');
				const ds = lintText(text, { bundleDir: '/b', fs: hostileFs }).diagnostics;
				assert.deepEqual(ds.filter((d) => d.code === 'internal-error').map((d) => d.message), []);
				for (const d of ds) for (const f of d.fixes ?? []) JSON.parse(applyFix(text, f));
			}),
			{ numRuns: 300 },
		);
	});
	test('structured near-miss configs: no internal error, fixes stay valid', () => {
		const entry = fc.oneof(
			fc.record({ type: fc.constantFrom('pid', 'uts', 'user', 'time', 'mount', 'network', 'ipc'), path: fc.option(fc.constantFrom('/proc/1/ns/x', 'rel', ''), { nil: undefined }) }),
			fc.jsonValue({ maxDepth: 1 }),
		);
		fc.assert(
			fc.property(
				fc.array(entry, { maxLength: 6 }),
				fc.array(fc.constantFrom('CAP_KILL', 'CAP_KIL', 'kill', 'CAP_SYS_ADMIN', '', 'X'), { maxLength: 5 }),
				fc.dictionary(fc.constantFrom('net.a', 'kernel.shmmax', 'vm.x', 'kernel.hostname', 'fs.mqueue.y', 'a/b.c'), fc.string()),
				fc.constantFrom('h', '', undefined),
				(namespaces, caps, sysctl, hostname) => {
					const c = base();
					c.linux.namespaces = namespaces;
					c.process.capabilities = { bounding: caps, effective: caps, ambient: caps };
					c.linux.sysctl = sysctl;
					if (hostname === undefined) delete c.hostname;
					else c.hostname = hostname;
					const text = JSON.stringify(c, null, 2);
					const ds = lintText(text).diagnostics;
					assert.deepEqual(ds.filter((d) => d.code === 'internal-error').map((d) => d.message), []);
					for (const d of ds) {
						for (const f of d.fixes ?? []) {
							const fixed = applyFix(text, f);
							JSON.parse(fixed);
							const again = lintText(fixed).diagnostics;
							assert.ok(!again.some((x) => x.code.startsWith('parse-')), `${f.title}: ${fixed}`);
						}
					}
				},
			),
			{ numRuns: 100 },
		);
	});
});
