import { resolve } from 'node:path';
import type { ManageCgroupsMode } from '../common/helperProtocol';

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

/** CRIU options restore and checkpoint share, spelled and explained as runc does. */
export const SHARED_CRIU_FLAGS: FlagSpec[] = [
	{ name: 'tcp-established', kind: 'bool', help: 'allow open TCP connections' },
	{ name: 'ext-unix-sk', kind: 'bool', help: 'allow external unix sockets' },
	{ name: 'shell-job', kind: 'bool', help: 'allow shell jobs' },
	{ name: 'file-locks', kind: 'bool', help: 'handle file locks' },
	{ name: 'manage-cgroups-mode', kind: 'string', value: 'MODE', help: 'cgroups mode: soft, full, strict or ignore' },
];

/** Which runc, CRIU and runc state directory a command uses (read by {@link FlagValues.tools}). */
export const TOOL_FLAGS: FlagSpec[] = [
	{ name: 'runc', kind: 'string', value: 'PATH', help: 'runc binary (root-owned)' },
	{ name: 'criu', kind: 'string', value: 'PATH', help: 'criu binary (root-owned; default OCI_RESTORE_CRIU or PATH)' },
	{ name: 'root', kind: 'string', value: 'DIR', help: 'runc state directory (runc --root)' },
];

/** Typed reads of parsed flag values; paths resolve against the current directory. */
export class FlagValues {
	constructor(private readonly values: ParsedFlags['values']) {}

	str(name: string): string | undefined {
		return this.values.get(name) as string | undefined;
	}

	/** True when given; undefined otherwise, so the request leaves runc's default. */
	bool(name: string): true | undefined {
		return this.values.get(name) === true ? true : undefined;
	}

	path(name: string): string | undefined {
		const s = this.str(name);
		return s === undefined ? undefined : resolve(s);
	}

	list(name: string): string[] | undefined {
		return this.values.get(name) as string[] | undefined;
	}

	/** The {@link TOOL_FLAGS}; CRIU defaults to OCI_RESTORE_CRIU like the helper's own discovery. */
	tools(): { runc?: string; criu?: string; runcRoot?: string } {
		const envCriu = process.env.OCI_RESTORE_CRIU;
		return { runc: this.path('runc'), criu: this.path('criu') ?? (envCriu ? resolve(envCriu) : undefined), runcRoot: this.path('root') };
	}

	/** The {@link SHARED_CRIU_FLAGS} as request fields. */
	criuOptions(): { tcpEstablished?: true; extUnixSk?: true; shellJob?: true; fileLocks?: true; manageCgroupsMode?: ManageCgroupsMode } {
		return {
			tcpEstablished: this.bool('tcp-established'),
			extUnixSk: this.bool('ext-unix-sk'),
			shellJob: this.bool('shell-job'),
			fileLocks: this.bool('file-locks'),
			manageCgroupsMode: this.str('manage-cgroups-mode') as ManageCgroupsMode | undefined,
		};
	}
}

/** The single container ID a command takes from its positional arguments. */
export function oneContainerId(positionals: string[]): string {
	if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'missing container ID' : `one container ID expected, got: ${positionals.join(' ')}`);
	return positionals[0];
}

/** `o` without its undefined members: a request carries only what the user gave. */
export function definedOnly<T extends object>(o: T): T {
	for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
	return o;
}
