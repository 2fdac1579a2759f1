/**
 * Language server entry (dist/server.js): loads the server (dist/serverMain.js) compiled with a V8
 * code cache. Most of a cold start is V8 compiling the bundle; the client waits for it before the
 * first diagnostics of the first bundle config.
 */
import { join } from 'node:path';
import { loadWithCodeCache } from './common/loadWithCodeCache';

const main = loadWithCodeCache(join(__dirname, 'serverMain.js'));
// Written once start-up and the first lints have compiled what they use (or at exit, for a shorter
// life); saveCache does nothing once a valid cache exists. The timer never keeps the server alive.
let saved = false;
const save = (): void => {
	if (saved) return;
	saved = true;
	main.saveCache();
};
setTimeout(save, 10_000).unref();
process.on('exit', save);
