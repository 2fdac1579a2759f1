import type { PreflightParams } from '../common/helperProtocol';
import { startCliHelper } from '../helper/cliHelper';
import { definedOnly, FlagValues, flagsHelp, parseFlags, TOOL_FLAGS, type FlagSpec } from '../helper/cliFlags';
import type { HelperClient } from '../helper/client';
import { HelperError } from '../helper/helperError';

const flags: FlagSpec[] = [
	{ name: 'bundle', alias: 'b', kind: 'string', value: 'DIR', help: 'bundle directory (default: the current directory)' },
	{ name: 'image-path', kind: 'string', value: 'DIR', help: 'CRIU image directory (default: <bundle>/checkpoint)' },
	{ name: 'detach', alias: 'd', kind: 'bool', help: 'the restore will detach (a terminal container then needs python3 for its console)' },
	...TOOL_FLAGS,
	{ name: 'json', kind: 'bool', help: 'print the result as JSON' },
];

const usage = `usage: oci-restore preflight [flags] [ID]

Checks, through the privileged helper, everything a restore needs: root, runc and its version,
CRIU with its version and 'criu check', the image directory, the bundle's config (linted) and, with
ID, that the id is free. Prints each check with its fix; exits 1 when any fails.

flags:
${flagsHelp(flags)}`;

/** `oci-restore preflight`: every restore prerequisite, each ✓ or ✗ with its fix. */
export async function main(argv: string[]): Promise<number> {
	let params: PreflightParams;
	let json = false;
	try {
		const parsed = parseFlags(argv, flags);
		if (parsed.help) {
			process.stdout.write(usage + '\n');
			return 0;
		}
		if (parsed.positionals.length > 1) throw new Error(`at most one container ID expected, got: ${parsed.positionals.join(' ')}`);
		const v = new FlagValues(parsed.values);
		json = v.bool('json') === true;
		params = definedOnly<PreflightParams>({
			bundle: v.path('bundle') ?? process.cwd(),
			imagePath: v.path('image-path'),
			id: parsed.positionals[0],
			detach: v.bool('detach'),
			...v.tools(),
		});
	} catch (err) {
		process.stderr.write(`oci-restore preflight: ${(err as Error).message}\n(see 'oci-restore preflight --help')\n`);
		return 2;
	}
	let client: HelperClient;
	try {
		client = await startCliHelper(__filename);
	} catch (err) {
		const e = HelperError.from(err);
		// Not being able to become root is itself the first failed check.
		process.stdout.write(`✗ root: ${e.message.split('\n')[0]}\n${e.message.split('\n').slice(1).map((l) => `    ${l}`).join('\n')}\n`);
		return 1;
	}
	try {
		const r = await client.request('preflight', params);
		if (json) {
			process.stdout.write(JSON.stringify(r, null, 2) + '\n');
		} else {
			for (const c of r.checks) {
				process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.message}${c.version && !c.message.includes(c.version) ? ` (${c.version})` : ''}\n`);
				if (!c.ok && c.fix) process.stdout.write(`    fix: ${c.fix}\n`);
			}
		}
		return r.ok ? 0 : 1;
	} catch (err) {
		process.stderr.write(`oci-restore preflight: ${HelperError.from(err).message}\n`);
		return 1;
	} finally {
		client.dispose();
		await client.whenExited();
	}
}
