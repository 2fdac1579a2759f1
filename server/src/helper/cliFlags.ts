/** One command-line flag: its long name (as runc spells it), an optional short alias and its kind. */
export interface FlagSpec {
	name: string;
	alias?: string;
	kind: 'bool' | 'string' | 'list';
	help: string;
	/** Value placeholder in --help. */
	value?: string;
}

export interface ParsedFlags {
	values: Map<string, string | boolean | string[]>;
	positionals: string[];
	help: boolean;
}

/**
 * Parses `--flag`, `--flag value`, `--flag=value`, `-x value` and `--` like runc's CLI does.
 * Throws an Error with one clear line for an unknown flag or a missing value.
 */
export function parseFlags(argv: string[], specs: FlagSpec[]): ParsedFlags {
	const byName = new Map<string, FlagSpec>();
	for (const s of specs) {
		byName.set(`--${s.name}`, s);
		if (s.alias) byName.set(`-${s.alias}`, s);
	}
	const values = new Map<string, string | boolean | string[]>();
	const positionals: string[] = [];
	let help = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--') {
			positionals.push(...argv.slice(i + 1));
			break;
		}
		if (arg === '--help' || arg === '-h') {
			help = true;
			continue;
		}
		if (!arg.startsWith('-') || arg === '-') {
			positionals.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const key = eq === -1 ? arg : arg.slice(0, eq);
		const spec = byName.get(key);
		if (!spec) throw new Error(`unknown flag '${key}'`);
		let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
		if (spec.kind === 'bool') {
			if (value !== undefined && value !== 'true' && value !== 'false') throw new Error(`--${spec.name} takes no value (or =true/=false)`);
			values.set(spec.name, value !== 'false');
			continue;
		}
		if (value === undefined) {
			if (i + 1 >= argv.length) throw new Error(`--${spec.name} needs a value`);
			value = argv[++i];
		}
		if (spec.kind === 'list') {
			const prev = (values.get(spec.name) as string[] | undefined) ?? [];
			values.set(spec.name, [...prev, ...value.split(',').filter(Boolean)]);
		} else {
			values.set(spec.name, value);
		}
	}
	return { values, positionals, help };
}

/** The flags part of a command's --help. */
export function flagsHelp(specs: FlagSpec[]): string {
	const rows = specs.map((s) => [`${s.alias ? `-${s.alias}, ` : '    '}--${s.name}${s.kind === 'bool' ? '' : ` ${s.value ?? 'VALUE'}`}`, s.help]);
	const width = Math.max(...rows.map((r) => r[0].length));
	return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}
