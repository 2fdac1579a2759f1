import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCheckpointPaths, checkRestorePaths, validateCheckpointParams, validateRestoreParams } from '../../../server/src/restore/index';

/** A bundle with config.json and a complete-looking image directory. */
function layout(t: TestContext) {
	const dir = mkdtempSync(join(tmpdir(), 'c1-paths-'));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	const bundle = join(dir, 'bundle');
	mkdirSync(join(bundle, 'checkpoint'), { recursive: true });
	writeFileSync(join(bundle, 'config.json'), '{}');
	writeFileSync(join(bundle, 'checkpoint', 'inventory.img'), 'x');
	writeFileSync(join(bundle, 'checkpoint', 'descriptors.json'), '[]');
	return { dir, bundle };
}

function problems(input: Record<string, unknown>, cwd: string) {
	const v = validateRestoreParams(input, cwd);
	if (!v.ok) throw new Error(JSON.stringify(v.errors));
	return checkRestorePaths(v.value);
}

describe('checkRestorePaths', () => {
	test('a bundle with config.json and a runc checkpoint passes', (t) => {
		const { bundle } = layout(t);
		assert.deepEqual(problems({ id: 'a' }, bundle), []);
		assert.deepEqual(problems({ id: 'a', bundle, workPath: 'new-work', pidFile: 'pid' }, '/'), []);
	});
	test('bundle: missing, a file, without config.json', (t) => {
		const { dir, bundle } = layout(t);
		assert.match(problems({ id: 'a', bundle: join(dir, 'nope'), imagePath: join(bundle, 'checkpoint') }, '/')[0].message, /bundle directory .*nope does not exist/);
		assert.match(problems({ id: 'a', bundle: join(bundle, 'config.json'), imagePath: join(bundle, 'checkpoint') }, '/')[0].message, /is not a directory/);
		rmSync(join(bundle, 'config.json'));
		const p = problems({ id: 'a', bundle }, '/');
		assert.deepEqual(p.map((e) => e.field), ['bundle']);
		assert.match(p[0].message, /has no config\.json/);
	});
	test('image directory: missing, a file, no inventory.img, no descriptors.json', (t) => {
		const { bundle } = layout(t);
		const image = (imagePath: string) => problems({ id: 'a', bundle, imagePath }, '/').map((e) => `${e.field}: ${e.message}`);
		assert.match(image('missing').join(), /imagePath: image directory .*missing does not exist \(checkpoint the container first/);
		assert.match(image('config.json').join(), /imagePath: image path .* is not a directory/);
		mkdirSync(join(bundle, 'empty'));
		assert.match(image('empty').join(), /holds no inventory\.img: it is not a CRIU image directory/);
		writeFileSync(join(bundle, 'empty', 'inventory.img'), 'x');
		assert.match(image('empty').join(), /no descriptors\.json: it was not made by runc checkpoint/);
	});
	test('work path: a file, or a missing parent (runc creates one level only)', (t) => {
		const { bundle } = layout(t);
		assert.match(problems({ id: 'a', bundle, workPath: 'config.json' }, '/')[0].message, /exists and is not a directory/);
		const p = problems({ id: 'a', bundle, workPath: 'a/b' }, '/');
		assert.equal(p[0].field, 'workPath');
		assert.match(p[0].message, /parent of work path .*a\/b .* is not an existing directory/);
	});
	test('pid file: its directory must exist, and it must not be a directory', (t) => {
		const { bundle } = layout(t);
		assert.match(problems({ id: 'a', bundle, pidFile: 'no/such/pid' }, '/')[0].message, /directory of pid file .* does not exist/);
		mkdirSync(join(bundle, 'run'));
		assert.match(problems({ id: 'a', bundle, pidFile: 'run' }, '/')[0].message, /is a directory/);
	});
	test('several problems are all reported', (t) => {
		const { dir } = layout(t);
		const p = problems({ id: 'a', bundle: join(dir, 'x'), workPath: 'q/r', pidFile: 's/t' }, '/');
		assert.deepEqual(p.map((e) => e.field), ['bundle', 'imagePath', 'workPath', 'pidFile']);
	});
});

describe('checkCheckpointPaths', () => {
	test('parentPath must name an image directory relative to the image path', (t) => {
		const { dir, bundle } = layout(t);
		const check = (input: Record<string, unknown>) => {
			const v = validateCheckpointParams({ id: 'a', ...input }, dir);
			if (!v.ok) throw new Error(JSON.stringify(v.errors));
			return checkCheckpointPaths(v.value);
		};
		assert.deepEqual(check({ imagePath: join(dir, 'new'), parentPath: '../bundle/checkpoint' }), []);
		assert.match(check({ imagePath: join(dir, 'new'), parentPath: '../nothing' })[0].message, /parent image directory .* does not exist/);
		assert.match(check({ imagePath: join(dir, 'new'), parentPath: '../bundle' })[0].message, /holds no inventory\.img/);
		assert.match(check({ imagePath: join(bundle, 'config.json') })[0].message, /exists and is not a directory/);
		assert.equal(check({ imagePath: 'i', workPath: 'x/y' })[0].field, 'workPath');
	});
});
