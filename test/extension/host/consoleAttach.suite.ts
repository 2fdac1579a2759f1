import assert from 'node:assert/strict';
import { readHostParams } from '../../support/hostParams';
import { describe, it } from './mochaGlobals';
import { openAttachedTerminal, waitFor } from './hostUtil';

describe('console of a terminal container restored detached (real runc + CRIU)', () => {
	const r = readHostParams().restore;

	it('Open Terminal attaches to its console: the counter continues, typing reaches it, closing only detaches', async () => {
		assert.ok(r, 'the node:test side restored a terminal container detached');
		const { handle, terminal } = await openAttachedTerminal(r.id, r.lastTick + 1);
		assert.equal(handle.terminalName, `${r.id} (console)`);
		terminal.sendText('from-vscode', true);
		await waitFor(() => (handle.output().includes('got:from-vscode') ? true : undefined), 20_000, `the container's answer (so far: ${JSON.stringify(handle.output().slice(-300))})`);
		terminal.dispose();
	});
});
