/**
 * A real polkit for elevation tests: the system D-Bus and polkitd, started here when they are not
 * running (and stopped again after the test), and rules files that are removed after the test.
 */
import type { TestContext } from 'node:test';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';

const BUS_SOCKET = '/run/dbus/system_bus_socket';
const BUS_PID_FILE = '/run/dbus/pid';
export const POLKITD = ['/usr/lib/polkit-1/polkitd', '/usr/libexec/polkitd'].find((p) => existsSync(p));
export const DBUS_DAEMON = ['/usr/bin/dbus-daemon', '/bin/dbus-daemon'].find((p) => existsSync(p));
export const PKEXEC = ['/usr/bin/pkexec'].find((p) => existsSync(p));

function busAnswers(): Promise<boolean> {
	return new Promise((resolve) => {
		const s = connect(BUS_SOCKET);
		s.once('connect', () => {
			s.destroy();
			resolve(true);
		});
		s.once('error', () => resolve(false));
	});
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Pids of running processes whose executable name is `comm`. */
function pidsNamed(comm: string): number[] {
	const out: number[] = [];
	for (const d of readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === comm) out.push(Number(d));
		} catch {
			// gone meanwhile
		}
	}
	return out;
}

/**
 * Makes sure a system bus and polkitd run; whatever this starts is stopped by PID after the test.
 * Throws when they cannot be started (the caller checks the binaries first).
 */
export async function ensurePolkit(t: TestContext): Promise<void> {
	if (!(await busAnswers())) {
		// A pid file left by a bus that is gone would make dbus-daemon refuse to start.
		if (existsSync(BUS_PID_FILE)) {
			const old = Number(readFileSync(BUS_PID_FILE, 'utf8').trim());
			if (!Number.isInteger(old) || !alive(old)) rmSync(BUS_PID_FILE, { force: true });
		}
		// In the foreground as our child, so that it is reaped when stopped (a forked daemon would end a zombie under PID 1).
		const bus = spawn(DBUS_DAEMON!, ['--system', '--nofork'], { stdio: ['ignore', 'ignore', 'pipe'] });
		let busErr = '';
		bus.stderr!.on('data', (d: Buffer) => (busErr += d.toString()));
		t.after(async () => {
			if (bus.exitCode === null && bus.signalCode === null) {
				const gone = new Promise((r) => bus.once('exit', r));
				bus.kill('SIGTERM');
				await gone;
			}
			rmSync(BUS_PID_FILE, { force: true });
			rmSync(BUS_SOCKET, { force: true });
		});
		const end = Date.now() + 20_000;
		while (!(await busAnswers())) {
			if (bus.exitCode !== null || Date.now() > end) throw new Error(`dbus-daemon --system did not start: ${busErr || `status ${bus.exitCode}`}`);
			await new Promise((r) => setTimeout(r, 20));
		}
	}
	if (pidsNamed('polkitd').length === 0) {
		const child = spawn(POLKITD!, ['--no-debug'], { stdio: 'ignore', detached: true });
		const pid = child.pid!;
		t.after(() => {
			if (alive(pid)) process.kill(pid, 'SIGTERM');
		});
		child.unref();
	}
}

/** Writes a polkit rules file (polkitd reloads its rules directory by itself); removed after the test. */
export function addPolkitRule(t: TestContext, text: string): string {
	const path = `/etc/polkit-1/rules.d/49-oci-restore-test-${randomBytes(4).toString('hex')}.rules`;
	writeFileSync(path, text + '\n', { mode: 0o644 });
	t.after(() => rmSync(path, { force: true }));
	return path;
}
