/**
 * Oracle test: our schema and number stages against the OFFICIAL runtime-spec JSON schemas of each
 * release (compiled here with ajv-draft-04), over the shared corpus:
 *   - every config an official schema rejects, we reject (≥ 1 error) with the matching spec version;
 *   - every spec "good" fixture and real-world config an official schema accepts, we accept
 *     (no error from the parse, schema and number stages; the semantic rules are tested on their own).
 * Known, deliberate differences are listed in `exceptions` with their reason.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import { lintText } from '../../../server/src/lint/index';
import { rules } from '../../../server/src/lint/rules/index';
import { toJsonSchema } from '../../../server/src/lint/schema/toJsonSchema';
import { resolveSpecVersion } from '../../../server/src/lint/schemaInfo';
import type { RuleOverride } from '../../../server/src/lint/types';
import { CORPUS_HOW, requirePrerequisite } from '../../support/requirements';

const repo = resolve(__dirname, '..', '..', '..', '..');
const corpus = resolve(repo, '..', 'shared', 'corpus');
const schemaRoot = join(corpus, 'runtime-spec-schema');
const configsRoot = join(corpus, 'configs');

/** Official schema directory → the spec version we lint with. */
const officialVersions: { dir: string; ours: string }[] = [
	{ dir: 'v1.0.2', ours: '1.0.2' },
	{ dir: 'v1.1.0', ours: '1.1.0' },
	{ dir: 'v1.2.0', ours: '1.2.0' },
	{ dir: 'v1.2.1', ours: '1.2.1' },
	{ dir: 'v1.3.0', ours: '1.3.0' },
	{ dir: 'main-1.3.0-dev', ours: '1.3.0' },
];

/** Where we deliberately disagree with an official schema: file (relative to configs/), schema dir, why. */
const exceptions: { file: string; dir: string; reason: string }[] = [];

/** A2's semantic rules are checked by their own tests: switch all of them off here. */
const rulesOff: Record<string, RuleOverride> = Object.fromEntries(rules.flatMap((r) => r.codes).map((c) => [c, { severity: 'off' } as RuleOverride]));

function walk(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) walk(p, out);
		else if (p.endsWith('.json')) out.push(p);
	}
	return out;
}

function compileOfficial(dir: string): (value: unknown) => boolean {
	const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
	const base = join(schemaRoot, dir);
	for (const name of readdirSync(base).filter((n) => n.endsWith('.json'))) {
		// Upstream defs.json writes one $ref as "#definitions/…" (missing '/'), which ajv cannot resolve.
		const text = readFileSync(join(base, name), 'utf8').replaceAll('"#definitions/', '"#/definitions/');
		const schema = JSON.parse(text) as Record<string, unknown>;
		// Some files carry an absolute `id`; key every file by its name so relative $refs resolve.
		delete schema.id;
		delete schema.$id;
		ajv.addSchema(schema, name);
	}
	const validate = ajv.getSchema('config-schema.json');
	assert.ok(validate, `official config schema of ${dir} compiles`);
	return (value) => validate(value) as boolean;
}

function officialAccepts(validate: (v: unknown) => boolean, text: string): boolean {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return false;
	}
	return validate(value);
}

describe('oracle: official runtime-spec schemas vs our schema and number stages', () => {
	test('every config an official schema rejects, we reject; every good/real config it accepts, we accept', (t) => {
		if (!requirePrerequisite(t, existsSync(schemaRoot) && existsSync(configsRoot), `the shared corpus at ${relative(repo, corpus)}`, CORPUS_HOW)) return;
		const files = [...walk(join(configsRoot, 'spec', 'config')), ...walk(join(configsRoot, 'real')).filter((p) => !p.includes(`${join('real', 'not-oci')}`))];
		assert.ok(files.length >= 20, `corpus has configs (found ${files.length})`);
		const failures: string[] = [];
		let rejectedChecks = 0;
		let acceptedChecks = 0;
		for (const { dir, ours } of officialVersions) {
			const validate = compileOfficial(dir);
			for (const file of files) {
				const rel = relative(configsRoot, file);
				if (exceptions.some((e) => e.file === rel && e.dir === dir)) continue;
				const text = readFileSync(file, 'utf8');
				const accepted = officialAccepts(validate, text);
				const errors = lintText(text, { specVersion: ours, rules: rulesOff, bundleChecks: false }).diagnostics.filter((d) => d.severity === 'error');
				const mustAccept = rel.startsWith(join('spec', 'config', 'good')) || rel.startsWith('real');
				if (!accepted) {
					rejectedChecks++;
					if (errors.length === 0) failures.push(`${rel} @ ${dir}: official schema rejects it, we report no error`);
				} else if (mustAccept) {
					acceptedChecks++;
					if (errors.length > 0) failures.push(`${rel} @ ${dir}: official schema accepts it, we report ${errors.map((e) => `${e.code} ${e.pointer}`).join('; ')}`);
				}
			}
		}
		assert.deepEqual(failures, []);
		// The corpus must exercise both directions, or this test proves nothing.
		assert.ok(rejectedChecks >= 30, `official rejections checked: ${rejectedChecks}`);
		assert.ok(acceptedChecks >= 150, `official acceptances checked: ${acceptedChecks}`);
	});

	test('our generated JSON Schemas (ajv-draft-04) reject what the official ones reject and accept the good and real configs they accept', (t) => {
		if (!requirePrerequisite(t, existsSync(schemaRoot) && existsSync(configsRoot), `the shared corpus at ${relative(repo, corpus)}`, CORPUS_HOW)) return;
		const files = [...walk(join(configsRoot, 'spec', 'config')), ...walk(join(configsRoot, 'real')).filter((p) => !p.includes(`${join('real', 'not-oci')}`))];
		const failures: string[] = [];
		for (const { dir, ours } of officialVersions) {
			const official = compileOfficial(dir);
			const ajv = new Ajv({ strict: false });
			const generated = ajv.compile(toJsonSchema(resolveSpecVersion(ours).version));
			for (const file of files) {
				const rel = relative(configsRoot, file);
				const text = readFileSync(file, 'utf8');
				const officialOk = officialAccepts(official, text);
				const generatedOk = officialAccepts((v) => generated(v) as boolean, text);
				const mustAccept = rel.startsWith(join('spec', 'config', 'good')) || rel.startsWith('real');
				if (!officialOk && generatedOk) failures.push(`${rel} @ ${dir}: official rejects, generated schema accepts`);
				if (officialOk && mustAccept && !generatedOk) failures.push(`${rel} @ ${dir}: official accepts, generated schema rejects: ${ajv.errorsText(generated.errors)}`);
			}
		}
		assert.deepEqual(failures, []);
	});

	test('spec bad fixtures are rejected by the version they declare, with the error on the offending value', (t) => {
		if (!requirePrerequisite(t, existsSync(configsRoot), `the shared corpus at ${relative(repo, corpus)}`, CORPUS_HOW)) return;
		for (const file of walk(join(configsRoot, 'spec', 'config', 'bad'))) {
			const text = readFileSync(file, 'utf8');
			const errors = lintText(text, { rules: rulesOff, bundleChecks: false }).diagnostics.filter((d) => d.severity === 'error');
			assert.ok(errors.length > 0, `${relative(configsRoot, file)} rejected`);
		}
	});

	test('JSON that is not an OCI config does not crash the engine', (t) => {
		if (!requirePrerequisite(t, existsSync(configsRoot), `the shared corpus at ${relative(repo, corpus)}`, CORPUS_HOW)) return;
		const notOci = walk(join(configsRoot, 'real', 'not-oci'));
		assert.ok(notOci.length > 0);
		for (const file of notOci) {
			const r = lintText(readFileSync(file, 'utf8'));
			assert.ok(Array.isArray(r.diagnostics));
			assert.ok(r.diagnostics.some((d) => d.code === 'required-missing' && d.pointer === '/ociVersion'), 'says ociVersion is missing');
		}
	});
});
