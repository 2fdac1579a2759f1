import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasTopLevelOciVersion } from '../../../server/src/lint/index';

test('hasTopLevelOciVersion finds only a top-level key', () => {
	const table: [string, boolean][] = [
		['{"ociVersion": "1.2.0"}', true],
		['{\n  "root": {"path": "r"},\n  "ociVersion" :\n "1.0.2"}', true],
		['{"annotations": {"ociVersion": "x"}}', false],
		['{"a": ["{", {"ociVersion": 1}]}', false],
		['{"a": "\\"ociVersion\\": 1", "b": 2}', false],
		['{"a": "}", "ociVersion": "1"}', true],
		['{"x": "ociVersion"}', false],
		['[{"ociVersion": "1"}]', false],
		['', false],
		['{"ociVersion"', false],
	];
	for (const [text, expected] of table) assert.equal(hasTopLevelOciVersion(text), expected, text);
});
