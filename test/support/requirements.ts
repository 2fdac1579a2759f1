import type { TestContext } from 'node:test';

/**
 * A prerequisite of a test tier (root, runc, CRIU, code-server, Chromium…).
 * With CI=true a missing prerequisite fails the test: CI never silently skips a tier.
 * Elsewhere the test is skipped, saying what is missing and how to install it.
 */
export function requirePrerequisite(t: TestContext, ok: boolean, what: string, how = 'install with: sudo npm run setup'): boolean {
	if (ok) return true;
	const message = `${what} (${how})`;
	if (process.env.CI === 'true') {
		throw new Error(`missing prerequisite in CI: ${message}`);
	}
	t.skip(message);
	return false;
}

/** How to get the public test corpus: it is not part of the repository and no setup step installs it. */
export const CORPUS_HOW = "the project's shared/ folder (with corpus/) must sit beside the clone, as CI has it";
