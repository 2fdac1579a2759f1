import type { RuleOverride, Severity } from '../../lint/types';

export type OutputFormat = 'text' | 'json' | 'sarif';

/** The parsed command line of `oci-restore lint`. */
export interface LintArgs {
	format: OutputFormat;
	specVersion: string | undefined;
	bundleChecks: boolean;
	rules: Record<string, RuleOverride>;
	paths: string[];
	help: boolean;
}

/** A command line that cannot be run; the message names the offending argument. */
export class UsageError extends Error {}

export const lintUsage = `usage: oci-restore lint [options] PATH...

Lints OCI bundle configs. PATH is a config.json (or any file named explicitly) or a bundle
directory (its config.json is linted).

options:
  --format text|json|sarif   output format (default: text)
  --spec-version V           lint against runtime-spec V instead of the file's ociVersion
  --no-bundle-checks         skip the checks that read the bundle (rootfs, hooks, mount sources)
  --rule CODE=SEVERITY       re-grade a rule: error, warning, information, hint or off (repeatable)
  -h, --help                 show this help

exit status: 0 no error, 1 at least one error, 2 usage or I/O problem`;

const formats: readonly string[] = ['text', 'json', 'sarif'];
const severities: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Parses the arguments after `lint`; throws {@link UsageError} on a bad command line. */
export function parseLintArgs(argv: readonly string[]): LintArgs {
	const args: LintArgs = { format: 'text', specVersion: undefined, bundleChecks: true, rules: {}, paths: [], help: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--') {
			args.paths.push(...argv.slice(i + 1));
			break;
		}
		if (!arg.startsWith('-') || arg === '-') {
			args.paths.push(arg);
			continue;
		}
		const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
		const name = eq > 0 ? arg.slice(0, eq) : arg;
		const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
		const value = (): string => {
			if (inline !== undefined) return inline;
			const next = argv[i + 1];
			if (next === undefined) throw new UsageError(`option ${name} needs a value`);
			i++;
			return next;
		};
		switch (name) {
			case '-h':
			case '--help':
				args.help = true;
				break;
			case '--format': {
				const f = value();
				if (!formats.includes(f)) throw new UsageError(`unknown format '${f}' (formats: ${formats.join(', ')})`);
				args.format = f as OutputFormat;
				break;
			}
			case '--spec-version': {
				const v = value().trim();
				if (!v) throw new UsageError('option --spec-version needs a version, e.g. 1.2.0');
				args.specVersion = v;
				break;
			}
			case '--no-bundle-checks':
				if (inline !== undefined) throw new UsageError('option --no-bundle-checks takes no value');
				args.bundleChecks = false;
				break;
			case '--rule': {
				const spec = value();
				const at = spec.lastIndexOf('=');
				const code = at > 0 ? spec.slice(0, at).trim() : '';
				const severity = at > 0 ? spec.slice(at + 1).trim() : '';
				if (!code || !severities.includes(severity)) {
					throw new UsageError(`--rule expects CODE=SEVERITY with SEVERITY one of ${severities.join(', ')}, got '${spec}'`);
				}
				args.rules[code] = { severity: severity as Severity | 'off' };
				break;
			}
			default:
				throw new UsageError(`unknown option '${name}'`);
		}
	}
	if (!args.help && args.paths.length === 0) throw new UsageError('no PATH given (a config.json or a bundle directory)');
	return args;
}
