/**
 * Loads one of the extension's own lazily used bundles (dist/languageClient.js, dist/features.js)
 * once, on first use, compiled with a V8 code cache: compiling vscode-languageclient is most of what
 * starting the client costs the extension host, and the first bundle config waits for it.
 */
import { loadWithCodeCache } from '../../server/src/common/loadWithCodeCache';
import type { Ctx } from './ctx';

const loaded = new Map<string, unknown>();

/** The exports of `dist/<name>.js`; its code cache is written a while after the first load. */
export function loadBundle<T>(ctx: Ctx, name: 'languageClient' | 'features'): T {
	let exports = loaded.get(name);
	if (exports === undefined) {
		const bundle = loadWithCodeCache(ctx.asAbsolutePath(`dist/${name}.js`));
		exports = bundle.exports;
		loaded.set(name, exports);
		// Once start-up has compiled what it uses; saveCache does nothing once a valid cache exists.
		setTimeout(() => bundle.saveCache(), 10_000).unref();
	}
	return exports as T;
}
