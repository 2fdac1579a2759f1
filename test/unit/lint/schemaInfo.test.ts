import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { describeAt, propertiesAt, enumValuesAt, valueKindAt, resolveSpecVersion } from '../../../server/src/lint/schemaInfo';
import { configSchema } from '../../../server/src/lint/schema/configSchema';
import type { Field, SchemaNode } from '../../../server/src/lint/schema/schemaModel';

describe('schema info for hover and completion', () => {
	test('describeAt gives title, markdown with type and requiredness, and a versioned spec link', () => {
		const d = describeAt(['process', 'cwd'], '1.2')!;
		assert.equal(d.title, 'cwd');
		assert.match(d.markdown, /\*\*cwd\*\* \*\(string, REQUIRED\)\*/);
		assert.match(d.markdown, /absolute path/);
		assert.equal(d.href, 'https://github.com/opencontainers/runtime-spec/blob/v1.2.1/config.md#process');
		const ns = describeAt(['linux', 'namespaces', 3, 'type'], '1.3.0')!;
		assert.match(ns.markdown, /Allowed values: `mount`, `pid`, `network`, `uts`, `ipc`, `user`, `cgroup`, `time`/);
		assert.equal(ns.href, 'https://github.com/opencontainers/runtime-spec/blob/v1.3.0/config-linux.md#namespaces');
	});

	test('describeAt: array items, map entries, deprecation, version notes, unknown paths', () => {
		assert.equal(describeAt(['mounts', 0], '1.2')?.title, 'mounts entry');
		assert.equal(describeAt(['annotations', 'com.example.x'], '1.2')?.title, 'annotations entry');
		assert.match(describeAt(['linux', 'resources', 'memory', 'kernel'], '1.2')!.deprecated!, /kernel memory/);
		assert.match(describeAt(['domainname'], '1.1.0')!.markdown, /since runtime-spec 1\.1\.0/);
		assert.equal(describeAt(['domainname'], '1.0.2'), undefined);
		assert.equal(describeAt(['nope'], '1.2'), undefined);
		assert.equal(describeAt(['process', 0], '1.2'), undefined);
		assert.equal(describeAt([], '1.2'), undefined);
	});

	test('propertiesAt lists the members of the object at a path, per version', () => {
		const top = propertiesAt([], '1.0.2').map((p) => p.name);
		assert.ok(top.includes('ociVersion') && top.includes('linux'));
		assert.ok(!top.includes('domainname') && !top.includes('freebsd'));
		assert.ok(propertiesAt([], '1.3.0').some((p) => p.name === 'freebsd'));
		const process = propertiesAt(['process'], '1.2');
		assert.equal(process.find((p) => p.name === 'cwd')?.required, true);
		assert.equal(process.find((p) => p.name === 'env')?.required, false);
		assert.ok(process.find((p) => p.name === 'args')?.snippet);
		const rdt = propertiesAt(['linux', 'intelRdt'], '1.2').map((p) => p.name);
		assert.ok(rdt.includes('enableCMT') && !rdt.includes('enableMonitoring'));
		assert.ok(propertiesAt(['linux', 'intelRdt'], '1.3.0').some((p) => p.name === 'enableMonitoring'));
		assert.deepEqual(propertiesAt(['process', 'mounts'], '1.2'), []);
		assert.deepEqual(propertiesAt(['hostname'], '1.2'), []);
		assert.deepEqual(propertiesAt(['mounts', 7], '1.2').map((p) => p.name), ['destination', 'source', 'options', 'type', 'uidMappings', 'gidMappings']);
	});

	test('enumValuesAt: enum strings of the version (with docs) and booleans', () => {
		const actions = enumValuesAt(['linux', 'seccomp', 'defaultAction'], '1.0.2').map((e) => e.value);
		assert.ok(!actions.includes('SCMP_ACT_NOTIFY'));
		const newer = enumValuesAt(['linux', 'seccomp', 'syscalls', 0, 'action'], '1.2');
		assert.ok(newer.some((e) => e.value === 'SCMP_ACT_NOTIFY' && /listenerPath/.test(e.markdown ?? '')));
		assert.deepEqual(enumValuesAt(['root', 'readonly'], '1.2'), [{ value: true }, { value: false }]);
		assert.deepEqual(enumValuesAt(['hostname'], '1.2'), []);
		assert.ok(enumValuesAt(['linux', 'seccomp', 'architectures', 0], '1.2').some((e) => e.value === 'SCMP_ARCH_X86_64'));
	});

	test('valueKindAt', () => {
		assert.equal(valueKindAt([], '1.2'), 'object');
		assert.equal(valueKindAt(['process', 'args'], '1.2'), 'array');
		assert.equal(valueKindAt(['process', 'args', 0], '1.2'), 'string');
		assert.equal(valueKindAt(['process', 'user', 'uid'], '1.2'), 'integer');
		assert.equal(valueKindAt(['root', 'readonly'], '1.2'), 'boolean');
		assert.equal(valueKindAt(['annotations'], '1.2'), 'object');
		assert.equal(valueKindAt(['linux', 'nope'], '1.2'), undefined);
	});

	test('resolveSpecVersion is exported for the language server', () => {
		assert.deepEqual(resolveSpecVersion('1.2.1'), { version: '1.2', known: true });
	});

	test('every member in the schema has a description and a spec section', () => {
		const missing: string[] = [];
		const visit = (n: SchemaNode, path: string): void => {
			if (n.kind === 'object') {
				for (const [name, m] of Object.entries(n.props)) {
					for (const f of (Array.isArray(m) ? m : [m]) as Field[]) {
						if (f.doc.trim().length < 8 || !/^config(-[a-z]+)?\.md#[a-z0-9-]+$/.test(f.ref)) missing.push(`${path}.${name}`);
						visit(f.schema, `${path}.${name}`);
					}
				}
			} else if (n.kind === 'map') visit(n.values, `${path}{}`);
			else if (n.kind === 'array') visit(n.items, `${path}[]`);
		};
		visit(configSchema, '');
		assert.deepEqual(missing, []);
	});
});
