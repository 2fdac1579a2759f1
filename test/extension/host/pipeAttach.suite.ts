import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readHostParams } from '../../support/hostParams';
import { describe, it } from './mochaGlobals';
import { activateExtension, waitFor } from './hostUtil';

interface ConsoleTerminalHandle {
	id: string;
	terminalName: string;
	output(): string;
}

const ticksIn = (text: string): number[] => [...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));

describe('stdio of a pipe-mode container restored detached (real runc + CRIU)', () => {
	const r = readHostParams().restore;

	it('Open Terminal attaches to its pipes: the counter continues line by line, a typed line reaches stdin, Ctrl-D ends it', async () => {
		assert.ok(r, 'the node:test side restored a pipe-mode container detached');
		await activateExtension();
		const handle = await vscode.commands.executeCommand<ConsoleTerminalHandle>('ociRestore.container.openTerminal', { id: r.id });
		assert.ok(handle, 'the command returns the attached terminal');
		const next = r.lastTick + 1;
		const ticks = await waitFor(() => {
			const t = ticksIn(handle.output());
			return t.includes(next + 2) ? t : undefined;
		}, 30_000, `tick ${next + 2} in the terminal (so far: ${JSON.stringify(handle.output().slice(-300))})`);
		assert.equal(ticks[0], next, `the recent output starts with the first tick after the restore; ticks: ${ticks.join(' ')}`);
		// No pty: the terminal itself turns the pipe's "\n" into "\r\n".
		assert.match(handle.output(), new RegExp(`tick ${next}\\r\\ntick ${next + 1}\\r\\n`));
		const terminal = vscode.window.terminals.find((t) => t.name === handle.terminalName);
		assert.ok(terminal, 'the terminal is open');
		terminal.sendText('from-vscode', true);
		await waitFor(() => (/got:from-vscode\r\n/.test(handle.output()) && /err:from-vscode\r\n/.test(handle.output()) ? true : undefined), 20_000, `the answer on stdout and stderr (so far: ${JSON.stringify(handle.output().slice(-300))})`);
		terminal.sendText('\x04', false);
		await waitFor(() => (handle.output().includes('stdin-eof') ? true : undefined), 20_000, `the end of input to reach the container (so far: ${JSON.stringify(handle.output().slice(-300))})`);
		terminal.dispose();
	});
});
