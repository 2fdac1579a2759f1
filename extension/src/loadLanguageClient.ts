/**
 * Loads dist/languageClient.js (a separate bundle) on first use, so that vscode-languageclient is
 * neither parsed nor evaluated while the extension activates.
 */
import type * as languageClient from './languageClient';
import type { Ctx } from './ctx';
import { loadBundle } from './loadBundle';

/** The language client module (loaded once, from the extension's own dist/). */
export function loadLanguageClient(ctx: Ctx): typeof languageClient {
	return loadBundle<typeof languageClient>(ctx, 'languageClient');
}
