import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { all, base, expectNone, expectOne, fixAndRelint, lintRules, text } from './ruleHarness';
import { semverRepair } from '../../../../server/src/lint/rules/ociVersionRule';

describe('base config', () => {
	test('the base config has no diagnostic at all (schema and rules)', () => {
		assert.deepEqual(all(base()).map((d) => `${d.code} ${d.pointer}`), []);
	});
});

describe('oci-version-*', () => {
	test('1.0 is not SemVer; the fix writes 1.0.0 and clears it', () => {
		const c = base();
		c.ociVersion = '1.0';
		const d = expectOne(c, 'oci-version-semver', '/ociVersion');
		assert.equal(d.severity, 'error');
		assert.match(d.message, /did you mean "1\.0\.0"/);
		// The range is the value, quotes included.
		const src = text(c);
		const line = src.split('\n').findIndex((l) => l.includes('"1.0"'));
		assert.deepEqual(d.range, { start: { line, character: src.split('\n')[line].indexOf('"1.0"') }, end: { line, character: src.split('\n')[line].indexOf('"1.0"') + 5 } });
		const fixed = fixAndRelint(c, 'oci-version-semver', '/ociVersion');
		assert.equal(JSON.parse(fixed).ociVersion, '1.0.0');
	});
	test('valid SemVer with pre-release and build metadata passes', () => {
		for (const v of ['1.0.2', '1.0.2-dev', '1.2.0+build.5', '1.3.0-rc.1']) {
			const c = base();
			c.ociVersion = v;
			expectNone(c, ['oci-version-semver', 'oci-version-major']);
		}
	});
	test('garbage has no fix; leading zeros are not SemVer', () => {
		const c = base();
		c.ociVersion = 'latest';
		assert.equal(expectOne(c, 'oci-version-semver', '/ociVersion').fixes, undefined);
		c.ociVersion = '1.02.0';
		expectOne(c, 'oci-version-semver', '/ociVersion');
	});
	test('major version other than 1 is an error', () => {
		const c = base();
		c.ociVersion = '2.0.0';
		expectOne(c, 'oci-version-major', '/ociVersion');
		c.ociVersion = '0.5.0-dev';
		expectOne(c, 'oci-version-major', '/ociVersion');
	});
	test('semverRepair', () => {
		assert.equal(semverRepair('1.0'), '1.0.0');
		assert.equal(semverRepair('v1.2.0'), '1.2.0');
		assert.equal(semverRepair('1'), '1.0.0');
		assert.equal(semverRepair('1.2.0'), undefined);
		assert.equal(semverRepair('abc'), undefined);
	});
});

describe('root-*', () => {
	test('a Linux config without root is an error at the document', () => {
		const c = base();
		delete c.root;
		const d = expectOne(c, 'root-required', '');
		assert.equal(d.severity, 'error');
	});
	test('a Windows config needs no root', () => {
		const c = base();
		delete c.root;
		c.windows = { layerFolders: ['C:\\layers\\1'] };
		expectNone(c, 'root-required');
	});
	test('an empty root.path is an error; a non-empty one passes', () => {
		const c = base();
		c.root.path = '';
		expectOne(c, 'root-path-empty', '/root/path');
		c.root.path = '/var/lib/x/rootfs';
		expectNone(c, ['root-path-empty', 'root-required']);
	});
	test('the rule never fires on a non-object document', () => {
		assert.deepEqual(lintRules('[]'), []);
		assert.deepEqual(lintRules('"x"'), []);
	});
});
