/**
 * The schema stage's validator: ajv standalone code generated at build time from our schema tree
 * (toValidationSchema + ociKeywords), and the mapping of its errors to our diagnostics. The
 * diagnostics' wording is covered by lintText.test.ts; here: every ajv error kind reaches the right
 * code, pointer, range and severity, the key count lintText relies on, and the generated module.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from '../../../server/src/lint/parseDocument';
import { countKeys } from '../../../server/src/lint/fastParse';
import { validateSchemaCountingKeys } from '../../../server/src/lint/schema/validateSchema';
import { toValidationSchema } from '../../../server/src/lint/schema/toValidationSchema';
import { specVersions } from '../../../server/src/lint/schema/specVersion';
import { compactErrors, lazyInstancePaths, validatorSource } from '../../../server/src/lint/schema/validatorSource';
import type { LintDiagnostic, SpecVersion } from '../../../server/src/lint/types';
import { v1_2 } from '../../../server/src/lint/schema/generated/validators';

const repo = resolve(__dirname, '..', '..', '..', '..');

function lint(text: string, v: SpecVersion = '1.2', plain?: boolean): { diagnostics: LintDiagnostic[]; keys: number; value: unknown } {
	const doc = parseDocument(text);
	assert.ok(doc.root, 'test documents parse');
	const r = validateSchemaCountingKeys(doc, v, plain ?? doc.plainNumbers);
	return { ...r, value: doc.value };
}

/** The text a diagnostic's range covers (single-line documents). */
function at(text: string, d: LintDiagnostic): string {
	assert.equal(d.range.start.line, 0);
	return text.slice(d.range.start.character, d.range.end.character);
}

function summary(text: string, ds: LintDiagnostic[]): [string, string, string, string][] {
	return ds.map((d) => [d.code, d.severity, d.pointer, at(text, d)]);
}

describe('schema validator (ajv, generated at build time)', () => {
	test('every kind of ajv error becomes our diagnostic on the key or value to change', () => {
		const text = JSON.stringify({
			ociVersion: '1.2.0',
			root: { readonly: 'yes' },
			process: { cwd: '/', args: [], rlimits: [{ type: 'NOFILE', soft: 1, hard: 2 }], user: { uid: -1, gid: 0 }, capabilities: { effectiv: [] } },
			linux: { namespaces: [{ type: 'netwrok' }], seccomp: { defaultAction: 'SCMP_ACT_ALLOW', architectures: [7] } },
			windows: { layerFolders: [] },
		});
		const ds = lint(text).diagnostics;
		const sorted = summary(text, ds).sort((a, b) => a[2].localeCompare(b[2]) || a[0].localeCompare(b[0]));
		assert.deepEqual(sorted, [
			['enum-value', 'error', '/linux/namespaces/0/type', '"netwrok"'],
			['type-mismatch', 'error', '/linux/seccomp/architectures/0', '7'],
			['unknown-key', 'warning', '/process/capabilities/effectiv', '"effectiv"'],
			['pattern-mismatch', 'error', '/process/rlimits/0/type', '"NOFILE"'],
			['integer-range', 'error', '/process/user/uid', '-1'],
			['required-missing', 'error', '/root/path', '"root"'],
			['type-mismatch', 'error', '/root/readonly', '"yes"'],
			['min-items', 'error', '/windows/layerFolders', '[]'],
		]);
		for (const d of ds) assert.match(d.href!, /^https:\/\/github\.com\/opencontainers\/runtime-spec\/blob\/v1\.2\.1\/config(-linux|-windows)?\.md(#|$)/);
	});

	test('a member of another spec version is a warning on its key, and its value is still typed', () => {
		const text = '{"ociVersion": "1.0.2", "root": {"path": "r"}, "domainname": 5}';
		assert.deepEqual(summary(text, lint(text, '1.0.2').diagnostics).sort(), [
			['key-not-in-version', 'warning', '/domainname', '"domainname"'],
			['type-mismatch', 'error', '/domainname', '5'],
		]);
		assert.deepEqual(lint(text.replace('5', '"d"'), '1.1.0').diagnostics, []);
	});

	test('an enum value of another spec version names the version that added it', () => {
		const text = '{"ociVersion": "1.0.2", "linux": {"namespaces": [{"type": "time"}]}}';
		const ds = lint(text, '1.0.2').diagnostics.filter((d) => d.code === 'enum-value');
		assert.equal(ds.length, 1);
		assert.match(ds[0].message, /was added in runtime-spec 1\.1\.0/);
		assert.equal(lint(text, '1.1.0').diagnostics.filter((d) => d.code === 'enum-value').length, 0);
	});

	test('a wrongly typed enum or pattern value is reported once, as a type mismatch', () => {
		const text = '{"ociVersion": "1.2.0", "linux": {"namespaces": [{"type": 1}], "devices": [{"type": null, "path": "/dev/x"}]}}';
		assert.deepEqual(lint(text).diagnostics.map((d) => [d.code, d.pointer]), [
			['type-mismatch', '/linux/namespaces/0/type'],
			['type-mismatch', '/linux/devices/0/type'],
		]);
	});

	test('integers are judged from their literal: plain values fast, anything else by goNumbers', () => {
		const ok = '{"ociVersion": "1.2.0", "linux": {"resources": {"memory": {"limit": -1, "swap": 9223372036854775807}}}, "process": {"cwd": "/", "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 18446744073709551615, "hard": 18446744073709551615}]}}';
		assert.deepEqual(lint(ok).diagnostics, []);
		const bad = '{"ociVersion": "1.2.0", "process": {"cwd": "/", "user": {"uid": 1.0, "gid": 1e3, "umask": 4294967296}}, "linux": {"resources": {"memory": {"limit": 1e400}}}}';
		const ds = lint(bad).diagnostics;
		assert.deepEqual(summary(bad, ds).map((r) => r.slice(2)).sort(), [
			['/linux/resources/memory/limit', '1e400'],
			['/process/user/gid', '1e3'],
			['/process/user/uid', '1.0'],
			['/process/user/umask', '4294967296'],
		]);
		assert.ok(ds.every((d) => d.severity === 'error' && d.code !== 'type-mismatch'), ds.map((d) => d.code).join());
		assert.deepEqual(ds.find((d) => d.pointer === '/process/user/uid')?.fixes?.[0].edits[0].newText, '1');
	});

	test('plainNumbers only skips the literal check for safe integers in bounds', () => {
		// The caller promises plain literals; a value out of bounds is still judged from its text.
		const text = '{"ociVersion": "1.2.0", "process": {"cwd": "/", "user": {"uid": 4294967296, "gid": 7}}}';
		assert.deepEqual(lint(text, '1.2', true).diagnostics.map((d) => [d.code, d.pointer]), [['integer-range', '/process/user/uid']]);
		assert.deepEqual(lint(text, '1.2', false).diagnostics.map((d) => [d.code, d.pointer]), [['integer-range', '/process/user/uid']]);
	});

	test('keys: every object key of the value, walked, unknown, opaque or wrongly typed', () => {
		const docs = [
			'{}',
			'[{"a": 1}, {"b": {"c": 2}}]',
			'{"ociVersion": "1.2.0", "annotations": {"a": "1", "b": {"x": 1, "y": [{"z": 1}]}}, "unknown": {"p": {"q": 1}}}',
			'{"ociVersion": "1.0.2", "domainname": {"k": 1}, "linux": {"netDevices": {"eth0": {"name": "x", "extra": {"e": 1}}}}}',
			'{"ociVersion": "1.3.0", "windows": {"layerFolders": ["l"], "credentialSpec": {"a": {"b": 1}}}, "vm": {"kernel": {"path": "/k"}, "hwConfig": {"iomems": [{"m": 1}, 2, [{"n": 1}]]}}}',
			'{"ociVersion": "1.3.0", "windows": {"layerFolders": ["l"], "credentialSpec": [{"a": 1}]}, "process": {"cwd": "/", "user": {"uid": {"k": 1}}}}',
			'{"ociVersion": "1.2.0", "mounts": [{"destination": "/a", "uidMappings": [{"containerID": 0, "hostID": 1, "size": 1, "x": {"y": 1}}]}], "root": [{"path": "r"}]}',
		];
		for (const text of docs) {
			for (const v of specVersions) {
				const r = lint(text, v);
				assert.equal(r.keys, countKeys(r.value), `${v}: ${text}`);
			}
		}
	});

	test('keys: the lint fixtures of this repo, every version', () => {
		const dir = resolve(repo, 'test', 'fixtures', 'lint');
		const files = readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => resolve(dir, n));
		assert.ok(files.length > 0);
		for (const file of files) {
			const text = readFileSync(file, 'utf8');
			for (const v of specVersions) {
				const doc = parseDocument(text);
				assert.equal(validateSchemaCountingKeys(doc, v, doc.plainNumbers).keys, countKeys(doc.value));
			}
		}
	});

	test('the validation schema uses only keywords the error mapping handles', () => {
		const handled = new Set(['type', 'properties', 'required', 'items', 'minItems', 'enum', 'pattern', 'ociKeys', 'ociGoInt', 'ociNotInVersion', 'ociOpaque']);
		const seen = new Set<string>();
		const visit = (s: Record<string, unknown>): void => {
			for (const [k, x] of Object.entries(s)) {
				seen.add(k);
				if (k === 'properties') for (const p of Object.values(x as Record<string, Record<string, unknown>>)) visit(p);
				else if ((k === 'items' || k === 'ociKeys') && x && typeof x === 'object') visit(x as Record<string, unknown>);
			}
		};
		for (const v of specVersions) visit(toValidationSchema(v));
		assert.deepEqual([...seen].filter((k) => !handled.has(k)), []);
		for (const k of ['ociKeys', 'ociGoInt', 'ociNotInVersion', 'ociOpaque', 'enum', 'pattern', 'minItems', 'required']) assert.ok(seen.has(k), `${k} is used`);
	});

	test('the generated module is what the schema sources compile to now (the build regenerated it)', () => {
		const source = readFileSync(resolve(repo, 'server', 'src', 'lint', 'schema', 'generated', 'validators.js'), 'utf8');
		assert.equal(source.slice(source.indexOf('\n') + 1), `${validatorSource()}\n`);
	});

	test('compactErrors rewrites ajv error sites and refuses output of another shape', () => {
		const site = (n: number, keyword: string, params: string): string =>
			`const err${n} = {instancePath:instancePath+"/a",schemaPath:"#/properties/a/${keyword}",keyword:"${keyword}",params:${params}};if(vErrors === null){vErrors = [err${n}];}else {vErrors.push(err${n});}errors++;`;
		const out = compactErrors(`"use strict";const schema9 = {"enum":["x;}"]};function f(data){${site(0, 'type', '{type: "string"}')}${site(1, 'required', '{missingProperty: "b"}')}vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);}`);
		assert.match(out, /vErrors = ociError\(vErrors, ociPath\(ip, seg, idx\)\+"\/a", "type"\);errors\+\+;/);
		assert.match(out, /vErrors = ociError\(vErrors, ociPath\(ip, seg, idx\)\+"\/a", "required", \{missingProperty: "b"\}\);errors\+\+;/);
		assert.match(out, /ociAppend\(vErrors, validate3\.errors\)/);
		assert.doesNotMatch(out, /schemaPath|schema9|concat\(/);
		assert.throws(() => compactErrors('"use strict";if(vErrors === null){vErrors = [e];}else {vErrors.push(e);}'), /unexpected shape/);
	});

	test('lazyInstancePaths passes a child validator its path in pieces, joined only where read, and refuses other shapes', () => {
		const sig = (n: number): string => `function validate${n}(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){`;
		const out = lazyInstancePaths(
			`${sig(1)}if(!(validate2.call(this, data.a, {instancePath:instancePath+"/a",parentData:data,parentDataProperty:"a",rootData}))){}`
				+ `for(let i0=0; i0<3; i0++){validate2.call(this, data.b[i0], {instancePath:instancePath+"/b/" + i0,parentData:data.b,parentDataProperty:i0,rootData});}`
				+ `for(const key0 in data){validate2.call(this, data[key0], {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\\//g, "~1"),parentData:data,parentDataProperty:key0,rootData});}}`
				+ `${sig(2)}vErrors = ociError(vErrors, instancePath+"/x", "type");}`,
		);
		assert.equal(
			out,
			'function validate1(data, ip = "", seg = "", idx){if(!(validate2.call(this, data.a, ociPath(ip, seg, idx), "/a"))){}'
				+ 'for(let i0=0; i0<3; i0++){validate2.call(this, data.b[i0], ociPath(ip, seg, idx), "/b/", i0);}'
				+ 'for(const key0 in data){validate2.call(this, data[key0], ociPath(ip, seg, idx), "/", key0);}}'
				+ 'function validate2(data, ip = "", seg = "", idx){vErrors = ociError(vErrors, ociPath(ip, seg, idx)+"/x", "type");}',
		);
		assert.throws(() => lazyInstancePaths(`${sig(1)}validate2.call(this, data.a, {instancePath:instancePath+"/a",parentData:data,parentDataProperty:"a",rootData:data});}`), /unexpected shape/);
		assert.throws(() => lazyInstancePaths('function validate1(data, {instancePath=""}={}){}'), /unexpected shape/);
	});

	test('child validators report their instance paths: array items, map values with escaped keys, grandchildren', () => {
		const config = {
			ociVersion: '1.2.0',
			root: { path: 'rootfs' },
			mounts: [{ destination: '/a' }, { destination: 7 }],
			hooks: { prestart: [{ path: '/x' }, { path: 1 }] },
			linux: { resources: { devices: [{ allow: 'no' }], rdma: { 'mlx/5~x': { hcaHandles: 'many' } } } },
		};
		v1_2.call({ plain: true, keys: 0, opaque: [], notableMapKey: false }, config);
		const paths = (v1_2.errors ?? []).map((e) => e.instancePath).sort();
		assert.deepEqual(paths, ['/hooks/prestart/1/path', '/linux/resources/devices/0/allow', '/linux/resources/rdma/mlx~15~0x/hcaHandles', '/mounts/1/destination']);
	});

	test('the walk notes a map key the annotations rule reports, so the rule need not enumerate the map again', () => {
		const notable = (annotations: Record<string, string>): boolean => {
			const ctx = { plain: true, keys: 0, opaque: [], notableMapKey: false };
			v1_2.call(ctx, { ociVersion: '1.2.0', root: { path: 'rootfs' }, annotations });
			return ctx.notableMapKey;
		};
		assert.equal(notable({ 'com.example.a': 'b', 'org.example': 'c' }), false);
		assert.equal(notable({ 'com.example.a': 'b', 'org.opencontainers.image.ref': 'c' }), true);
		assert.equal(notable({ '': 'c' }), true);
		assert.equal(notable({ 'org.opencontainers': 'c' }), true);
	});

	test('the generated module is standalone: no ajv (nor anything else) loaded at run time', () => {
		const source = readFileSync(resolve(repo, 'server', 'src', 'lint', 'schema', 'generated', 'validators.js'), 'utf8');
		assert.match(source, /^\/\/ Generated by scripts\/generateValidators\.mjs/);
		assert.doesNotMatch(source, /\brequire\(/);
		for (const v of specVersions) assert.match(source, new RegExp(`exports\\.v${v.replaceAll('.', '_')} = validate\\d+`));
	});
});
