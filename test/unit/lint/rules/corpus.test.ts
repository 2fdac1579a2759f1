/**
 * The rules over the real-world corpus (<repo>/../shared/corpus): real configs, derived ones and the
 * runtime-spec "good" fixtures produce no error from the rules, except the listed configs that really
 * are wrong for runc (each with its reason). No rule may crash on any corpus file.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { lintText } from '../../../../server/src/lint/index';
import { CORPUS_HOW, requirePrerequisite } from '../../../support/requirements';
import { ruleCodes } from './ruleHarness';

const repo = resolve(__dirname, '..', '..', '..', '..', '..');
const configs = join(resolve(repo, '..', 'shared', 'corpus'), 'configs');

/** file (relative to configs/) → the rule errors it must have: [code, pointer, why it really is wrong]. */
const wrong: Record<string, [string, string, string][]> = {
	'real/containerd-ctr-oci-spec.json': [['process-args-empty', '/process', 'containerd\'s default spec is a template: clients fill in process.args; runc refuses a spec without args']],
	'real/crun-spec-rootless.json': [['namespace-user-without-mappings', '/linux/namespaces/4/type', 'crun derives rootless mappings itself; runc refuses a new user namespace without mappings']],
	'real/kata-runtime-rs-image-bundle.json': [['oci-version-major', '/ociVersion', 'ociVersion 0.5.0-dev predates runtime-spec 1.0']],
	'real/nvidia-bundle-historic.json': [['hook-path-absolute', '/hooks/prestart/0/path', 'hook path "nvidia-container-runtime-hook" is relative; runc would run it relative to its own cwd']],
	'real/oci-spec-rs-sample-windows.json': [['oci-version-major', '/ociVersion', 'ociVersion 0.5.0-dev predates runtime-spec 1.0']],
	'real/oci-spec-rs-sample.json': [['oci-version-major', '/ociVersion', 'ociVersion 0.5.0-dev predates runtime-spec 1.0']],
	'spec/config/good/linux-netdevice.json': [['namespace-network-required', '/linux/netDevices', 'a schema-only fixture: runc refuses "unable to move network devices without a NET namespace"']],
	'spec/config/good/spec-example.json': [['oci-version-major', '/ociVersion', 'the spec\'s example carries the placeholder ociVersion 0.5.0-dev']],
	'spec/config/good/zos-example.json': [['oci-version-major', '/ociVersion', 'the spec\'s example carries the placeholder ociVersion 0.5.0-dev']],
};

function jsonFiles(dir: string): string[] {
	const abs = join(configs, dir);
	if (!existsSync(abs)) return [];
	return readdirSync(abs).filter((f) => f.endsWith('.json')).map((f) => `${dir}/${f}`);
}

describe('rules over the corpus', () => {
	test('real, derived and good configs: no rule error unless listed as really wrong', (t) => {
		if (!requirePrerequisite(t, existsSync(configs), `the shared corpus at ${relative(repo, configs)}`, CORPUS_HOW)) return;
		const files = [...jsonFiles('real'), ...jsonFiles('real/derived'), ...jsonFiles('spec/config/good')];
		assert.ok(files.length >= 20, `corpus has ${files.length} files`);
		for (const f of files) {
			const ds = lintText(readFileSync(join(configs, f), 'utf8')).diagnostics;
			const errors = ds.filter((d) => ruleCodes.has(d.code) && d.severity === 'error').map((d) => [d.code, d.pointer]);
			const expected = (wrong[f] ?? []).map(([code, pointer]) => [code, pointer]);
			assert.deepEqual(errors, expected, `${f}: ${JSON.stringify(ds.filter((d) => ruleCodes.has(d.code) && d.severity === 'error').map((d) => d.message))}`);
		}
		for (const f of Object.keys(wrong)) assert.ok(files.includes(f), `listed file ${f} is in the corpus`);
	});
	test('no rule crashes on any corpus file (bad fixtures and non-OCI JSON included)', (t) => {
		if (!requirePrerequisite(t, existsSync(configs), `the shared corpus at ${relative(repo, configs)}`, CORPUS_HOW)) return;
		const files = [...jsonFiles('real'), ...jsonFiles('real/derived'), ...jsonFiles('real/not-oci'), ...jsonFiles('spec/config/good'), ...jsonFiles('spec/config/bad')];
		for (const f of files) {
			const ds = lintText(readFileSync(join(configs, f), 'utf8'), { bundleDir: join(configs, 'no-such-bundle') }).diagnostics;
			assert.deepEqual(ds.filter((d) => d.code === 'internal-error').map((d) => d.message), [], f);
		}
	});
});
