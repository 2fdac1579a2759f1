import assert from 'node:assert/strict';
import { readHostParams } from '../../support/hostParams';
import { describe, it } from './mochaGlobals';
import { openAttachedTerminal, waitFor } from './hostUtil';

describe('stdio of a pipe-mode container restored detached (real runc + CRIU)', () => {
	const r = readHostParams().restore;

	it('Open Terminal attaches to its pipes: the counter continues line by line, a typed line reaches stdin, Ctrl-D ends it', async () => {
		assert.ok(r, 'the node:test side restored a pipe-mode container detached');
		const next = r.lastTick + 1;
		const { handle, terminal } = await openAttachedTerminal(r.id, next);
		// No pty: the terminal itself turns the pipe's "\n" into "\r\n".
		assert.match(handle.output(), new RegExp(`tick ${next}\\r\\ntick ${next + 1}\\r\\n`));
		terminal.sendText('from-vscode', true);
		await waitFor(() => (/got:from-vscode\r\n/.test(handle.output()) && /err:from-vscode\r\n/.test(handle.output()) ? true : undefined), 20_000, `the answer on stdout and stderr (so far: ${JSON.stringify(handle.output().slice(-300))})`);
		terminal.sendText('\x04', false);
		await waitFor(() => (handle.output().includes('stdin-eof') ? true : undefined), 20_000, `the end of input to reach the container (so far: ${JSON.stringify(handle.output().slice(-300))})`);
		terminal.dispose();
	});
});
