import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HelperLease } from '../../../extension/src/restore/helperLease';
import type { HelperClient } from '../../../server/src/helper/client';

const KEY = { helperPath: '', elevation: 'auto', allowUnsafeHelperLocation: false };

/** A stand-in for a started helper: counts how often it was told to end. */
function fakeHelper(): HelperClient & { disposed: number } {
	const h = { disposed: 0, hasExited: false, dispose: () => void h.disposed++ };
	return h as unknown as HelperClient & { disposed: number };
}

/** A start that resolves (or rejects) when the test says so. */
function deferredStart() {
	let resolve!: (h: HelperClient) => void;
	let reject!: (e: Error) => void;
	let calls = 0;
	const promise = new Promise<HelperClient>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { start: () => (calls++, promise), resolve, reject, calls: () => calls };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('HelperLease: one owner for a helper started ahead', () => {
	test('the helper starts at once, before anyone asks for it', () => {
		const d = deferredStart();
		const lease = new HelperLease(d.start, KEY);
		assert.equal(d.calls(), 1);
		assert.equal(lease.held, true);
		lease.dispose();
	});

	test('taken: the job owns it, disposing the lease afterwards does not end it', async () => {
		const d = deferredStart();
		const lease = new HelperLease(d.start, KEY);
		const h = fakeHelper();
		d.resolve(h);
		assert.equal(await lease.take(), h);
		assert.equal(lease.held, false);
		lease.dispose();
		await settle();
		assert.equal(h.disposed, 0);
		await assert.rejects(lease.take(), /already taken/);
	});

	test('disposed while still starting (wizard cancelled): the helper ends as soon as it is up', async () => {
		const d = deferredStart();
		const lease = new HelperLease(d.start, KEY);
		lease.dispose();
		lease.dispose();
		const h = fakeHelper();
		d.resolve(h);
		await settle();
		assert.equal(h.disposed, 1, 'ended exactly once');
		await assert.rejects(lease.take(), /already disposed/);
	});

	test('disposed after it started: ended at once', async () => {
		const d = deferredStart();
		const lease = new HelperLease(d.start, KEY);
		const h = fakeHelper();
		d.resolve(h);
		await settle();
		lease.dispose();
		await settle();
		assert.equal(h.disposed, 1);
	});

	test('a start failure (e.g. sudo refused) reaches whoever takes it, with its own error; unclaimed it is no unhandled rejection', async () => {
		const d = deferredStart();
		const lease = new HelperLease(d.start, KEY);
		const refused = Object.assign(new Error('sudo refused: add this rule …'), { code: 'not-permitted' });
		d.reject(refused);
		await assert.rejects(lease.take(), (err) => err === refused);
		const other = deferredStart();
		const unclaimed = new HelperLease(other.start, KEY);
		other.reject(new Error('nobody looks'));
		unclaimed.dispose();
		await settle();
	});

	test('a start that throws synchronously is a failed start, not a crash of the command', async () => {
		const lease = new HelperLease(() => {
			throw new Error('pkexec is not installed');
		}, KEY);
		await assert.rejects(lease.take(), /pkexec is not installed/);
	});

	test('release listeners: called once when taken or disposed (the window scope forgets the lease)', async () => {
		const d = deferredStart();
		d.resolve(fakeHelper());
		const taken = new HelperLease(d.start, KEY);
		const disposed = new HelperLease(d.start, KEY);
		let releases = 0;
		taken.onReleased(() => releases++);
		disposed.onReleased(() => releases++);
		await taken.take();
		disposed.dispose();
		disposed.dispose();
		assert.equal(releases, 2);
		let late = 0;
		taken.onReleased(() => late++);
		assert.equal(late, 1, 'a listener added after the release is called at once');
	});

	test('matches only the settings the helper was started with', () => {
		const lease = new HelperLease(() => Promise.resolve(fakeHelper()), KEY);
		assert.equal(lease.matches({ ...KEY }), true);
		assert.equal(lease.matches({ ...KEY, elevation: 'pkexec' }), false);
		assert.equal(lease.matches({ ...KEY, helperPath: '/usr/local/lib/oci-restore/cli.js' }), false);
		assert.equal(lease.matches({ ...KEY, allowUnsafeHelperLocation: true }), false);
		lease.dispose();
	});
});
