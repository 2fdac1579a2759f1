import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { helperCommand, polkitRule, sudoHowTo } from '../../../server/src/helper/elevation';
import { FIXED_PATH } from '../../../server/src/helper/childEnv';
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

	test('node: no ELECTRON_RUN_AS_NODE on any path, and the environment is rebuilt (nothing like NODE_OPTIONS passes)', () => {
		const env = { HOME: '/home/u', NODE_OPTIONS: '--require /tmp/evil.js', LD_PRELOAD: '/tmp/evil.so', LANG: 'C.UTF-8', ELECTRON_RUN_AS_NODE: '1' };
		const cases = [
			helperCommand({ ...base, env, elevation: 'root', euid: 0, electron: false }),
			helperCommand({ ...base, env, elevation: 'sudo', euid: 1000, electron: false }),
			helperCommand({ ...base, env, elevation: 'pkexec', euid: 1000, electron: false }),
		];
		for (const c of cases) {
			assert.deepEqual(c.env, { PATH: FIXED_PATH, LANG: 'C.UTF-8' }, c.via);
			assert.ok(!c.args.some((a) => a.includes('ELECTRON_RUN_AS_NODE')), c.args.join(' '));
			assert.ok(!c.args.includes('/usr/bin/env'), c.args.join(' '));
		}
		assert.deepEqual(cases[1].args, ['-n', '--', '/usr/bin/node', '/opt/x/cli.js', 'helper', '--stdio']);
	});

	test('electron: every elevation path runs the same binary with ELECTRON_RUN_AS_NODE=1, past sudo\'s and pkexec\'s environment reset through an absolute env', () => {
		const code = '/opt/code/code';
		const env = { HOME: '/home/u', NODE_OPTIONS: '--inspect' };
		const direct = helperCommand({ ...base, env, nodePath: code, elevation: 'auto', euid: 0, electron: true });
		assert.equal(direct.via, 'direct');
		assert.equal(direct.file, code);
		assert.deepEqual(direct.args, ['/opt/x/cli.js', 'helper', '--stdio']);
		assert.deepEqual(direct.env, { PATH: FIXED_PATH, ELECTRON_RUN_AS_NODE: '1' });
		const sudo = helperCommand({ ...base, env, nodePath: code, elevation: 'sudo', euid: 1000, electron: true });
		assert.equal(sudo.file, '/usr/bin/sudo');
		assert.deepEqual(sudo.args, ['-n', '--', '/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', code, '/opt/x/cli.js', 'helper', '--stdio']);
		const pkexec = helperCommand({ ...base, env, nodePath: code, elevation: 'pkexec', euid: 1000, electron: true, allowUnsafeLocation: true });
		assert.equal(pkexec.file, '/usr/bin/pkexec');
		assert.deepEqual(pkexec.args, ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', code, '/opt/x/cli.js', 'helper', '--stdio', '--allow-unsafe-location']);
		for (const c of [sudo, pkexec]) assert.equal(c.env.NODE_OPTIONS, undefined);
		// Only /bin/env on this system: that one, still absolute (sudo's secure_path must not pick an env).
		const onlyBin = (p: string) => p === '/usr/bin/sudo' || p === '/bin/env';
		assert.deepEqual(helperCommand({ ...base, exists: onlyBin, nodePath: code, elevation: 'sudo', euid: 1000, electron: true }).args.slice(0, 4), ['-n', '--', '/bin/env', 'ELECTRON_RUN_AS_NODE=1']);
	});

	test('electron: the sudoers line and the polkit rule name the same env command line the client runs', () => {
		const o = { cliPath: '/usr/local/lib/oci-restore/cli.js', nodePath: '/opt/code/code', user: 'alice', electron: true };
		const rule = sudoHowTo(o).split('\n').find((l) => l.includes('NOPASSWD'));
		assert.equal(rule?.trim(), 'alice ALL=(root) NOPASSWD: /usr/bin/env ELECTRON_RUN_AS_NODE=1 /opt/code/code /usr/local/lib/oci-restore/cli.js helper --stdio');
		assert.ok(polkitRule(o).includes('"/usr/bin/env ELECTRON_RUN_AS_NODE=1 /opt/code/code /usr/local/lib/oci-restore/cli.js helper --stdio"'), polkitRule(o));
		assert.ok(sudoHowTo({ ...o, electron: false }).includes('NOPASSWD: /opt/code/code /usr/local/lib/oci-restore/cli.js helper --stdio'));
	});

	test('the sudo how-to names this node and the installed helper', () => {
		const msg = sudoHowTo({ cliPath: '/home/u/ext/dist/cli.js', nodePath: '/usr/bin/node', user: 'alice' });
		assert.match(msg, /sudo refused/);
		assert.match(msg, /sudo \/usr\/bin\/node \/home\/u\/ext\/dist\/cli\.js helper install/);
		assert.ok(msg.includes('alice ALL=(root) NOPASSWD: /usr/bin/node /usr/local/lib/oci-restore/cli.js helper --stdio'), msg);
	});
});
