/**
 * Measures for bench/extension.ts, taken inside the real extension host and written to the params'
 * resultsFile. bench/extension.ts picks the tests per window with `grep`:
 * - 'cold' (a window on a workspace without config.json): activation as VS Code itself reports it
 *   (Developer: Startup Performance / Show Running Extensions: load code + call activate, from the
 *   extension host's activationTimes), for our extension and for trivial ones activated the same
 *   way (the floor VS Code imposes); nothing activated any of them before. Then, with an unrelated
 *   JSON file open (VS Code's first editor and JSON support paid), a bundle config created in that
 *   workspace is opened: our language server starts for it, until its diagnostics arrive.
 * - 'workspace with bundles' (the normal path): VS Code activated the extension from the workspace
 *   contents and it started the language server ahead; once the host is quiet the first file the
 *   window opens is a bundle config, until its diagnostics are visible to the extension API, with the
 *   server's milestones on the way; then a second bundle config.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { readHostParams } from '../../support/hostParams';
import type { ActivationTimes, OpenTimeline } from '../../support/extensionBenchSamples';
import { describe, it } from './mochaGlobals';
import type { OciRestoreApi } from '../../../extension/src/api';
import { EXTENSION_ID, activateExtension, codeOf, ociDiagnostics, waitFor, workspaceDir } from './hostUtil';

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


/**
 * Opens and shows a bundle config (it has a relative process.cwd) and times it until its diagnostics
 * are visible here, with the milestones on the way (the server's are epoch ms, the same clock).
 */
async function timedOpen(api: OciRestoreApi, uri: vscode.Uri): Promise<{ openMs: number; timeline: OpenTimeline }> {
	const t0 = performance.now();
	const epoch0 = performance.timeOrigin + t0;
	const seen = diagnosticsAt(uri, 'process-cwd-absolute', t0, 60_000);
	// VS Code work in this host (e.g. activating its JSON support for the first JSON document) delays our client's messages.
	let lastTick = performance.now();
	let stall = { ms: 0, endedAt: 0 };
	const ticker = setInterval(() => {
		const now = performance.now();
		if (now - lastTick > stall.ms) stall = { ms: now - lastTick, endedAt: now - t0 };
		lastTick = now;
	}, 5);
	let hostOpen = NaN;
	const opened = vscode.workspace.onDidOpenTextDocument((d) => {
		if (d.uri.toString() === uri.toString() && Number.isNaN(hostOpen)) hostOpen = performance.now() - t0;
	});
	try {
		const doc = await vscode.workspace.openTextDocument(uri);
		const docResolved = performance.now() - t0;
		await vscode.window.showTextDocument(doc);
		const openMs = performance.now() - t0;
		const seenMs = await seen;
		const stats = await api.languageServerStats();
		assert.ok(stats);
		const key = uri.toString();
		const at = (prefix: string): number => {
			const e = stats.events.find((x) => x.what.startsWith(prefix));
			assert.ok(e, `server event ${prefix}: ${stats.events.map((x) => x.what).join(' | ')}`);
			return e.at - epoch0;
		};
		assert.equal(stats.lints[key], 1, 'one lint for the open');
		assert.equal(stats.configurationRequests, 0, 'no settings round trip');
		const timeline = {
			hostOpen,
			stallMs: stall.ms,
			stallEnded: stall.endedAt,
			docResolved,
			serverOpen: at(`open ${key} `),
			lintDone: at(`lint ${key} `),
			published: at(`publish ${key} `),
			seen: seenMs,
			serverProcess: stats.startedAt - epoch0,
			serverInitialize: at('initialize'),
		};
		return { openMs, timeline };
	} finally {
		clearInterval(ticker);
		opened.dispose();
	}
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
		writeResults();
	});

	it('cold server: a bundle config created in a workspace that had none (server start included)', async () => {
		// An unrelated JSON file first: the window's first editor, and VS Code's JSON support starting
		// for the first JSON document (its extension and language server), are VS Code's one-time costs.
		const unrelated = vscode.Uri.file(join(workspaceDir(), 'data.json'));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(unrelated));
		await hostQuiet(10_000);
		const api = (await activateExtension()).exports as OciRestoreApi;
		assert.equal(api.languageServerStarted(), false, 'no server yet: the workspace had no bundle');
		const config = makeBundle(workspaceDir(), 'created');
		await hostQuiet(10_000);
		const cold = await timedOpen(api, config);
		results.coldOpenMs = cold.openMs;
		results.coldServerMs = cold.timeline.seen;
		results.coldTimeline = cold.timeline;
		writeResults();
	});

	it('workspace with bundles: the first file opened is a bundle config, the server started by the workspace', async () => {
		const ext = vscode.extensions.getExtension<OciRestoreApi>(EXTENSION_ID);
		assert.ok(ext);
		await waitFor(() => (ext.isActive ? true : undefined), 30_000, 'VS Code to activate the extension from the workspace contents');
		const api = ext.exports;
		assert.equal(await api.languageServerPrestarted(), true, 'the workspace holds bundles');
		await waitFor(() => api.languageServerStats(), 30_000, 'the language server to run');
		assert.equal(vscode.window.visibleTextEditors.length, 0, 'no editor open yet');
		// The extension also activates VS Code's JSON support ahead (ociRestore.lint.prepareJsonSupport):
		// the user opening a config.json a few seconds after the window finds it done, as here.
		const jsonSupport = vscode.extensions.all.filter((e) => e.id.startsWith('vscode.') && JSON.stringify(e.packageJSON.activationEvents ?? []).includes('"onLanguage:json"'));
		if (vscode.workspace.getConfiguration('ociRestore').get('lint.prepareJsonSupport') !== false) {
			await waitFor(() => (jsonSupport.every((e) => e.isActive) ? true : undefined), 60_000, "VS Code's JSON support to be activated ahead", 100);
		}
		await hostQuiet(10_000);
		const first = await timedOpen(api, vscode.Uri.file(join(workspaceDir(), 'one', 'config.json')));
		results.openMs = first.openMs;
		results.firstDiagnosticsMs = first.timeline.seen;
		results.timeline = first.timeline;
		await hostQuiet(10_000);
		const second = await timedOpen(api, vscode.Uri.file(join(workspaceDir(), 'two', 'config.json')));
		results.warmDiagnosticsMs = second.timeline.seen;
		results.warmTimeline = second.timeline;
		writeResults();
	});
});

function writeResults(): void {
	const file = readHostParams().resultsFile;
	if (file) writeFileSync(file, JSON.stringify(results));
}
