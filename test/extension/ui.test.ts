/**
 * UI smoke tests with Playwright on the real VS Code workbench (code-server in Chromium), with this
 * repo loaded as the extension under development: the Problems panel lists a bad bundle's lint
 * errors; Restore from Checkpoint through the palette and its quick picks restores a real
 * checkpoint and the terminal shows the counter continuing. Screenshots go to test-artifacts/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpoint, haveRuntime, makeBusyboxBundle, runcKillDelete, startCounter, uniqueId } from '../support/bundle';
import { openWorkbench, pollUntil, remoteUri, startCodeServer, waitForWorkbench, type CodeServer, type Workbench } from '../support/codeServer';
import { requirePrerequisite } from '../support/requirements';
import { installedCliPath } from '../support/installedHelper';
import { artifactsDir, repoRoot, vscodeInstalled } from '../support/vscodePaths';
import { fixtureWorkspace } from '../support/vscodeHost';
import { fillQuickInput, problemsRows, quickOpen, runCommandFromPalette, terminalText, waitForQuickInput } from '../support/vscodeWorkbench';

const runtime = haveRuntime();
const VSCODE = 'code-server and Chromium (scripts/setup-vscode.sh)';

describe('workbench UI (real VS Code, Playwright)', () => {
	let server: CodeServer | undefined;
	let wb: Workbench | undefined;
	let scratch: string | undefined;
	let lastTick = -1;
	let checkpointError: unknown;
	const ids: string[] = [];

	before(async () => {
		if (!vscodeInstalled()) return;
		scratch = mkdtempSync(join(tmpdir(), 'oci-ui-'));
		const workspace = join(scratch, 'workspace');
		cpSync(fixtureWorkspace(), workspace, { recursive: true });
		if (runtime) {
			// A checkpointed counter inside the workspace, so the wizard's bundle pick lists it. A
			// failure here fails the restore test only, not the Problems panel test.
			try {
				const { bundle } = makeBusyboxBundle(join(workspace, 'counter'));
				const source = uniqueId('d2uisrc');
				ids.push(source);
				const running = await startCounter({ id: source, bundle, waitTicks: 4 });
				try {
					await checkpoint({ id: source, imagePath: join(bundle, 'checkpoint'), workPath: join(scratch, 'dump-work') });
					await running.exited;
					lastTick = Math.max(...running.ticks());
				} finally {
					await running.cleanup();
				}
			} catch (err) {
				checkpointError = err;
			}
		}
		// The helper runs as root only from a root-owned install (a clone may live under /tmp).
		server = await startCodeServer(runtime ? { settings: { 'ociRestore.helper.path': installedCliPath() } } : {});
		mkdirSync(artifactsDir(), { recursive: true });
		wb = await openWorkbench(server, {
			folder: workspace,
			payload: [['extensionDevelopmentPath', remoteUri(server, repoRoot())]],
		});
		await waitForWorkbench(wb.page);
	});

	after(async () => {
		await wb?.close();
		await server?.stop();
		for (const id of ids) await runcKillDelete(id).catch(() => undefined);
		if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
	});

	test('the Problems panel lists the lint errors of a bad bundle config', async (t) => {
		if (!requirePrerequisite(t, vscodeInstalled(), VSCODE)) return;
		const page = wb!.page;
		await quickOpen(page, 'bad-bundle/config.json');
		const rows = await pollUntil(
			async () => {
				const r = await problemsRows(page);
				const text = r.join('\n');
				// Rows show the message, the source and the rule code (a link): match on the stable codes.
				return ['process-cwd-absolute', 'namespace-duplicate', 'process-oom-score-adj-range', 'mount-destination-relative'].every((c) => text.includes(c)) ? r : undefined;
			},
			90_000,
			'the bad bundle\'s errors in the Problems panel',
			250,
		).finally(() => page.screenshot({ path: join(artifactsDir(), 'ui-problems.png') }));
		const text = rows.join('\n');
		assert.match(text, /"tmp"/, 'the message names the offending value');
		assert.match(text, /\[Ln 18, Col 10\]/, 'process.cwd\'s value is at line 18, column 10');
		assert.doesNotMatch(text, /billing-service|app[/\\]config\.json/, 'nothing from the application config.json');
		const status = (await page.locator('.statusbar-item[id="status.problems"]').textContent()) ?? '';
		assert.match(status, /[1-9]/, `status bar problem count: ${status}`);
	});

	test('palette → Restore from Checkpoint → quick picks → the terminal shows the counter continuing', async (t) => {
		if (!requirePrerequisite(t, vscodeInstalled(), VSCODE)) return;
		if (!requirePrerequisite(t, runtime, 'root with runc and CRIU (scripts/setup-runtime.sh)')) return;
		if (checkpointError) throw checkpointError;
		const page = wb!.page;
		const id = uniqueId('d2ui');
		ids.push(id);
		const shot = (name: string): Promise<unknown> => page.screenshot({ path: join(artifactsDir(), `ui-restore-${name}.png`) }).catch(() => undefined);
		try {
			// With a bundle config in the active editor the wizard starts at step 2 for that bundle.
			await runCommandFromPalette(page, 'View: Close All Editors');
			await runCommandFromPalette(page, 'Restore from Checkpoint');
			await waitForQuickInput(page, /bundle \(1\/5\)/);
			await fillQuickInput(page, 'counter');
			await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'counter' }).first().waitFor({ state: 'visible' });
			await shot('1-bundle');
			await page.keyboard.press('Enter');
			await waitForQuickInput(page, /image directory \(2\/5\)/);
			await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'checkpoint' }).first().waitFor({ state: 'visible' });
			await shot('2-image');
			await page.keyboard.press('Enter');
			await waitForQuickInput(page, /container id \(3\/5\)/);
			await fillQuickInput(page, id);
			await page.keyboard.press('Enter');
			await waitForQuickInput(page, /CRIU flags \(4\/5\)/);
			await shot('4-flags');
			await page.keyboard.press('Enter');
			await waitForQuickInput(page, /attach or detach \(5\/5\)/);
			await page.keyboard.press('Enter');
			const next = lastTick + 1;
			const text = await pollUntil(
				async () => {
					const s = await terminalText(page);
					return new RegExp(`tick ${next + 2}\\b`).test(s) ? s : undefined;
				},
				45_000,
				`tick ${next + 2} in the terminal`,
				250,
			);
			await shot('5-terminal');
			const ticks = [...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
			assert.equal(ticks[0], next, `the first restored tick follows the last one before the checkpoint (${lastTick}); terminal:\n${text}`);
			const tab = page.locator('.terminal-tabs-entry, .single-terminal-tab, .tabs-list .monaco-list-row', { hasText: `restore: ${id}` }).first();
			assert.ok((await tab.count()) > 0 || (await page.locator('.panel .title', { hasText: `restore: ${id}` }).count()) > 0, 'the terminal is named after the container');
			// Ctrl-C typed into the terminal ends the container with SIGINT.
			await page.locator('.terminal-wrapper.active .xterm').click();
			await page.keyboard.press('Control+C');
			await pollUntil(async () => ((await terminalText(page)).includes('[exited 130 — SIGINT]') ? true : undefined), 20_000, 'the exit line', 250);
			await shot('6-exited');
		} catch (err) {
			await shot('failure');
			throw err;
		}
	});
});
