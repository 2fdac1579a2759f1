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

describe('console of a terminal container restored detached (real runc + CRIU)', () => {
	const r = readHostParams().restore;

	it('Open Terminal attaches to its console: the counter continues, typing reaches it, closing only detaches', async () => {
		assert.ok(r, 'the node:test side restored a terminal container detached');
		await activateExtension();
		const handle = await vscode.commands.executeCommand<ConsoleTerminalHandle>('ociRestore.container.openTerminal', { id: r.id });
		assert.ok(handle, 'the command returns the console terminal');
		assert.equal(handle.terminalName, `${r.id} (console)`);
		const next = r.lastTick + 1;
		const ticks = await waitFor(() => {
			const t = ticksIn(handle.output());
			return t.includes(next + 2) ? t : undefined;
		}, 30_000, `tick ${next + 2} in the console terminal (so far: ${JSON.stringify(handle.output().slice(-300))})`);
		assert.equal(ticks[0], next, `the recent output starts with the first tick after the restore; ticks: ${ticks.join(' ')}`);
		const terminal = vscode.window.terminals.find((t) => t.name === handle.terminalName);
		assert.ok(terminal, 'the terminal is open');
		terminal.sendText('from-vscode', true);
		await waitFor(() => (handle.output().includes('got:from-vscode') ? true : undefined), 20_000, `the container's answer (so far: ${JSON.stringify(handle.output().slice(-300))})`);
		terminal.dispose();
	});
});
