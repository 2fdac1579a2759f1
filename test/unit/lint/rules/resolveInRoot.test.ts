/**
 * resolveInRoot against the kernel: on random trees whose symlinks are relative and stay inside the
 * root, resolving inside the root must agree with the host's realpath(3) (same file, or ENOENT /
 * ENOTDIR where realpath fails; symlink-count limits aside).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { nodeFileSystem } from '../../../../server/src/lint/nodeFileSystem';
import { resolveInRoot } from '../../../../server/src/lint/rules/resolveInRoot';

const seg = fc.constantFrom('a', 'b', 'c');
const rel = fc.array(seg, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
type Entry = { kind: 'dir' | 'file' } | { kind: 'link'; to: string };
const entry: fc.Arbitrary<[string, Entry]> = fc.tuple(rel, fc.oneof(fc.constant<Entry>({ kind: 'dir' }), fc.constant<Entry>({ kind: 'file' }), rel.map((to): Entry => ({ kind: 'link', to }))));

describe('resolveInRoot agrees with realpath on trees that stay inside the root', () => {
	test('random trees and lookups', () => {
		const top = mkdtempSync(join(tmpdir(), 'oci-a2-resolve-'));
		let n = 0;
		try {
			fc.assert(
				fc.property(fc.array(entry, { minLength: 1, maxLength: 12 }), fc.array(rel, { minLength: 1, maxLength: 6 }), (entries, queries) => {
					const root = join(top, String(n++));
					mkdirSync(root);
					const realRoot = realpathSync(root);
					for (const [p, e] of entries) {
						const abs = join(root, p);
						try {
							mkdirSync(dirname(abs), { recursive: true });
							if (e.kind === 'dir') mkdirSync(abs);
							else if (e.kind === 'file') writeFileSync(abs, '');
							// A relative target computed from the link's real directory never leaves the root. (From
							// its path inside the root it could: when a parent is a link, `..` climbs from where that
							// link points.)
							else if (e.kind === 'link') symlinkSync(posix.relative(realpathSync(dirname(abs)), join(realRoot, e.to)) || '.', abs);
						} catch {
							// The path is taken or its parent is a file: skip this entry.
						}
					}
					for (const q of queries) {
						let host: string | undefined;
						try {
							host = realpathSync.native(join(root, q));
						} catch {
							host = undefined;
						}
						const r = resolveInRoot(nodeFileSystem, root, '/' + q);
						// Chains longer than 40 links: libc and we may count differently; both give up.
						if (r.kind === 'loop') continue;
						if (host === undefined) assert.notEqual(r.kind, 'found', `${q}: realpath fails, resolveInRoot found ${JSON.stringify(r)}`);
						else {
							assert.equal(r.kind, 'found', `${q}: realpath ${host}`);
							if (r.kind === 'found') assert.equal(realpathSync(r.hostPath), host, q);
						}
					}
				}),
				{ numRuns: 150 },
			);
		} finally {
			rmSync(top, { recursive: true, force: true });
		}
	});
});
