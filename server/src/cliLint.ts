/**
 * Entry of dist/cliLint.js: `oci-restore lint` alone (the engine, node:fs and the formatters), so
 * that the package's bin (dist/bin.js) starts a lint without compiling the restore machinery.
 */
export { main } from './cli/lintCommand';
