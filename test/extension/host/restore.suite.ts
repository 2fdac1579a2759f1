import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readHostParams } from '../../support/hostParams';
import { describe, it } from './mochaGlobals';
import { activateExtension, ticksIn, waitFor } from './hostUtil';

interface JobHandle {
	id: string;
	terminalName: string;
	pid: number;
	exitCode: Promise<number>;
	output(): string;
}

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

describe('restore from checkpoint (real runc + CRIU)', () => {
	const r = readHostParams().restore;
	let job: JobHandle | undefined;

	it('restores a real checkpoint into a terminal and the counter continues', async () => {
		assert.ok(r, 'the node:test side made a checkpoint');
		await activateExtension();
		job = await vscode.commands.executeCommand<JobHandle>('ociRestore.restoreFromCheckpoint', { bundle: r.bundle, imagePath: r.imagePath, id: r.id });
		assert.ok(job, 'the command returns a job handle');
		assert.equal(job.id, r.id);
		assert.equal(job.terminalName, `restore: ${r.id}`);
		assert.ok(job.pid > 1, `restored pid ${job.pid}`);
		const next = r.lastTick + 1;
		const ticks = await waitFor(() => {
			const t = ticksIn(job!.output());
			return t.includes(next + 2) ? t : undefined;
		}, 20_000, `tick ${next + 2} in the restore terminal (output so far: ${JSON.stringify(job.output().slice(-300))})`);
		// The restored process continues where it stopped: no restart from tick 0, nothing skipped.
		assert.equal(ticks[0], next, `first restored tick; ticks: ${ticks.join(' ')}`);
		assert.deepEqual(ticks.slice(0, 3), [next, next + 1, next + 2]);
		assert.ok(vscode.window.terminals.some((t) => t.name === job!.terminalName), 'the terminal is open');
	});

	it('Ctrl-C in the terminal sends SIGINT; the exit line appears', async () => {
		assert.ok(job, 'a restored job from the previous test');
		const terminal = vscode.window.terminals.find((t) => t.name === job!.terminalName);
		assert.ok(terminal, 'restore terminal');
		terminal.show();
		terminal.sendText('\x03', false);
		const code = await Promise.race([job.exitCode, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`no exit 15 s after Ctrl-C; output: ${JSON.stringify(job!.output().slice(-300))}`)), 15_000))]);
		assert.equal(code, 130);
		await waitFor(() => (plain(job!.output()).includes('[exited 130 — SIGINT]') ? true : undefined), 5_000, 'the exit line');
	});

	it('a CRIU failure (emptied core-1.img) shows the restore.log error and opens the log', async () => {
		assert.ok(r?.brokenImagePath && r.brokenId, 'the node:test side made a broken checkpoint');
		let failure: unknown;
		try {
			await vscode.commands.executeCommand('ociRestore.restoreFromCheckpoint', { bundle: r.bundle, imagePath: r.brokenImagePath, id: r.brokenId });
		} catch (err) {
			failure = err;
		}
		assert.ok(failure instanceof Error, 'the restore command fails');
		const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('ociRestore.openRestoreLog');
		assert.ok(editor, 'the failed restore\'s log opens');
		assert.match(editor.document.uri.fsPath, /restore\.log$/);
		assert.equal(editor.document.languageId, 'criu-log');
		const diagnostics = await waitFor(() => {
			const ds = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'criu');
			return ds.length ? ds : undefined;
		}, 10_000, 'CRIU error diagnostics in restore.log');
		const cause = diagnostics[0];
		assert.match(cause.message, /Unexpected EOF/, `cause: ${cause.message} (${String(cause.code)}); failure: ${(failure as Error).message}`);
		assert.match(String(cause.code), /^criu\/image\.c:\d+$/);
		assert.match(editor.document.lineAt(cause.range.start.line).text, /Error \(criu\/image\.c:\d+\): Unexpected EOF/);
	});
});
