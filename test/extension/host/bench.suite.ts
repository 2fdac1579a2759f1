/**
 * Measures for bench/extension.ts, taken inside the real extension host: the extension's cold
 * activation (the workspace has no config.json, so nothing activated it before) and the time from
 * opening a bundle config to its first diagnostics (language server start included). Writes them to
 * the params' resultsFile.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { readHostParams } from '../../support/hostParams';
import { describe, it } from './mochaGlobals';
import { EXTENSION_ID, codeOf, ociDiagnostics } from './hostUtil';

const results: Record<string, number> = {};

/** Resolves with the time (ms since `t0`) when `uri` first has our diagnostics matching `code`. */
function diagnosticsAt(uri: vscode.Uri, code: string, t0: number, timeoutMs: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const has = (): boolean => ociDiagnostics(uri).some((d) => codeOf(d) === code);
		const timer = setTimeout(() => {
			sub.dispose();
			reject(new Error(`no ${code} diagnostic within ${timeoutMs} ms`));
		}, timeoutMs);
		const sub = vscode.languages.onDidChangeDiagnostics((e) => {
			if (!e.uris.some((u) => u.toString() === uri.toString()) || !has()) return;
			const t = performance.now() - t0;
			clearTimeout(timer);
			sub.dispose();
			resolve(t);
		});
	});
}

function makeBundle(root: string, name: string): vscode.Uri {
	const dir = join(root, name);
	mkdirSync(join(dir, 'rootfs', 'bin'), { recursive: true });
	writeFileSync(join(dir, 'rootfs', 'bin', 'sh'), '#!/bin/sh\n', { mode: 0o755 });
	const config = { ociVersion: '1.0.2', process: { cwd: 'tmp', args: ['/bin/sh'], user: { uid: 0, gid: 0 } }, root: { path: 'rootfs' }, linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }] } };
	writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, '\t') + '\n');
	return vscode.Uri.file(join(dir, 'config.json'));
}

/**
 * Waits (with a deadline) until the extension host's event loop is quiet: at startup it is busy
 * activating built-in extensions, and that work would be counted against ours.
 */
async function hostQuiet(timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let quiet = 0;
	while (quiet < 20 && Date.now() < deadline) {
		const t = performance.now();
		await new Promise((r) => setTimeout(r, 10));
		quiet = performance.now() - t < 15 ? quiet + 1 : 0;
	}
}

describe('bench', () => {
	it('cold activation', async () => {
		const ext = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(ext);
		assert.equal(ext.isActive, false, 'nothing activated the extension before the measure');
		await hostQuiet(15_000);
		const t0 = performance.now();
		await ext.activate();
		results.activationMs = performance.now() - t0;
	});

	it('first diagnostics of a bundle config (server start included), then a second one warm', async () => {
		const root = mkdtempSync(join(tmpdir(), 'oci-bench-'));
		try {
			const first = makeBundle(root, 'one');
			let t0 = performance.now();
			let seen = diagnosticsAt(first, 'process-cwd-absolute', t0, 60_000);
			await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(first));
			results.firstDiagnosticsMs = await seen;
			const second = makeBundle(root, 'two');
			t0 = performance.now();
			seen = diagnosticsAt(second, 'process-cwd-absolute', t0, 60_000);
			await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(second));
			results.warmDiagnosticsMs = await seen;
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
		const file = readHostParams().resultsFile;
		if (file) writeFileSync(file, JSON.stringify(results));
	});
});
