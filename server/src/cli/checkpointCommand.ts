// Placeholder until this subcommand lands; the dispatcher in server/src/cli.ts needs the module.
export async function main(_argv: string[]): Promise<number> {
	process.stderr.write('oci-restore: the checkpoint command is not built yet\n');
	return 2;
}
