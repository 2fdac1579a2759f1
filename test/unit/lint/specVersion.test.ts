import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSpecVersion, lintText } from '../../../server/src/lint/index';
import { lintTextWithRules } from '../../../server/src/lint/lintText';

describe('spec version selection', () => {
	test('resolveSpecVersion maps releases, pre-releases and lines', () => {
		const table: [unknown, string, boolean][] = [
			['1.0.2', '1.0.2', true],
			['1.0.0', '1.0.2', true],
			['1.0.2-dev', '1.0.2', true],
			['1.1.0', '1.1.0', true],
			['1.1.0-rc.1', '1.1.0', true],
			['1.2.0', '1.2', true],
			['1.2.1', '1.2', true],
			['1.2.1+build.5', '1.2', true],
			['1.3.0', '1.3.0', true],
			['1.3.0-dev', '1.3.0', true],
			['1.4.0', '1.3.0', false],
			['2.0.0', '1.3.0', false],
			['0.5.0-dev', '1.3.0', false],
			['v1.1.0', '1.1.0', false],
			['1.1', '1.1.0', false],
			['latest', '1.3.0', false],
			['', '1.3.0', false],
			[1.2, '1.3.0', false],
			[undefined, '1.3.0', false],
		];
		for (const [input, version, known] of table) assert.deepEqual(resolveSpecVersion(input), { version, known }, String(input));
	});

	test('the file\'s ociVersion picks the schema', () => {
		const text = '{"ociVersion": "1.0.2", "domainname": "x"}';
		const r = lintTextWithRules(text, {}, []);
		assert.equal(r.specVersion, '1.0.2');
		assert.deepEqual(r.diagnostics.map((d) => d.code), ['key-not-in-version']);
		assert.match(r.diagnostics[0].message, /added in runtime-spec 1\.1\.0/);
		assert.deepEqual(lintTextWithRules('{"ociVersion": "1.1.0", "domainname": "x"}', {}, []).diagnostics, []);
	});

	test('options.specVersion overrides the file', () => {
		const r = lintTextWithRules('{"ociVersion": "1.0.2", "domainname": "x"}', { specVersion: '1.2.1' }, []);
		assert.equal(r.specVersion, '1.2');
		assert.deepEqual(r.diagnostics, []);
	});

	test('an unknown version gets the newest schema and an information diagnostic on ociVersion', () => {
		const text = '{"ociVersion": "7.0.0"}';
		const r = lintText(text, { rules: { 'oci-version-major': { severity: 'off' } } });
		assert.equal(r.specVersion, '1.3.0');
		const d = r.diagnostics.find((x) => x.code === 'spec-version-unknown')!;
		assert.equal(d.severity, 'information');
		assert.equal(d.pointer, '/ociVersion');
		assert.equal(d.range.start.character, text.indexOf('"7.0.0"'));
		assert.match(d.message, /newest schema, 1\.3\.0/);
	});

	test('enum values added later are refused with the version that added them', () => {
		const text = '{"ociVersion": "1.0.2", "linux": {"namespaces": [{"type": "time"}]}}';
		const d = lintTextWithRules(text, {}, []).diagnostics.find((x) => x.code === 'enum-value')!;
		assert.match(d.message, /added in runtime-spec 1\.1\.0/);
		assert.doesNotMatch(d.message, /Allowed here:.*time/);
		assert.deepEqual(lintTextWithRules(text.replace('1.0.2', '1.1.0'), {}, []).diagnostics, []);
	});

	test('spec links point at the tag of the applied version', () => {
		const r = lintTextWithRules('{"ociVersion": "1.2.0", "hostname": 5}', {}, []);
		assert.equal(r.diagnostics[0].href, 'https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config.md#hostname');
		const old = lintTextWithRules('{"ociVersion": "1.0.2", "hostname": 5}', {}, []);
		assert.equal(old.diagnostics[0].href, 'https://github.com/opencontainers/runtime-spec/blob/v1.0.2/config.md#hostname');
	});
});
