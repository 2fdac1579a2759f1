import { DEFAULT_INSTALL_PREFIX, polkitRule, sudoHowTo } from '../helper/elevation';
import { helperMain } from '../helper/helperMain';
import { installHelper } from '../helper/install';
import { createPlanner } from '../helper/restorePlanner';

const usage = `usage: oci-restore helper --stdio [--allow-unsafe-location]
       oci-restore helper install [--prefix DIR]

  --stdio                  serve the helper protocol on stdin/stdout (started by the extension and
                           the CLI, as root; see docs/helper-protocol.md)
  --allow-unsafe-location  development only: run as root even from a user-writable location
  install                  copy the helper into a root-owned directory (default ${DEFAULT_INSTALL_PREFIX})
                           and print the sudoers rule that lets a user start it without a password`;

/** `oci-restore helper`: the privileged helper's protocol mode, and its installer. */
export async function main(argv: string[]): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(usage + '\n');
		return 0;
	}
	if (argv[0] === 'install') {
		const rest = argv.slice(1);
		let prefix: string | undefined;
		for (let i = 0; i < rest.length; i++) {
			if (rest[i] === '--prefix' && rest[i + 1]) prefix = rest[++i];
			else if (rest[i].startsWith('--prefix=')) prefix = rest[i].slice('--prefix='.length);
			else {
				process.stderr.write(`oci-restore helper install: unknown argument '${rest[i]}'\n${usage}\n`);
				return 2;
			}
		}
		if (prefix !== undefined && !prefix.startsWith('/')) {
			process.stderr.write('oci-restore helper install: --prefix must be an absolute path\n');
			return 2;
		}
		const installed = installHelper({ cliPath: __filename, prefix });
		const user = process.env.SUDO_USER ?? 'USER';
		process.stdout.write(`installed the helper: ${installed}\n\nTo let ${user} start it without a password, add with 'visudo -f /etc/sudoers.d/oci-restore':\n`);
		const rule = sudoHowTo({ cliPath: installed, nodePath: process.execPath, user }).split('\n').find((l) => l.includes('NOPASSWD'))!;
		process.stdout.write(`${rule.trim()}\n`);
		process.stdout.write(`\nOr, for pkexec without an authentication prompt, save as /etc/polkit-1/rules.d/50-oci-restore.rules:\n${polkitRule({ cliPath: installed, nodePath: process.execPath, user })}\n`);
		return 0;
	}
	const stdio = argv.includes('--stdio');
	const allowUnsafeLocation = argv.includes('--allow-unsafe-location');
	const unknown = argv.filter((a) => a !== '--stdio' && a !== '--allow-unsafe-location');
	if (!stdio || unknown.length > 0) {
		process.stderr.write(`oci-restore helper: ${unknown.length ? `unknown argument '${unknown[0]}'` : 'missing --stdio'}\n${usage}\n`);
		return 2;
	}
	return helperMain({ scriptPath: __filename, allowUnsafeLocation, planner: createPlanner });
}
