// Busybox OCI bundles and real runc containers for tests and for `npm start`'s demo.
// Plain Node ESM without a build step; test/support/bundle.ts gives it types.
//
// Facts this relies on (seen with runc 1.1.5 + CRIU 4.1.1):
// - a detached container whose stdio is a host FILE cannot be checkpointed (the file lies outside
//   the container's mounts), so containers get PIPES (or a pty) as stdio;
// - Node's 'pipe' stdio are unix socketpairs, which CRIU refuses to dump ("Unix socket … not
//   found") or to restore in place of a pipe; a FOREGROUND `runc run` / `runc restore` gives the
//   container real pipes of its own and copies between them and its stdio (on restore runc maps
//   the checkpointed pipes onto them through descriptors.json), so the counter continues there;
// - a killed foreground `runc restore` leaves the container running: callers always clean up with
//   runcKillDelete().
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { mountsUnder } from '../../server/src/common/mountsUnder.mjs';

export { mountsUnder };

/** The default process of a bundle: prints `tick N` every 200 ms, N from 0. */
export const COUNTER_SCRIPT = 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done';

/** Applets linked into the rootfs (each a symlink to /bin/busybox). */
export const BUSYBOX_APPLETS = [
	'sh', 'ash', 'sleep', 'echo', 'cat', 'stty', 'seq', 'dd', 'yes', 'head', 'tail', 'ls', 'ps', 'kill',
	'true', 'false', 'test', '[', 'printf', 'wc', 'tr', 'tee', 'env', 'id', 'mkdir', 'rm', 'touch', 'date',
	'grep', 'sed', 'awk', 'tty', 'od', 'xxd', 'timeout', 'usleep',
];

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Finds an executable by name on PATH (or the given absolute path) and returns its absolute path.
 * @param {string} name
 * @param {string} [pathEnv]
 * @returns {string | undefined}
 */
export function which(name, pathEnv = process.env.PATH ?? DEFAULT_PATH) {
	if (isAbsolute(name)) return isExecutable(name) ? name : undefined;
	for (const dir of pathEnv.split(delimiter)) {
		if (!dir || !isAbsolute(dir)) continue;
		const candidate = join(dir, name);
		if (isExecutable(candidate)) return candidate;
	}
	return undefined;
}

function isExecutable(p) {
	try {
		accessSync(p, constants.X_OK);
		return statSync(p).isFile();
	} catch {
		return false;
	}
}

/** Absolute path of runc, or an Error saying how to install it. */
export function runcPath() {
	const p = which('runc', `${process.env.PATH ?? ''}${delimiter}${DEFAULT_PATH}`);
	if (!p) throw new Error('runc not found in PATH (install with: sudo npm run setup)');
	return p;
}

/** The busybox binary the bundles copy (busybox-static, so it needs no libraries in the rootfs). */
export function busyboxPath() {
	for (const p of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(p)) return p;
	throw new Error('busybox not found (install with: sudo npm run setup, which installs busybox-static)');
}

/**
 * A container id that no other test or engineer uses: `<prefix>-<12 hex>`.
 * @param {string} [prefix]
 */
export function uniqueId(prefix = 'ocirt') {
	// test/run.mjs marks every id of one test run, so it can find what the run left behind.
	const run = /^[a-z0-9]{1,12}$/.test(process.env.OCI_RESTORE_TEST_RUN ?? '') ? process.env.OCI_RESTORE_TEST_RUN : '';
	return `${prefix}-${run}${randomBytes(6).toString('hex')}`;
}

/**
 * The config.json of a busybox bundle, shaped like `runc spec` output (runc 1.1).
 * @param {{ terminal?: boolean; args?: string[]; env?: string[]; readonlyRoot?: boolean; hostname?: string; cwd?: string }} [opts]
 */
export function busyboxConfig(opts = {}) {
	const caps = ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'];
	return {
		ociVersion: '1.0.2-dev',
		process: {
			terminal: opts.terminal ?? false,
			user: { uid: 0, gid: 0 },
			args: opts.args ?? ['/bin/sh', '-c', COUNTER_SCRIPT],
			env: opts.env ?? [`PATH=${DEFAULT_PATH}`, 'TERM=xterm'],
			cwd: opts.cwd ?? '/',
			// runc spec leaves out inheritable, so runc cannot raise the ambient set (and our linter warns).
			capabilities: { bounding: caps, effective: caps, inheritable: caps, permitted: caps, ambient: caps },
			rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
			noNewPrivileges: true,
		},
		root: { path: 'rootfs', readonly: opts.readonlyRoot ?? true },
		hostname: opts.hostname ?? 'runc',
		mounts: [
			{ destination: '/proc', type: 'proc', source: 'proc' },
			{ destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
			{ destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
			{ destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
			{ destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
			{ destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
			{ destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] },
		],
		linux: {
			resources: { devices: [{ allow: false, access: 'rwm' }] },
			namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
			maskedPaths: [
				'/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
				'/proc/timer_stats', '/proc/sched_debug', '/sys/firmware', '/proc/scsi',
			],
			readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
		},
	};
}

/**
 * Builds a runnable busybox bundle in `dir` (created if missing): rootfs/bin/busybox plus applet
 * symlinks, and a config.json whose process by default is the `tick N` counter.
 * @param {string} dir absolute bundle directory
 * @param {{ terminal?: boolean; args?: string[]; env?: string[]; readonlyRoot?: boolean; hostname?: string; files?: Record<string, string> }} [opts]
 *   `files`: extra rootfs files, path relative to rootfs → content.
 * @returns {{ bundle: string; rootfs: string; configPath: string }}
 */
export function makeBusyboxBundle(dir, opts = {}) {
	if (!isAbsolute(dir)) throw new Error(`bundle directory must be absolute: ${dir}`);
	const rootfs = join(dir, 'rootfs');
	for (const d of ['bin', 'proc', 'dev', 'sys', 'tmp', 'etc', 'root']) mkdirSync(join(rootfs, d), { recursive: true });
	copyFileSync(busyboxPath(), join(rootfs, 'bin', 'busybox'));
	for (const applet of BUSYBOX_APPLETS) {
		const link = join(rootfs, 'bin', applet);
		if (!existsSync(link)) symlinkSync('busybox', link);
	}
	writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
	writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\ntty:x:5:\n');
	for (const [rel, content] of Object.entries(opts.files ?? {})) {
		const p = join(rootfs, rel);
		mkdirSync(join(p, '..'), { recursive: true });
		writeFileSync(p, content);
	}
	const configPath = join(dir, 'config.json');
	writeFileSync(configPath, `${JSON.stringify(busyboxConfig(opts), null, '\t')}\n`);
	return { bundle: dir, rootfs, configPath };
}

/**
 * Runs runc with an argument array (never a shell) and resolves with its output; rejects with an
 * Error carrying stdout, stderr and code when it exits non-zero.
 * @param {string[]} args
 * @param {{ cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }} [opts]
 * @returns {Promise<{ stdout: string; stderr: string }>}
 */
export function runc(args, opts = {}) {
	return new Promise((resolve, reject) => {
		execFile(runcPath(), args, { cwd: opts.cwd, timeout: opts.timeoutMs ?? 60_000, env: opts.env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
			if (err) {
				const e = new Error(`runc ${args.join(' ')} failed: ${stderr.trim() || err.message}`);
				Object.assign(e, { stdout, stderr, code: err.code });
				reject(e);
			} else resolve({ stdout, stderr });
		});
	});
}

function rootArgs(root) {
	return root ? ['--root', root] : [];
}

/**
 * Output collected from a process, with a deadline-bound wait on its content.
 */
class OutputBuffer {
	constructor() {
		this.text = '';
		this.waiters = new Set();
		this.ended = false;
	}
	push(chunk) {
		this.text += chunk.toString('utf8');
		this.check();
	}
	end() {
		this.ended = true;
		this.check();
	}
	check() {
		for (const w of [...this.waiters]) w();
	}
	/**
	 * Resolves with the whole output once `pred(text)` holds; rejects at the deadline or when the
	 * stream ends without it.
	 */
	waitFor(pred, timeoutMs, what) {
		return new Promise((resolve, reject) => {
			const done = (err) => {
				clearTimeout(timer);
				this.waiters.delete(waiter);
				if (err) reject(err);
				else resolve(this.text);
			};
			const waiter = () => {
				if (pred(this.text)) done();
				else if (this.ended) done(new Error(`output ended before ${what}; output so far:\n${this.text.slice(-2000)}`));
			};
			const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; output so far:\n${this.text.slice(-2000)}`)), timeoutMs);
			this.waiters.add(waiter);
			waiter();
		});
	}
}

/** Every `tick N` number in the text, in order. */
export function parseTicks(text) {
	return [...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
}

/**
 * Attaches the common handle API to a process whose output is collected in `out`.
 */
function makeHandle({ id, root, out, write, closeStdin, child, exited }) {
	return {
		id,
		root,
		child,
		exited,
		output: () => out.text,
		ticks: () => parseTicks(out.text),
		waitFor: (pred, timeoutMs = 10_000, what = 'the expected output') =>
			out.waitFor(typeof pred === 'function' ? pred : (t) => (pred instanceof RegExp ? pred.test(t) : t.includes(pred)), timeoutMs, what),
		waitForTicks: (n, timeoutMs = 10_000) => out.waitFor((t) => parseTicks(t).length >= n, timeoutMs, `${n} ticks`).then(() => parseTicks(out.text)),
		write,
		closeStdin,
		async cleanup() {
			await runcKillDelete(id, { root });
			try { closeStdin(); } catch { /* already closed */ }
			if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		},
	};
}

/**
 * Starts a real container from `bundle` with runc and waits until it has printed `waitTicks` ticks.
 * Pipe mode (`terminal: false`): `runc run ID` in the foreground; runc gives the container real
 * pipes and copies them to ours, so stdin stays open until closeStdin() and the output arrives
 * until the container ends (runc exits with it; a checkpoint ends it too).
 * TTY mode (`terminal: true`, the bundle must say so too): `runc run ID` in the foreground on a
 * pty (node-pty), so runc proxies the container's console to it.
 * @param {{ id: string; bundle: string; terminal?: boolean; root?: string; waitTicks?: number; timeoutMs?: number; cols?: number; rows?: number }} opts
 */
export async function startCounter(opts) {
	const { id, bundle, root } = opts;
	const waitTicks = opts.waitTicks ?? 3;
	const timeoutMs = opts.timeoutMs ?? 15_000;
	const out = new OutputBuffer();
	let handle;
	if (opts.terminal) {
		const pty = await loadPty();
		const term = pty.spawn(runcPath(), [...rootArgs(root), 'run', id], {
			name: 'xterm', cols: opts.cols ?? 80, rows: opts.rows ?? 24, cwd: bundle, env: { PATH: DEFAULT_PATH, TERM: 'xterm' },
		});
		let exitInfo;
		const exited = new Promise((resolve) => term.onExit((e) => { exitInfo = e; out.end(); resolve(e); }));
		term.onData((d) => out.push(Buffer.from(d)));
		handle = makeHandle({
			id, root, out, exited,
			child: { get exitCode() { return exitInfo ? exitInfo.exitCode : null; }, signalCode: null, kill: (s) => { try { term.kill(s); } catch { /* gone */ } } },
			write: (d) => term.write(typeof d === 'string' ? d : d.toString('utf8')),
			closeStdin: () => term.write('\x04'),
		});
		handle.pty = term;
		handle.resize = (cols, rows) => term.resize(cols, rows);
	} else {
		// Node's 'pipe' stdio are socketpairs, and CRIU refuses to dump a process holding a unix
		// socket whose peer is outside the container. A foreground (non-detached) `runc run` gives
		// the container real pipes of its own and copies between them and its stdio.
		const child = spawn(runcPath(), [...rootArgs(root), 'run', id], { cwd: bundle, stdio: ['pipe', 'pipe', 'pipe'] });
		child.stdout.on('data', (d) => out.push(d));
		child.stderr.on('data', (d) => out.push(d));
		const runcExit = new Promise((resolve) => child.on('close', (code, signal) => { out.end(); resolve({ code, signal }); }));
		handle = makeHandle({
			id, root, out, child, exited: runcExit,
			write: (d) => child.stdin.write(d),
			closeStdin: () => child.stdin.end(),
		});
	}
	try {
		await handle.waitForTicks(waitTicks, timeoutMs);
	} catch (err) {
		await handle.cleanup();
		throw err;
	}
	return handle;
}

let ptyModule;
/** node-pty (the pty library VS Code uses); a dynamic import works both as ESM and bundled to CommonJS. */
async function loadPty() {
	if (!ptyModule) {
		const m = await import('@lydell/node-pty');
		ptyModule = m.default ?? m;
	}
	return ptyModule;
}

/**
 * Checkpoints a running container with raw runc (test setup; the product goes through the helper).
 * On failure the error quotes dump.log's Error lines.
 * @param {{ id: string; imagePath: string; workPath?: string; leaveRunning?: boolean; root?: string; extra?: string[] }} opts
 */
export async function checkpoint(opts) {
	const args = [...rootArgs(opts.root), 'checkpoint', '--image-path', opts.imagePath];
	if (opts.workPath) args.push('--work-path', opts.workPath);
	if (opts.leaveRunning) args.push('--leave-running');
	args.push(...(opts.extra ?? []), opts.id);
	mkdirSync(opts.imagePath, { recursive: true });
	if (opts.workPath) mkdirSync(opts.workPath, { recursive: true });
	try {
		await runc(args, { timeoutMs: 120_000 });
	} catch (err) {
		const log = join(opts.workPath ?? opts.imagePath, 'dump.log');
		const errors = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => / Error \(/.test(l) && !/RLIMIT_NOFILE/.test(l)) : [];
		err.message += errors.length ? `\n${log}:\n${errors.join('\n')}` : '';
		throw err;
	}
	return { imagePath: opts.imagePath, workPath: opts.workPath ?? opts.imagePath };
}

/**
 * Raw `runc restore` in the foreground with stdio on pipes (or a pty with `terminal: true`);
 * resolves once the process started (or failed). Test setup and comparison only.
 * @param {{ id: string; bundle: string; imagePath: string; workPath?: string; root?: string; extra?: string[]; terminal?: boolean }} opts
 */
export async function restoreRaw(opts) {
	const args = [...rootArgs(opts.root), 'restore', '--image-path', opts.imagePath];
	if (opts.workPath) args.push('--work-path', opts.workPath);
	args.push(...(opts.extra ?? []), opts.id);
	const out = new OutputBuffer();
	if (opts.terminal) {
		const term = (await loadPty()).spawn(runcPath(), args, { name: 'xterm', cols: 80, rows: 24, cwd: opts.bundle, env: { PATH: process.env.PATH ?? DEFAULT_PATH, TERM: 'xterm' } });
		let exitInfo;
		const exited = new Promise((resolve) => term.onExit((e) => { exitInfo = e; out.end(); resolve({ code: e.exitCode, signal: e.signal }); }));
		term.onData((d) => out.push(Buffer.from(d)));
		const h = makeHandle({
			id: opts.id, root: opts.root, out, exited,
			child: { get exitCode() { return exitInfo ? exitInfo.exitCode : null; }, signalCode: null, kill: (s) => { try { term.kill(s); } catch { /* gone */ } } },
			write: (d) => term.write(typeof d === 'string' ? d : d.toString('utf8')),
			closeStdin: () => term.write('\x04'),
		});
		h.pty = term;
		h.resize = (cols, rows) => term.resize(cols, rows);
		return h;
	}
	const child = spawn(runcPath(), args, { cwd: opts.bundle, stdio: ['pipe', 'pipe', 'pipe'] });
	child.stdout.on('data', (d) => out.push(d));
	child.stderr.on('data', (d) => out.push(d));
	const exited = new Promise((resolve) => child.on('close', (code, signal) => { out.end(); resolve({ code, signal }); }));
	return makeHandle({ id: opts.id, root: opts.root, out, child, exited, write: (d) => child.stdin.write(d), closeStdin: () => child.stdin.end() });
}

/**
 * Kills and deletes a container; quiet when it does not exist. A state directory left by a
 * killed restore (runc then says "container does not exist" and cannot delete it) is removed
 * too, after unmounting its `criu-root` bind mount.
 * @param {string} id
 * @param {{ root?: string }} [opts]
 */
export async function runcKillDelete(id, opts = {}) {
	const r = rootArgs(opts.root);
	const stateDir = join(opts.root ?? '/run/runc', id);
	await runc([...r, 'kill', id, 'KILL']).catch(() => undefined);
	// A killed restore leaves the rootfs bind-mounted on <state>/criu-root. Unmount everything under
	// the state directory BEFORE anything removes it: runc 1.1.5's `delete -f` of a state dir without
	// state.json removes it recursively, which would delete the bundle's rootfs through the mount.
	await unmountUnder(stateDir);
	await runc([...r, 'delete', '-f', id]).catch(() => undefined);
	if (existsSync(stateDir)) {
		await unmountUnder(stateDir);
		if (mountsUnder(stateDir).length > 0) throw new Error(`cannot remove ${stateDir}: still mounted: ${mountsUnder(stateDir).join(', ')}`);
		rmSync(stateDir, { recursive: true, force: true });
	}
}

/** Unmounts every mount at or below `dir`, deepest first (lazily when busy). */
async function unmountUnder(dir) {
	for (const m of mountsUnder(dir)) {
		const ok = await new Promise((resolve) => execFile('/bin/umount', [m], (err) => resolve(!err)));
		if (!ok) await new Promise((resolve) => execFile('/bin/umount', ['-l', m], () => resolve(undefined)));
	}
}

/** Whether runc has state for `id` (`runc state ID` succeeds). */
export async function containerExists(id, opts = {}) {
	try {
		await runc([...rootArgs(opts.root), 'state', id]);
		return true;
	} catch {
		return false;
	}
}
