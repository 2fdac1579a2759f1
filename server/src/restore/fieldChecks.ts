import { isAbsolute, resolve } from 'node:path';
import type { ManageCgroupsMode } from '../common/helperProtocol';
import { EMPTY_NS_VALUES, MANAGE_CGROUPS_MODES } from './runcFlags';

/** One problem with one field of a request. */
export interface FieldError {
	/** The field, e.g. `manageCgroupsMode` or `emptyNs[1]`. */
	field: string;
	message: string;
}

/** Result of a validation: the normalized value, or every problem found. */
export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Collects field errors while reading an untrusted object. */
export class FieldReader {
	readonly errors: FieldError[] = [];
	private readonly seen = new Set<string>();

	constructor(
		private readonly input: Record<string, unknown>,
		private readonly known: readonly string[],
	) {}

	error(field: string, message: string): void {
		this.errors.push({ field, message });
	}

	private take(field: string): unknown {
		this.seen.add(field);
		return this.input[field];
	}

	/** Reports every field that is not in `known`. */
	refuseUnknown(): void {
		for (const key of Object.keys(this.input)) {
			if (this.known.includes(key)) continue;
			const close = this.known.find((k) => k.toLowerCase() === key.toLowerCase().replace(/[-_]/g, ''));
			this.error(key, `unknown field${close ? ` (did you mean '${close}'?)` : ''}; known fields: ${this.known.join(', ')}`);
		}
	}

	boolean(field: string): boolean | undefined {
		const v = this.take(field);
		if (v === undefined) return undefined;
		if (typeof v !== 'boolean') this.error(field, `must be true or false, not ${describe(v)}`);
		return typeof v === 'boolean' ? v : undefined;
	}

	/** manageCgroupsMode and emptyNs, shared by restore and checkpoint requests; only the fields given. */
	cgroupsAndNamespaces(): { manageCgroupsMode?: ManageCgroupsMode; emptyNs?: string[] } {
		const out: { manageCgroupsMode?: ManageCgroupsMode; emptyNs?: string[] } = {};
		const mode = this.oneOf<ManageCgroupsMode>('manageCgroupsMode', MANAGE_CGROUPS_MODES);
		if (mode !== undefined) out.manageCgroupsMode = mode;
		const emptyNs = this.listOf('emptyNs', EMPTY_NS_VALUES, 'runc leaves only the network namespace empty');
		if (emptyNs !== undefined) out.emptyNs = emptyNs;
		return out;
	}

	/** runc, criu and runcRoot, which any request may name; only the fields given. */
	tools(): { runc?: string; criu?: string; runcRoot?: string } {
		const out: { runc?: string; criu?: string; runcRoot?: string } = {};
		const runc = this.tool('runc');
		const criu = this.tool('criu');
		const runcRoot = this.absolutePath('runcRoot');
		if (runc !== undefined) out.runc = runc;
		if (criu !== undefined) out.criu = criu;
		if (runcRoot !== undefined) out.runcRoot = runcRoot;
		return out;
	}

	/** A required container id that runc accepts (see {@link containerIdProblem}). */
	containerId(field = 'id'): string | undefined {
		const id = this.string(field, true);
		if (id === undefined) return undefined;
		const problem = containerIdProblem(id);
		if (problem) this.error(field, problem);
		return id;
	}

	/** A non-empty string without NUL bytes. */
	string(field: string, required = false): string | undefined {
		const v = this.take(field);
		if (v === undefined) {
			if (required) this.error(field, 'is required');
			return undefined;
		}
		if (typeof v !== 'string') {
			this.error(field, `must be a string, not ${describe(v)}`);
			return undefined;
		}
		if (v.length === 0) {
			this.error(field, 'must not be empty');
			return undefined;
		}
		if (v.includes('\0')) {
			this.error(field, 'must not contain NUL bytes');
			return undefined;
		}
		return v;
	}

	/** One of `values`. */
	oneOf<T extends string>(field: string, values: readonly T[]): T | undefined {
		const v = this.string(field);
		if (v === undefined) return undefined;
		if (!(values as readonly string[]).includes(v)) {
			this.error(field, `must be one of ${values.map((x) => `'${x}'`).join(', ')}, not '${v}'`);
			return undefined;
		}
		return v as T;
	}

	/** A list of distinct values from `values`. */
	listOf<T extends string>(field: string, values: readonly T[], why: string): T[] | undefined {
		const v = this.take(field);
		if (v === undefined) return undefined;
		if (!Array.isArray(v)) {
			this.error(field, `must be a list of strings, not ${describe(v)}`);
			return undefined;
		}
		const out: T[] = [];
		v.forEach((item: unknown, i) => {
			if (typeof item !== 'string' || !(values as readonly string[]).includes(item)) {
				this.error(`${field}[${i}]`, `must be one of ${values.map((x) => `'${x}'`).join(', ')} (${why}), not ${describe(item)}`);
			} else if (out.includes(item as T)) {
				this.error(`${field}[${i}]`, `'${item}' is listed twice`);
			} else out.push(item as T);
		});
		return out;
	}

	/** A positive integer no larger than `max`. */
	positiveInt(field: string, max: number): number | undefined {
		const v = this.take(field);
		if (v === undefined) return undefined;
		if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
			this.error(field, `must be a whole number from 1 to ${max}, not ${describe(v)}`);
			return undefined;
		}
		return v;
	}

	/** A path, resolved against `base` when relative. */
	path(field: string, base: string | undefined, required = false): string | undefined {
		const v = this.string(field, required);
		if (v === undefined || base === undefined) return undefined;
		return isAbsolute(v) ? resolve(v) : resolve(base, v);
	}

	/** An absolute path (relative ones refused). */
	absolutePath(field: string): string | undefined {
		const v = this.string(field);
		if (v === undefined) return undefined;
		if (!isAbsolute(v)) {
			this.error(field, `must be an absolute path, not '${v}'`);
			return undefined;
		}
		return resolve(v);
	}

	/** A tool: an absolute path, or a bare command name looked up in PATH. */
	tool(field: string): string | undefined {
		const v = this.string(field);
		if (v === undefined) return undefined;
		if (!isAbsolute(v) && v.includes('/')) {
			this.error(field, `must be an absolute path or a command name found in PATH, not the relative path '${v}'`);
			return undefined;
		}
		return isAbsolute(v) ? resolve(v) : v;
	}
}

/** A short description of a JSON value for error messages. */
export function describe(v: unknown): string {
	if (v === null) return 'null';
	if (v === undefined) return 'undefined';
	if (Array.isArray(v)) return 'a list';
	if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 60)}…` : v}'`;
	if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
	return `a ${typeof v}`;
}

/** Whether `v` is a plain object (not null, not a list). */
export function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A runc container id problem, or undefined when `id` is valid. runc's rule: characters
 * `[A-Za-z0-9_+.-]` only (runc < 1.2 used the regex `^[\w+-\.]+$`, whose `+-\.` range also let
 * `,` through; later runc refuses it), and the id must be a clean path element (not `.` or
 * `..`). We also refuse a leading `-` (runc would read it as a flag) and ids over 255 bytes
 * (the id names runc's state directory).
 */
export function containerIdProblem(id: string): string | undefined {
	if (id.startsWith('-')) return `must not start with '-' (runc would read it as a flag): '${id}'`;
	const bad = /[^A-Za-z0-9_+.-]/.exec(id);
	if (bad) return `may contain only letters, digits and _ + - . (runc's rule); '${bad[0] === ' ' ? 'space' : bad[0]}' at position ${bad.index + 1} of '${describe(id).slice(1, -1)}' is not allowed`;
	if (id === '.' || id === '..') return `must not be '${id}' (it names runc's state directory)`;
	if (Buffer.byteLength(id) > 255) return `is ${Buffer.byteLength(id)} bytes long; at most 255 (it names runc's state directory)`;
	return undefined;
}
