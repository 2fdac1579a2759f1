import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RUNC_FLAGS } from '../../../server/src/restore/index';

const doc = readFileSync(resolve(__dirname, '..', '..', '..', '..', 'docs', 'restore.md'), 'utf8');

test('docs/restore.md lists every flag the core maps, with its field and minimum runc version', () => {
	const rows = new Map(doc.split('\n').filter((l) => l.startsWith('| `--')).map((l) => [/^\| `(--[a-z-]+)`/.exec(l)![1], l.split('|').map((c) => c.trim())]));
	for (const f of RUNC_FLAGS) {
		const row = rows.get(f.flag);
		assert.ok(row, `${f.flag} is in the table`);
		assert.equal(row[2], `\`${f.field}\``, `${f.flag} maps to ${f.field}`);
		assert.deepEqual(row[3].split(', ').sort(), [...f.commands].sort(), `${f.flag} commands`);
		assert.ok(row[4].startsWith(f.minRunc ?? '1.0.0-rc3 (all)'), `${f.flag} needs runc ${f.minRunc ?? 'any'}: ${row[4]}`);
		if (f.minCriu) assert.match(row[4], new RegExp(`CRIU ≥ ${f.minCriu.replace('.', '\\.')}`));
	}
});
