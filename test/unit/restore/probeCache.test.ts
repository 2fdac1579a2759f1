import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProbeCache } from '../../../server/src/restore/probeCache';

function setup(t: { after(fn: () => void): void }) {
	const dir = mkdtempSync(join(tmpdir(), 'ocir-probecache-'));
	chmodSync(dir, 0o700);
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	const bin = join(dir, 'criu');
	writeFileSync(bin, '#!/bin/sh\necho 4.1.1\n', { mode: 0o755 });
	return { dir, bin, file: join(dir, 'cache', 'probe-cache.json') };
}

describe('ProbeCache', () => {
	test('a value is found again by a new process (a new cache object) while the binary is unchanged', (t) => {
		const { bin, file } = setup(t);
		new ProbeCache(file, true).set('criu --version', bin, '4.1.1');
		assert.equal(new ProbeCache(file, true).get('criu --version', bin), '4.1.1');
		assert.equal(new ProbeCache(file, true).get('runc --version', bin), undefined, 'per probe');
	});

	test('rewriting the binary (even with the same size) invalidates it', (t) => {
		const { bin, file } = setup(t);
		new ProbeCache(file, true).set('criu --version', bin, '4.1.1');
		writeFileSync(bin, '#!/bin/sh\necho 4.2.0\n');
		assert.equal(new ProbeCache(file, true).get('criu --version', bin), undefined);
	});

	test('a kernel-dependent probe is keyed by the kernel release too; a missing binary has no value', (t) => {
		const { bin, file } = setup(t);
		new ProbeCache(file, true).set('criu check', bin, 'ok', true);
		assert.equal(new ProbeCache(file, true).get('criu check', bin, true), 'ok');
		assert.equal(new ProbeCache(file, true).get('criu check', bin, false), undefined);
		rmSync(bin);
		assert.equal(new ProbeCache(file, true).get('criu check', bin, true), undefined);
	});

	test('a cache file others can write is ignored; a disabled cache neither reads nor writes', (t) => {
		const { bin, file } = setup(t);
		new ProbeCache(file, true).set('criu --version', bin, '4.1.1');
		chmodSync(file, 0o666);
		assert.equal(new ProbeCache(file, true).get('criu --version', bin), undefined);
		chmodSync(file, 0o600);
		assert.equal(new ProbeCache(file, true).get('criu --version', bin), '4.1.1');
		assert.equal(new ProbeCache(file, false).get('criu --version', bin), undefined);
		const other = join(file + '.other');
		new ProbeCache(other, false).set('criu --version', bin, '4.1.1');
		assert.equal(new ProbeCache(other, true).get('criu --version', bin), undefined);
	});
});
