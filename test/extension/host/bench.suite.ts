/**
 * Measures for bench/extension.ts, taken inside the real extension host and written to the params'
 * resultsFile:
 * - activation as VS Code itself reports it (Developer: Startup Performance / Show Running
 *   Extensions: load code + call activate, from the extension host's activationTimes), for our
 *   extension and for trivial ones activated the same way (the floor VS Code imposes); the workspace
 *   has no config.json, so nothing activated any of them before.
 * - first diagnostics: in a window that has already opened an unrelated JSON file (VS Code's
 *   one-time costs of a first editor and of its JSON support paid), opening a bundle config until its
 *   diagnostics arrive, our language server's start included; then a second one, server running.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { readHostParams } from '../../support/hostParams';
import { describe, it } from './mochaGlobals';
import { EXTENSION_ID, codeOf, ociDiagnostics, waitFor, workspaceDir } from './hostUtil';

/** VS Code's activation times of one extension, ms (Date.now() resolution, as VS Code keeps them). */
interface ActivationTimes {
	loadCode: number;
	callActivate: number;
	finishActivate: number;
	/** What Show Running Extensions calls the activation time: load code + call activate. */
	total: number;
}

const results: Record<string, unknown> = {};

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

/**
 * The "Extension Activation Stats" table of VS Code's Startup Performance document (the workbench's
 * own record of each extension's activationTimes), for `ids`; polls until every row is there.
 */
async function activationStats(ids: string[], timeoutMs: number): Promise<Record<string, ActivationTimes>> {
	// The document's provider is a lazy workbench contribution: its command creates it (and opens it).
	await vscode.commands.executeCommand('perfview.show');
	const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' }));
	const stats = await waitFor(
		() => {
			const rows = new Map<string, string[]>();
			for (const line of doc.getText().split('\n')) {
				if (!line.startsWith('|')) continue;
				const cells = line.split('|').slice(1, -1).map((c) => c.trim());
				if (cells.length >= 5) rows.set(cells[0].toLowerCase(), cells);
			}
			const out: Record<string, ActivationTimes> = {};
			for (const id of ids) {
				const cells = rows.get(id.toLowerCase());
				if (!cells) return undefined;
				const [loadCode, callActivate, finishActivate] = cells.slice(2, 5).map(Number);
				if (![loadCode, callActivate, finishActivate].every(Number.isFinite)) return undefined;
				out[id] = { loadCode, callActivate, finishActivate, total: loadCode + callActivate };
			}
			return out;
		},
		timeoutMs,
		`activation stats of ${ids.join(', ')} in VS Code's Startup Performance document`,
		100,
	);
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	return stats;
}

/** Activates `ext` once the host is quiet; the wall time of `activate()` seen from here, ms. */
async function activateTimed(ext: vscode.Extension<unknown>): Promise<number> {
	assert.equal(ext.isActive, false, `nothing activated ${ext.id} before the measure`);
	await hostQuiet(15_000);
	const t0 = performance.now();
	await ext.activate();
	return performance.now() - t0;
}

describe('bench', () => {
	it('cold activation, ours and the trivial extensions', async () => {
		const params = readHostParams();
		const ours = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(ours);
		const floorIds = params.floorExtensionIds ?? [];
		const floors = floorIds.map((id) => {
			const ext = vscode.extensions.getExtension(id);
			assert.ok(ext, `the floor extension ${id} is installed`);
			return ext;
		});
		const wall: Record<string, number> = {};
		const order = params.floorFirst ? [...floors, ours] : [ours, ...floors];
		for (const ext of order) wall[ext.id] = await activateTimed(ext);
		const stats = await activationStats([EXTENSION_ID, ...floorIds], 30_000);
		results.activation = stats[EXTENSION_ID];
		results.activationWallMs = wall[ours.id];
		results.floors = Object.fromEntries(floors.map((f) => [f.id, { ...stats[f.id], wallMs: wall[f.id] }]));
	});

	it('first diagnostics of a bundle config in a warm window (server start included), then a second one', async () => {
		// An unrelated JSON file first: the window's first editor, and VS Code's JSON support starting
		// for the first JSON document (its extension and language server), are VS Code's one-time costs.
		const unrelated = vscode.Uri.file(join(workspaceDir(), 'data.json'));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(unrelated));
		await hostQuiet(10_000);
		assert.equal(ociDiagnostics(unrelated).length, 0);
		const root = mkdtempSync(join(tmpdir(), 'oci-bench-'));
		try {
			const first = makeBundle(root, 'one');
			let t0 = performance.now();
			let seen = diagnosticsAt(first, 'process-cwd-absolute', t0, 60_000);
			await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(first));
			results.openMs = performance.now() - t0;
			results.firstDiagnosticsMs = await seen;
			await hostQuiet(10_000);
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
