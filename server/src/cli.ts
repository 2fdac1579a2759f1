/**
 * `oci-restore` entry (dist/cli.js, also the privileged helper: `node cli.js helper --stdio`). The CLI
 * itself (server/src/cliMain.ts) is built into this file as a string (see esbuild.mjs) and compiled
 * here, with a V8 code cache when running as root from a root-owned location: most of a cold helper
 * start is V8 parsing and compiling the bundle, and the user waits for it before runc starts. The file
 * stays one file, so installing the helper and the sudo rule that names it are unchanged.
 */
import { runCliMain } from './helper/cliCodeCache';

/** The text of the CLI bundle, defined by esbuild.mjs. */
declare const CLI_MAIN_SOURCE: string;

runCliMain(CLI_MAIN_SOURCE, __filename);
