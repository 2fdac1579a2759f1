import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rules } from '../../../../server/src/lint/rules/index';
import * as knowledge from '../../../../server/src/lint/knowledge/index';

const repo = resolve(__dirname, '..', '..', '..', '..', '..');

describe('rule catalogue', () => {
	test('codes are kebab-case and belong to exactly one rule', () => {
		const seen = new Map<string, number>();
		rules.forEach((r, i) => {
			for (const c of r.codes) {
				assert.match(c, /^[a-z0-9]+(-[a-z0-9]+)*$/, c);
				assert.equal(seen.has(c), false, `${c} is declared by two rules`);
				seen.set(c, i);
			}
		});
		assert.ok(seen.size >= 70, `${seen.size} codes`);
	});
	test('docs/rules.md documents every code, and only those', () => {
		const doc = readFileSync(join(repo, 'docs', 'rules.md'), 'utf8');
		const documented = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning|hint|information|error \/ warning) \|/gm)].map((m) => m[1]);
		const codes = rules.flatMap((r) => r.codes);
		assert.deepEqual([...documented].sort(), [...codes].sort());
	});
	test('bundle rules are marked as such', () => {
		for (const r of rules) assert.equal(!!r.bundle, r.codes.every((c) => c.startsWith('bundle-')), r.codes.join());
	});
});

describe('knowledge tables', () => {
	const tables: Record<string, readonly { name: string; description: string }[]> = {
		capabilities: knowledge.capabilities,
		capabilitySets: knowledge.capabilitySets,
		namespaceTypes: knowledge.namespaceTypes,
		rlimitTypes: knowledge.rlimitTypes,
		seccompActions: knowledge.seccompActions,
		seccompArchitectures: knowledge.seccompArchitectures,
		seccompOperators: knowledge.seccompOperators,
		seccompFlags: knowledge.seccompFlags,
		mountTypes: knowledge.mountTypes,
		mountOptions: knowledge.mountOptions,
		rootfsPropagations: knowledge.rootfsPropagations,
		signals: knowledge.signals,
		deviceTypes: knowledge.deviceTypes,
		schedulerPolicies: knowledge.schedulerPolicies,
		ioPriorityClasses: knowledge.ioPriorityClasses,
	};
	test('names are unique and every entry has a one-line description', () => {
		for (const [name, table] of Object.entries(tables)) {
			assert.ok(table.length > 0, name);
			assert.equal(new Set(table.map((e) => e.name)).size, table.length, `${name} has duplicates`);
			for (const e of table) assert.ok(e.description.length > 3 && !e.description.includes('\n'), `${name}.${e.name}`);
		}
	});
	test('capabilities are the 41 of Linux 5.9+, in kernel order', () => {
		assert.equal(knowledge.capabilities.length, 41);
		assert.equal(knowledge.capabilities[0].name, 'CAP_CHOWN');
		assert.equal(knowledge.capabilities[21].name, 'CAP_SYS_ADMIN');
		assert.equal(knowledge.capabilities[40].name, 'CAP_CHECKPOINT_RESTORE');
		assert.ok(knowledge.capabilities.every((c) => /^CAP_[A-Z_]+$/.test(c.name)));
	});
	test('the tables agree with the spec enums', () => {
		assert.deepEqual(knowledge.namespaceTypes.map((n) => n.name).sort(), ['cgroup', 'ipc', 'mount', 'network', 'pid', 'time', 'user', 'uts']);
		assert.equal(knowledge.rlimitTypes.length, 16);
		assert.ok(knowledge.seccompActions.some((a) => a.name === 'SCMP_ACT_NOTIFY'));
		assert.equal(knowledge.seccompMaxArgIndex, 5);
	});
});
