import { test, describe, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { requirePrerequisite } from '../support/requirements';
import { addPolkitRule, DBUS_DAEMON, ensurePolkit, PKEXEC, POLKITD } from '../support/polkit';
import { containerExists, which } from '../support/bundle';
import { commOf, descendants } from '../../server/src/helper/processTree';
import { checkpointedCounter, cliPath, pollUntil, restorePrerequisites, withDeadline, type Checkpointed } from './restoreSupport';

const TRAPPING_COUNTER = "trap 'exit 130' INT; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done";

/** A throwaway non-root user, the helper installed in a root-owned prefix, and (optionally) a sudo rule; all removed after. */
function elevationFixture(t: TestContext) {
	const tag = randomBytes(4).toString('hex');
	const user = `ocir${tag}`;
	const prefix = `/usr/local/lib/oci-restore-test-${tag}`;
	const rule = `/etc/sudoers.d/oci-restore-test-${tag}`;
	t.after(() => {
		rmSync(rule, { force: true });
		spawnSync('/usr/sbin/userdel', ['-f', user]);
		rmSync(prefix, { recursive: true, force: true });
	});
	const add = spawnSync('/usr/sbin/useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', user], { encoding: 'utf8' });
	assert.equal(add.status, 0, add.stderr);
	const install = spawnSync(process.execPath, [cliPath, 'helper', 'install', '--prefix', prefix], { encoding: 'utf8', env: { ...process.env, SUDO_USER: user } });
	assert.equal(install.status, 0, install.stderr);
	const installed = join(prefix, 'cli.js');
	const printedRule = install.stdout.split('\n').find((l) => l.includes('NOPASSWD'));
	assert.equal(printedRule, `${user} ALL=(root) NOPASSWD: ${process.execPath} ${installed} helper --stdio`);
	return {
		user,
		installed,
		allow() {
			writeFileSync(rule, printedRule + '\n', { mode: 0o440 });
			const check = spawnSync('/usr/sbin/visudo', ['-cf', rule], { encoding: 'utf8' });
			assert.equal(check.status, 0, check.stdout + check.stderr);
		},
		/** The polkit rule `helper install` printed for pkexec. */
		polkitRule: install.stdout.split('50-oci-restore.rules:\n')[1]?.trim() ?? '',
		/** Restores `c` as the user and expects a refusal: exit 1, stderr returned; nothing was started. */
		async refusedRestore(c: Checkpointed, elevation: 'sudo' | 'pkexec'): Promise<string> {
			const cli = this.cli(['restore', '--bundle', c.bundle, '--image-path', c.imagePath, c.id], elevation);
			let err = '';
			cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
			const code = await withDeadline(new Promise<number | null>((r) => cli.on('close', r)), 30_000, 'the refused CLI');
			assert.equal(code, 1, err);
			assert.equal(await containerExists(c.id), false);
			return err;
		},
		/** Restores `c` as the user: the counter continues with the next tick; Ctrl-C ends it with 130, nothing left. */
		async restoreAndInterrupt(c: Checkpointed, elevation: 'sudo' | 'pkexec'): Promise<void> {
			const cli = this.cli(['restore', '--bundle', c.bundle, '--image-path', c.imagePath, c.id], elevation);
			let out = '';
			let err = '';
			cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
			cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
			const exit = new Promise<number | null>((r) => cli.on('close', r));
			const last = c.ticks[c.ticks.length - 1];
			await pollUntil(() => out.includes(`tick ${last + 2}\n`), 30_000, `ticks through ${elevation} (stderr: ${err})`);
			assert.ok(out.startsWith(`tick ${last + 1}\n`));
			// runuser does not pass SIGINT on (like su); Ctrl-C on a terminal reaches the CLI's own process.
			const cliNode = descendants(cli.pid!).find((p) => commOf(p) === 'node');
			assert.ok(cliNode, 'the CLI runs under runuser');
			process.kill(cliNode, 'SIGINT');
			assert.equal(await withDeadline(exit, 20_000, 'the CLI to exit'), 130, err);
			assert.equal(await containerExists(c.id), false);
		},
		/** Runs the installed CLI as the user, elevating through sudo (or pkexec). */
		cli(args: string[], elevation: 'sudo' | 'pkexec' = 'sudo') {
			return spawn('/usr/sbin/runuser', ['-u', user, '--', process.execPath, installed, ...args], {
				stdio: ['pipe', 'pipe', 'pipe'],
				env: { PATH: '/usr/bin:/bin', OCI_RESTORE_ELEVATION: elevation, OCI_RESTORE_HELPER: installed },
				cwd: '/',
			});
		},
	};
}

describe('elevation through sudo for a non-root user (real sudo, runc + CRIU)', () => {
	test('helper install: root-owned copy with the pty module, nothing group/world-writable', (t) => {
		if (!restorePrerequisites(t)) return;
		const f = elevationFixture(t);
		const walk = (p: string) => {
			const st = statSync(p);
			assert.equal(st.uid, 0, p);
			assert.equal(st.mode & 0o022, 0, `${p} mode ${(st.mode & 0o777).toString(8)}`);
			if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
		};
		walk(join(f.installed, '..'));
		assert.ok(existsSync(join(f.installed, '..', 'node_modules', '@lydell', 'node-pty', 'package.json')));
	});

	test('with a NOPASSWD rule for the installed helper only, the user restores; without it, the how-to-allow message', async (t) => {
		if (!restorePrerequisites(t)) return;
		if (!requirePrerequisite(t, which('sudo') !== undefined && existsSync('/usr/sbin/useradd') && existsSync('/usr/sbin/runuser'), 'sudo, useradd and runuser')) return;
		const f = elevationFixture(t);
		const c = await checkpointedCounter(t, { args: ['sh', '-c', TRAPPING_COUNTER] });

		const refusedErr = await f.refusedRestore(c, 'sudo');
		assert.match(refusedErr, /sudo refused/);
		assert.ok(refusedErr.includes(`${f.user} ALL=(root) NOPASSWD: ${process.execPath} ${f.installed} helper --stdio`), refusedErr);

		f.allow();
		await f.restoreAndInterrupt(c, 'sudo');
	});
});

describe('elevation through pkexec for a non-root user (real pkexec + polkitd, runc + CRIU)', () => {
	test('with the polkit rule helper install prints, the user restores; without it, the how-to-allow message', async (t) => {
		if (!restorePrerequisites(t)) return;
		if (!requirePrerequisite(t, PKEXEC !== undefined && POLKITD !== undefined && DBUS_DAEMON !== undefined && existsSync('/usr/sbin/runuser'), 'pkexec, polkitd and dbus-daemon')) return;
		await ensurePolkit(t);
		const f = elevationFixture(t);
		assert.match(f.polkitRule, /^\/\/ oci-restore: .*\npolkit\.addRule\(function \(action, subject\) \{/);
		assert.ok(f.polkitRule.includes(`subject.user === ${JSON.stringify(f.user)}`), f.polkitRule);
		assert.ok(f.polkitRule.includes(JSON.stringify(`${process.execPath} ${f.installed} helper --stdio`)), f.polkitRule);
		const c = await checkpointedCounter(t, { args: ['sh', '-c', TRAPPING_COUNTER] });

		// No agent in this session and no rule: pkexec cannot ask anyone and refuses.
		const refusedErr = await f.refusedRestore(c, 'pkexec');
		assert.match(refusedErr, /pkexec did not authorize the oci-restore helper \(status 12[67]/);
		assert.ok(refusedErr.includes(f.polkitRule), refusedErr);

		addPolkitRule(t, f.polkitRule);
		// polkitd reloads its rules directory on its own: wait until it authorizes the helper (stdin at EOF: it exits at once).
		await pollUntil(() => {
			const r = spawnSync('/usr/sbin/runuser', ['-u', f.user, '--', PKEXEC!, process.execPath, f.installed, 'helper', '--stdio'], { input: '', timeout: 20_000, env: { PATH: '/usr/bin:/bin' } });
			return r.status !== 126 && r.status !== 127;
		}, 30_000, 'polkitd to load the rule');

		await f.restoreAndInterrupt(c, 'pkexec');
	});
});
