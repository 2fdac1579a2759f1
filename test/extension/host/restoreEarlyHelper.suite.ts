import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readHostParams } from '../../support/hostParams';
import { describe, it } from './mochaGlobals';
import { activateExtension, waitFor } from './hostUtil';

/** Pids of this extension host's live child processes serving the helper protocol (`helper --stdio`). */
function helperChildren(): number[] {
	const pids: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			// "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
			const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(ppid) !== process.pid || state === 'Z') continue;
			const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
			if (argv.includes('helper') && argv.includes('--stdio')) pids.push(Number(name));
		} catch {
			// gone meanwhile
		}
	}
	return pids;
}

const alive = (pid: number): boolean => helperChildren().includes(pid);

/** The helper this host started since `before` was taken. */
function newHelper(before: Set<number>): number | undefined {
	return helperChildren().find((p) => !before.has(p));
}

describe('Restore from Checkpoint starts its helper ahead and never leaks it', () => {
	it('the wizard starts the helper before the first pick is answered; Escape ends it', async () => {
		await activateExtension();
		const before = new Set(helperChildren());
		let settled = false;
		const run = Promise.resolve(vscode.commands.executeCommand('ociRestore.restoreFromCheckpoint')).finally(() => (settled = true));
		const pid = await waitFor(() => newHelper(before), 20_000, 'a helper started by the command while its quick pick waits');
		assert.equal(settled, false, 'the wizard still waits for the user');
		assert.ok(alive(pid), 'the helper is up while the user picks');
		// Escape, until the quick pick has appeared and taken it (the bundle list may still be loading).
		await waitFor(async () => {
			if (settled) return true;
			await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
			return undefined;
		}, 20_000, 'the wizard to end on Escape', 200);
		assert.equal(await run, undefined, 'a cancelled wizard is no error and returns nothing');
		await waitFor(() => (alive(pid) ? undefined : true), 15_000, `helper ${pid} to exit after the wizard was cancelled`);
	});

	it('invalid arguments start no helper at all', async () => {
		const before = new Set(helperChildren());
		await assert.rejects(
			Promise.resolve(vscode.commands.executeCommand('ociRestore.restoreFromCheckpoint', { bundle: '/nonexistent-bundle', id: '-not-an-id' })),
			/invalid restore arguments/,
		);
		assert.equal(newHelper(before), undefined, 'nothing started for a request that cannot run');
	});

	it('with arguments the job takes the helper at once; a failed preflight ends it', async () => {
		const bundle = readHostParams().restore?.bundle;
		assert.ok(bundle, 'the node:test side made a bundle');
		const before = new Set(helperChildren());
		let failure: unknown;
		let pid: number | undefined;
		const run = Promise.resolve(vscode.commands.executeCommand('ociRestore.restoreFromCheckpoint', { bundle, imagePath: join(bundle, 'no-such-checkpoint'), id: `early-${process.pid}` }));
		// Seen at once: the helper starts with the command, not after anything else.
		const seen = waitFor(() => newHelper(before), 20_000, 'the helper started for the restore').then((p) => (pid = p));
		try {
			await run;
		} catch (err) {
			failure = err;
		}
		assert.ok(failure instanceof Error && /pre-flight checks failed/.test(failure.message), `the preflight fails: ${String(failure)}`);
		await seen;
		assert.ok(pid);
		await waitFor(() => (alive(pid!) ? undefined : true), 15_000, `helper ${pid} to exit after the failed preflight`);
	});
});
