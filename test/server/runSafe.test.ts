import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { runSafe } from '../../server/src/languageServer/runSafe';

function logger(): { lines: string[]; error(m: string): void } {
	const lines: string[] = [];
	return { lines, error: (m: string) => lines.push(m) };
}

test('runSafe returns the work result', async () => {
	const log = logger();
	assert.equal(await runSafe(log, () => 42, 0, 'x', CancellationToken.None), 42);
	assert.equal(await runSafe(log, async () => 'async', '', 'x', CancellationToken.None), 'async');
	assert.deepEqual(log.lines, []);
});

test('a throwing or rejecting handler is logged with context and answered with the fallback', async () => {
	const log = logger();
	const fallback = { items: [] };
	assert.equal(await runSafe(log, () => { throw new TypeError('boom'); }, fallback, 'Error while computing hover for file:///a', CancellationToken.None), fallback);
	assert.equal(await runSafe(log, () => Promise.reject(new Error('later')), null, 'Error while pulling', CancellationToken.None), null);
	assert.equal(log.lines.length, 2);
	assert.match(log.lines[0], /^Error while computing hover for file:\/\/\/a: boom\n.*TypeError: boom/s);
	assert.match(log.lines[1], /^Error while pulling: later/);
});

test('cancellation before the work skips it; cancellation during it discards the result', async () => {
	const log = logger();
	const before = new CancellationTokenSource();
	before.cancel();
	let ran = false;
	const r1 = await runSafe(log, () => { ran = true; return 1; }, 0, 'x', before.token);
	assert.ok(r1 instanceof ResponseError && r1.code === LSPErrorCodes.RequestCancelled);
	assert.equal(ran, false);
	const during = new CancellationTokenSource();
	const r2 = await runSafe(log, async () => { during.cancel(); return 2; }, 0, 'x', during.token);
	assert.ok(r2 instanceof ResponseError && r2.code === LSPErrorCodes.RequestCancelled);
	assert.deepEqual(log.lines, []);
});
