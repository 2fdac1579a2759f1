/**
 * The package's `oci-restore` bin (dist/bin.js): `lint` runs from the lint-only bundle
 * (dist/cliLint.js, compiled with a code cache), so a cold lint compiles little more than the
 * engine; every other command runs from the full CLI bundle (dist/cli.js), which stays
 * self-contained because it is also the privileged helper (`node dist/cli.js helper --stdio`) and is
 * installed as a single file.
 */
import { loadWithCodeCache } from './common/loadWithCodeCache';

const argv = process.argv.slice(2);

if (argv[0] === 'lint') {
	// Beside this file: a separate bundle (see esbuild.mjs).
	const lint = loadWithCodeCache(`${__dirname}/cliLint.js`);
	(lint.exports as { main(argv: string[]): Promise<number> }).main(argv.slice(1)).then(
		(code) => {
			lint.saveCache();
			process.exitCode = code;
		},
		(err: unknown) => {
			process.stderr.write(`oci-restore: ${err instanceof Error ? err.message : String(err)}\n`);
			process.exitCode = 2;
		},
	);
} else {
	require(`${__dirname}/cli.js`);
}
