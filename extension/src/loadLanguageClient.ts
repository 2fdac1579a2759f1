/**
 * Loads dist/languageClient.js (a separate bundle) on first use, so that vscode-languageclient is
 * neither parsed nor evaluated while the extension activates.
 */
import type * as languageClient from './languageClient';
import type { Ctx } from './ctx';

type LanguageClientModule = typeof languageClient;

let loaded: LanguageClientModule | undefined;

/** The language client module (required once, from the extension's own dist/). */
export function loadLanguageClient(ctx: Ctx): LanguageClientModule {
	// A computed path: esbuild leaves this require alone instead of bundling the module here.
	loaded ??= require(ctx.asAbsolutePath('dist/languageClient.js')) as LanguageClientModule;
	return loaded;
}
