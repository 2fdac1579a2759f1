/** Shared helpers of the rule tests: lint through the real engine, apply fixes, re-lint. */
import assert from 'node:assert/strict';
import { lintText } from '../../../../server/src/lint/index';
import { rules } from '../../../../server/src/lint/rules/index';
import type { Fix, LintDiagnostic, LintOptions } from '../../../../server/src/lint/types';

/** Every code the rule set may report. */
export const ruleCodes: ReadonlySet<string> = new Set(rules.flatMap((r) => r.codes));

export type Config = Record<string, any>;

/** A small valid Linux config that no rule objects to; each test changes one thing. */
export function base(): Config {
	return {
		ociVersion: '1.2.0',
		process: { terminal: false, user: { uid: 0, gid: 0 }, args: ['/bin/sh'], env: ['PATH=/usr/bin:/bin'], cwd: '/' },
		root: { path: 'rootfs' },
		hostname: 'box',
		mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
		linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }, { type: 'uts' }, { type: 'ipc' }, { type: 'network' }] },
	};
}

export function text(config: Config | string): string {
	return typeof config === 'string' ? config : JSON.stringify(config, null, '\t');
}

/** The diagnostics of the rule set only (the schema stage is tested by its owner). */
export function lintRules(config: Config | string, options: LintOptions = {}): LintDiagnostic[] {
	return lintText(text(config), options).diagnostics.filter((d) => ruleCodes.has(d.code));
}

export function all(config: Config | string, options: LintOptions = {}): LintDiagnostic[] {
	return lintText(text(config), options).diagnostics;
}

/** Asserts exactly one diagnostic with `code`, at `pointer`, and returns it. */
export function expectOne(config: Config | string, code: string, pointer: string, options: LintOptions = {}): LintDiagnostic {
	const ds = lintRules(config, options).filter((d) => d.code === code);
	assert.deepEqual(ds.map((d) => d.pointer), [pointer], `expected one ${code} at ${pointer}, got ${JSON.stringify(ds.map((d) => [d.pointer, d.message]))}`);
	assert.ok(ds[0].href?.startsWith('https://github.com/opencontainers/runtime-spec/blob/'), `href of ${code}`);
	assert.ok(ds[0].message.length > 20, 'message says what is wrong and what is allowed');
	return ds[0];
}

/** Asserts that the config has the given codes at the given pointers (in any order), nothing else from `codes`. */
export function expectCodes(config: Config | string, expected: [string, string][], options: LintOptions = {}): LintDiagnostic[] {
	const codes = new Set(expected.map(([c]) => c));
	const ds = lintRules(config, options).filter((d) => codes.has(d.code));
	assert.deepEqual(ds.map((d) => [d.code, d.pointer]).sort(), [...expected].sort());
	return ds;
}

/** Asserts that no diagnostic with any of `codes` is reported. */
export function expectNone(config: Config | string, codes: string | string[], options: LintOptions = {}): void {
	const set = new Set(Array.isArray(codes) ? codes : [codes]);
	const ds = lintRules(config, options).filter((d) => set.has(d.code));
	assert.deepEqual(ds.map((d) => [d.code, d.pointer, d.message]), []);
}

/** Applies a fix's edits (from the end, so earlier offsets stay valid). */
export function applyFix(source: string, fix: Fix): string {
	let out = source;
	for (const e of [...fix.edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
	return out;
}

/**
 * Applies the first fix of the diagnostic `code` at `pointer`, asserts the result is valid JSON
 * without syntax diagnostics and that the diagnostic is gone; returns the fixed text.
 */
export function fixAndRelint(config: Config | string, code: string, pointer: string, options: LintOptions = {}): string {
	const source = text(config);
	const d = lintRules(source, options).find((x) => x.code === code && x.pointer === pointer);
	assert.ok(d, `no ${code} at ${pointer}`);
	assert.ok(d.fixes && d.fixes.length > 0, `${code} has no fix`);
	const fixed = applyFix(source, d.fixes[0]);
	assert.doesNotThrow(() => JSON.parse(fixed), `fix "${d.fixes[0].title}" left invalid JSON:\n${fixed}`);
	const after = all(fixed, options);
	assert.deepEqual(after.filter((x) => x.code.startsWith('parse-') || x.code === 'duplicate-key').map((x) => x.message), []);
	assert.deepEqual(after.filter((x) => x.code === code && x.pointer === pointer).map((x) => x.message), [], `fix did not clear ${code}:\n${fixed}`);
	return fixed;
}
