import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base, expectCodes, expectNone, expectOne } from './ruleHarness';

describe('hook-*', () => {
	test('relative hook path', () => {
		const c = base();
		c.hooks = { createRuntime: [{ path: 'nvidia-hook' }] };
		assert.match(expectOne(c, 'hook-path-absolute', '/hooks/createRuntime/0/path').message, /\/usr\/bin\/nvidia-hook/);
		c.hooks.createRuntime[0].path = '/usr/bin/nvidia-hook';
		expectNone(c, 'hook-path-absolute');
	});
	test('hook env', () => {
		const c = base();
		c.hooks = { poststop: [{ path: '/bin/true', env: ['A=1', 'B'], timeout: 5 }] };
		expectOne(c, 'hook-env-format', '/hooks/poststop/0/env/1');
		c.hooks.poststop[0] = { path: '/bin/true', env: ['A=1'], timeout: 5 };
		expectNone(c, 'hook-env-format');
	});
	test('prestart is deprecated (warning on the key); an empty list is not', () => {
		const c = base();
		c.hooks = { prestart: [{ path: '/bin/true' }] };
		assert.equal(expectOne(c, 'hook-prestart-deprecated', '/hooks/prestart').severity, 'warning');
		c.hooks = { prestart: [] };
		expectNone(c, 'hook-prestart-deprecated');
	});
});

describe('seccomp-*', () => {
	const seccomp = (s: Record<string, unknown>) => {
		const c = base();
		c.linux.seccomp = { defaultAction: 'SCMP_ACT_ALLOW', ...s };
		return c;
	};
	test('SCMP_ACT_NOTIFY needs listenerPath', () => {
		const c = seccomp({ syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_NOTIFY' }] });
		expectOne(c, 'seccomp-notify-listener-required', '/linux/seccomp/syscalls/0/action');
		c.linux.seccomp.listenerPath = '/run/agent.sock';
		expectNone(c, 'seccomp-notify-listener-required');
	});
	test('listenerMetadata needs listenerPath', () => {
		expectOne(seccomp({ listenerMetadata: 'x' }), 'seccomp-listener-metadata-without-path', '/linux/seccomp/listenerMetadata');
		expectNone(seccomp({ listenerMetadata: 'x', listenerPath: '/run/a.sock' }), 'seccomp-listener-metadata-without-path');
	});
	test('SCMP_ACT_NOTIFY as default action, or for write, is refused', () => {
		expectOne(seccomp({ defaultAction: 'SCMP_ACT_NOTIFY', listenerPath: '/run/a.sock' }), 'seccomp-notify-default-action', '/linux/seccomp/defaultAction');
		expectOne(seccomp({ listenerPath: '/run/a.sock', syscalls: [{ names: ['read', 'write'], action: 'SCMP_ACT_NOTIFY' }] }), 'seccomp-notify-write', '/linux/seccomp/syscalls/0/names/1');
		expectNone(seccomp({ listenerPath: '/run/a.sock', syscalls: [{ names: ['read'], action: 'SCMP_ACT_NOTIFY' }] }), ['seccomp-notify-default-action', 'seccomp-notify-write']);
	});
	test('syscall names and argument index', () => {
		expectCodes(seccomp({ syscalls: [{ names: ['', 'read'], action: 'SCMP_ACT_ERRNO', args: [{ index: 6, value: 1, op: 'SCMP_CMP_EQ' }] }] }), [
			['seccomp-syscall-name-empty', '/linux/seccomp/syscalls/0/names/0'],
			['seccomp-arg-index-range', '/linux/seccomp/syscalls/0/args/0/index'],
		]);
		expectNone(seccomp({ syscalls: [{ names: ['read'], action: 'SCMP_ACT_ERRNO', args: [{ index: 5, value: 1, op: 'SCMP_CMP_EQ' }] }] }), ['seccomp-syscall-name-empty', 'seccomp-arg-index-range']);
	});
	test('errnoRet is ignored outside ERRNO/TRACE (warning)', () => {
		const c = seccomp({ defaultErrnoRet: 1, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', errnoRet: 1 }] });
		const ds = expectCodes(c, [['seccomp-errno-ret-action', '/linux/seccomp/syscalls/0/errnoRet'], ['seccomp-errno-ret-action', '/linux/seccomp/defaultErrnoRet']]);
		assert.ok(ds.every((d) => d.severity === 'warning'));
		expectNone(seccomp({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, syscalls: [{ names: ['read'], action: 'SCMP_ACT_TRACE', errnoRet: 1 }] }), 'seccomp-errno-ret-action');
	});
});

describe('annotation-*', () => {
	test('empty key and reserved prefix', () => {
		const c = base();
		c.annotations = { '': 'x', 'org.opencontainers.foo': 'y', 'com.example.ok': 'z' };
		const ds = expectCodes(c, [['annotation-key-empty', '/annotations/'], ['annotation-reserved-prefix', '/annotations/org.opencontainers.foo']]);
		assert.deepEqual(ds.map((d) => d.severity).sort(), ['error', 'warning']);
		c.annotations = { 'com.example.ok': 'z' };
		expectNone(c, ['annotation-key-empty', 'annotation-reserved-prefix']);
	});

	test('keys written with escapes, keys among many, and look-alikes in values or other members', () => {
		const many = (extra: Record<string, string>): string => {
			const c = base();
			c.annotations = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`com.example.k${i}`, `v${i}`]));
			Object.assign(c.annotations, extra);
			c.hostname = 'org.opencontainers.host';
			return JSON.stringify(c, null, '\t');
		};
		// An escaped key is read decoded, as runc reads it.
		const escaped = many({}).replace('"com.example.k7"', '"org.openc\\u006fntainers.k7"').replace('"com.example.k9"', '"\\u0000"');
		expectCodes(escaped, [['annotation-reserved-prefix', '/annotations/org.opencontainers.k7']]);
		expectOne(many({ 'org.opencontainers.late': 'x' }), 'annotation-reserved-prefix', '/annotations/org.opencontainers.late');
		expectOne(many({ '': 'x' }), 'annotation-key-empty', '/annotations/');
		// The reserved prefix or "" only in values and outside the annotations: nothing to report.
		expectNone(many({ 'com.example.a': 'org.opencontainers.x', 'com.example.b': '' }), ['annotation-key-empty', 'annotation-reserved-prefix']);
	});
});
