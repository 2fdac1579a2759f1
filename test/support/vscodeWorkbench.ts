/**
 * Playwright steps on the real VS Code workbench (code-server in Chromium): the command palette,
 * quick picks, the Problems panel and the terminal, read from the DOM as a user sees them.
 */
import type { Page } from 'playwright-core';
import { pollUntil } from './codeServer';

const QUICK_INPUT = '.quick-input-widget';

/** Runs a command from the palette by its title (F1, type, wait for the row, Enter). */
export async function runCommandFromPalette(page: Page, title: string, timeoutMs = 20_000): Promise<void> {
	const row = await pollUntil(
		async () => {
			if (!(await page.locator(QUICK_INPUT).isVisible())) await page.keyboard.press('F1');
			// Short timeouts: when the palette closes under us (focus moves while the workbench is busy),
			// the next round presses F1 again instead of waiting out Playwright's 30 s default.
			await page.fill(`${QUICK_INPUT} input`, `>${title}`, { timeout: 2000 });
			const match = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: title }).first();
			// The palette filters asynchronously; typing key by key has missed rows, fill + retry does not.
			await match.waitFor({ state: 'visible', timeout: 2000 });
			return match;
		},
		timeoutMs,
		`the command "${title}" in the palette`,
		200,
	);
	// Click the row itself: with fuzzy matching another command (e.g. Local History's "Find Entry to
	// Restore") can be ranked first, and Enter would run that one.
	await row.click();
}

/** Waits for a quick pick / input box whose title matches. */
export async function waitForQuickInput(page: Page, title: RegExp, timeoutMs = 20_000): Promise<void> {
	await pollUntil(
		async () => {
			const visible = await page.locator(QUICK_INPUT).isVisible();
			if (!visible) return undefined;
			const text = (await page.locator(`${QUICK_INPUT} .quick-input-title`).textContent()) ?? '';
			return title.test(text) ? true : undefined;
		},
		timeoutMs,
		`a quick input titled ${title}`,
		100,
	);
}

/** Replaces the quick input's text (filter or input box value). */
export async function fillQuickInput(page: Page, text: string): Promise<void> {
	await page.fill(`${QUICK_INPUT} input`, text);
}

/** Opens a workspace file through Quick Open (Ctrl+P). */
export async function quickOpen(page: Page, relativePath: string, timeoutMs = 20_000): Promise<void> {
	await pollUntil(
		async () => {
			if (!(await page.locator(QUICK_INPUT).isVisible())) await page.keyboard.press('Control+P');
			await page.fill(`${QUICK_INPUT} input`, relativePath, { timeout: 2000 });
			await page.locator(`${QUICK_INPUT} .monaco-list-row`).first().waitFor({ state: 'visible', timeout: 2000 });
			return true;
		},
		timeoutMs,
		`${relativePath} in Quick Open`,
		200,
	);
	await page.keyboard.press('Enter');
	const name = relativePath.split('/').pop()!;
	await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The text rows of the Problems panel (opens it with Ctrl+Shift+M). */
export async function problemsRows(page: Page): Promise<string[]> {
	if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
	return page.locator('.markers-panel .monaco-list-row').allTextContents();
}

/** The visible text of the active terminal (DOM renderer: `terminal.integrated.gpuAcceleration: off`). */
export async function terminalText(page: Page): Promise<string> {
	const rows = await page.locator('.terminal-wrapper.active .xterm-rows > div').allTextContents();
	if (rows.length) return rows.join('\n');
	return (await page.locator('.xterm-rows').allTextContents()).join('\n');
}
