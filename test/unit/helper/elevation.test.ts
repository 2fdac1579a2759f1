import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { helperCommand, sudoHowTo } from '../../../server/src/helper/elevation';
import { HelperError } from '../../../server/src/helper/helperError';

const base = { cliPath: '/opt/x/cli.js', nodePath: '/usr/bin/node', env: { HOME: '/home/u' }, exists: (p: string) => p === '/usr/bin/sudo' || p === '/usr/bin/pkexec' || p === '/usr/bin/env' };

describe('helper elevation', () => {
	test('as root (auto or root): the helper runs directly under the same node', () => {
		for (const elevation of ['auto', 'root'] as const) {
			const c = helperCommand({ ...base, elevation, euid: 0 });
			assert.equal(c.via, 'direct');
			assert.equal(c.file, '/usr/bin/node');
			assert.deepEqual(c.args, ['/opt/x/cli.js', 'helper', '--stdio']);
		}
	});

	test('not root: auto and sudo use sudo -n (never a prompt), pkexec uses pkexec', () => {
		const s = helperCommand({ ...base, elevation: 'auto', euid: 1000 });
		assert.equal(s.via, 'sudo');
		assert.equal(s.file, '/usr/bin/sudo');
		assert.deepEqual(s.args, ['-n', '--', '/usr/bin/node', '/opt/x/cli.js', 'helper', '--stdio']);
		const p = helperCommand({ ...base, elevation: 'pkexec', euid: 1000, allowUnsafeLocation: true });
		assert.equal(p.file, '/usr/bin/pkexec');
		assert.deepEqual(p.args, ['/usr/bin/node', '/opt/x/cli.js', 'helper', '--stdio', '--allow-unsafe-location']);
	});

	test('root elevation without being root, or a missing sudo, is not-permitted with a reason', () => {
		assert.throws(() => helperCommand({ ...base, elevation: 'root', euid: 1000 }), (e: HelperError) => e.code === 'not-permitted' && /uid 1000/.test(e.message));
		assert.throws(() => helperCommand({ ...base, elevation: 'sudo', euid: 1000, exists: () => false }), (e: HelperError) => e.code === 'not-permitted' && /sudo is not installed/.test(e.message));
	});

	test('the sudo how-to names this node and the installed helper', () => {
		const msg = sudoHowTo({ cliPath: '/home/u/ext/dist/cli.js', nodePath: '/usr/bin/node', user: 'alice' });
		assert.match(msg, /sudo refused/);
		assert.match(msg, /sudo \/usr\/bin\/node \/home\/u\/ext\/dist\/cli\.js helper install/);
		assert.ok(msg.includes('alice ALL=(root) NOPASSWD: /usr/bin/node /usr/local/lib/oci-restore/cli.js helper --stdio'), msg);
	});
});
