/**
 * The `oci-restore` command line: only dispatches. Built into dist/cli.js as a string that
 * server/src/cli.ts compiles (with a code cache when it may). Each subcommand lives in server/src/cli/
 * and is loaded on demand, so `oci-restore lint` never pays for the restore machinery (and vice versa).
 *
 *   oci-restore lint [--format text|json|sarif] [--spec-version V] PATH...
 *   oci-restore restore [runc restore flags] [--runc PATH] [--criu PATH] ID
 *   oci-restore checkpoint [runc checkpoint flags] ID
 *   oci-restore preflight [--bundle B] [--image-path P] [ID]
 *   oci-restore attach [--root DIR] ID    (console or stdio of a container restored with -d)
 *   oci-restore helper --stdio           (the privileged helper's protocol mode)
 */
type Main = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Main> = {
	lint: () => require('./cli/lintCommand').main,
	restore: () => require('./cli/restoreCommand').main,
	checkpoint: () => require('./cli/checkpointCommand').main,
	preflight: () => require('./cli/preflightCommand').main,
	attach: () => require('./cli/attachCommand').main,
	helper: () => require('./cli/helperCommand').main,
	// Internal: started by the helper's console trampoline for a detached terminal container (not in the usage).
	'console-keeper': () => require('./cli/consoleKeeperCommand').main,
	// Internal: started by the helper for a detached pipe-mode container (not in the usage).
	'pipe-keeper': () => require('./cli/pipeKeeperCommand').main,
};

const usage = `usage: oci-restore <command> [options]

commands:
  lint        lint OCI bundle config.json files
  restore     restore a container from a CRIU checkpoint (runc restore's flags)
  checkpoint  checkpoint a running container (runc checkpoint's flags)
  preflight   check that runc, CRIU and a bundle are ready for a restore
  attach      attach to a container restored detached (its console, or its stdin/stdout/stderr)
  helper      run the privileged helper's protocol on stdio (used by the extension)

Run 'oci-restore <command> --help' for a command's options.`;

async function run(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		(name ? process.stdout : process.stderr).write(usage + '\n');
		return name ? 0 : 2;
	}
	if (name === '--version' || name === '-v') {
		process.stdout.write(`oci-restore ${require('../../package.json').version}\n`);
		return 0;
	}
	const load = commands[name];
	if (!load) {
		process.stderr.write(`oci-restore: unknown command '${name}' (commands: ${Object.keys(commands).join(', ')})\n`);
		return 2;
	}
	return load()(rest);
}

run(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		process.stderr.write(`oci-restore: ${err instanceof Error ? err.message : String(err)}\n`);
		process.exitCode = 2;
	},
);
