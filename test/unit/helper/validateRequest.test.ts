import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateRequest } from '../../../server/src/helper/validateRequest';

function code(header: Record<string, unknown>, data?: Buffer): string {
	const r = validateRequest(header, data);
	return 'error' in r ? `${r.error.code}:${String(r.error.details)}` : 'ok';
}

describe('helper request validation', () => {
	test('accepts well-formed requests of every verb', () => {
		assert.equal(code({ id: 1, method: 'list', params: {} }), 'ok');
		assert.equal(code({ id: 2, method: 'cancel' }), 'ok');
		assert.equal(code({ id: 3, method: 'restore', params: { id: 'c1', bundle: '/b', detach: true, emptyNs: ['network'], manageCgroupsMode: 'ignore' } }), 'ok');
		assert.equal(code({ id: 4, method: 'stdin', params: { size: 3 } }, Buffer.from('abc')), 'ok');
		assert.equal(code({ id: 5, method: 'signal', params: { signal: 'SIGINT' } }), 'ok');
		assert.equal(code({ id: 6, method: 'kill', params: { id: 'x', signal: 'KILL', all: true } }), 'ok');
	});

	test('refuses unknown verbs, fields and wrong types with the offending field', () => {
		assert.equal(code({ id: 1, method: 'exec', params: {} }), 'bad-request:method');
		assert.equal(code({ id: 1, method: 'constructor', params: {} }), 'bad-request:method');
		assert.equal(code({ id: 1, method: 'list', params: { shell: '/bin/sh' } }), 'bad-request:shell');
		assert.equal(code({ id: 1, method: 'restore', params: { id: 'c1' } }), 'bad-request:bundle');
		assert.equal(code({ id: 1, method: 'restore', params: { id: 'c1', bundle: '/b', detach: 'yes' } }), 'bad-request:detach');
		assert.equal(code({ id: 1, method: 'restore', params: { id: 'c1', bundle: '/b', manageCgroupsMode: 'loose' } }), 'bad-request:manageCgroupsMode');
		assert.equal(code({ id: 1, method: 'restore', params: { id: 'c1', bundle: '/b\0x' } }), 'bad-request:bundle');
		assert.equal(code({ id: 1, method: 'resize', params: { cols: -1, rows: 2 } }), 'bad-request:cols');
		assert.equal(code({ id: 1, method: 'signal', params: { signal: 'INT; rm -rf /' } }), 'bad-request:signal');
		assert.equal(code({ id: 1, method: 'stdin', params: { size: 3 } }, Buffer.from('ab')), 'bad-request:size');
		assert.equal(code({ id: 1, method: 'list', params: [] }), 'bad-request:params');
		assert.equal(code({ id: 'x', method: 'list' }), 'bad-request:id');
		assert.equal(code({ id: 1, method: 'list', extra: 1 }), 'bad-request:extra');
		assert.equal(code({ id: 1, method: 'state', params: { id: 'a'.repeat(5000) } }), 'bad-request:id');
	});
});
