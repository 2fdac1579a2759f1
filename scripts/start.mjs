// `npm start`: the product in a real VS Code, from a fresh clone after `npm ci`.
//   1. builds and packages the extension (scripts/package.mjs) and installs the .vsix into a
//      private code-server extensions dir;
//   2. prepares a demo workspace in .demo/workspace (gitignored, recreated on every start):
//      busybox/ (a clean bundle), broken-bundle/ (a config.json with lint errors) and, when root
//      with runc and CRIU, counter/ whose running counter container is checkpointed into
//      counter/checkpoint — ready for "Restore from Checkpoint";
//   3. starts code-server (scripts/setup-vscode.sh installs it) on 127.0.0.1:$PORT (8080 when
//      free, else a free port) with that workspace open, prints the URL, and stays in the
//      foreground until Ctrl-C; then it stops code-server's whole process group and removes the
//      containers it started and those still running from the demo bundles.
// Environment: PORT, OCI_RESTORE_CACHE (where setup-vscode.sh installed code-server).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Keep in sync with scripts/setup-vscode.sh and test/support/vscodePaths.ts.
const NODE_VERSION = '24.22.3';
const CODE_SERVER_VERSION = '4.139.1';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, '.demo');
const workspace = join(demo, 'workspace');
const cache = process.env.OCI_RESTORE_CACHE || join(homedir(), '.cache', 'oci-restore');
const csNode = join(cache, `node-v${NODE_VERSION}`, 'bin', 'node');
const csEntry = join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const isRoot = process.getuid?.() === 0;
const say = (msg) => console.log(`[start] ${msg}`);

function run(cmd, args, what) {
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) {
		console.error(`[start] ${what} failed (exit ${r.status ?? r.signal})`);
		process.exit(1);
	}
}

// --- code-server
if (!existsSync(csNode) || !existsSync(csEntry)) {
	if (!isRoot) {
		console.error(`[start] code-server ${CODE_SERVER_VERSION} is not installed in ${cache}.\n[start] Install it (Debian packages, Node ${NODE_VERSION}, code-server; ~3 min), then run npm start again:\n\n    sudo bash scripts/setup-vscode.sh\n`);
		process.exit(1);
	}
	say('code-server is not installed yet: running scripts/setup-vscode.sh (~3 min)');
	run('/bin/bash', [join(root, 'scripts', 'setup-vscode.sh')], 'scripts/setup-vscode.sh');
}

// --- build, package, install
say('building and packaging the extension');
mkdirSync(demo, { recursive: true });
const vsix = join(demo, 'oci-restore.vsix');
const pkg = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
if (pkg.status !== 0) {
	console.error('[start] packaging the extension failed');
	process.exit(1);
}
say(`packaged ${vsix} (${(JSON.parse(pkg.stdout).size / 1024).toFixed(0)} KiB)`);
const csHome = join(demo, 'code-server');
const dirs = {
	userData: join(csHome, 'user-data'),
	extensions: join(csHome, 'extensions'),
	config: join(csHome, 'xdg-config'),
	data: join(csHome, 'xdg-data'),
	cache: join(csHome, 'xdg-cache'),
	tmp: join(csHome, 'tmp'),
};
for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
mkdirSync(join(dirs.userData, 'User'), { recursive: true });
const settingsFile = join(dirs.userData, 'User', 'settings.json');
if (!existsSync(settingsFile)) {
	writeFileSync(settingsFile, JSON.stringify({
		'workbench.startupEditor': 'none',
		'update.mode': 'none',
		'remote.autoForwardPorts': false,
		'telemetry.telemetryLevel': 'off',
		'security.workspace.trust.enabled': false,
		'extensions.autoCheckUpdates': false,
		'git.openRepositoryInParentFolders': 'never',
		'chat.disableAIFeatures': true,
	}, null, '\t') + '\n');
}
const csEnv = {
	...process.env,
	EXTENSIONS_GALLERY: '{}',
	XDG_CONFIG_HOME: dirs.config,
	XDG_DATA_HOME: dirs.data,
	XDG_CACHE_HOME: dirs.cache,
	TMPDIR: dirs.tmp,
};
const csArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
const install = spawnSync(csNode, [csEntry, ...csArgs, '--force', '--install-extension', vsix], { cwd: root, env: csEnv, encoding: 'utf8' });
if (install.status !== 0) {
	console.error(`[start] installing the extension into code-server failed:\n${install.stdout}${install.stderr}`);
	process.exit(1);
}
say(`installed ${vsix} into code-server`);

// --- the privileged helper
// As root the helper refuses to run from a place a non-root user can write to (a clone under /tmp,
// say), so the demo does what users do: installs it into a root-owned directory (/run: tmpfs, gone
// at reboot) and points the machine-scoped ociRestore.helper.path setting at it. A code-server
// window is a remote window: machine-scoped settings live in the Machine settings file.
const machineSettings = {};
const demoHelperBase = '/run/oci-restore-demo';
if (isRoot) {
	mkdirSync(demoHelperBase, { recursive: true, mode: 0o755 });
	const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'helper', 'install', '--prefix', join(demoHelperBase, 'helper')], { cwd: root, encoding: 'utf8' });
	if (r.status !== 0) {
		console.error(`[start] installing the privileged helper failed:\n${r.stdout}${r.stderr}`);
		process.exit(1);
	}
	machineSettings['ociRestore.helper.path'] = join(demoHelperBase, 'helper', 'cli.js');
	say(`installed the privileged helper into ${join(demoHelperBase, 'helper')}`);
}
mkdirSync(join(dirs.userData, 'Machine'), { recursive: true });
writeFileSync(join(dirs.userData, 'Machine', 'settings.json'), JSON.stringify(machineSettings, null, '\t') + '\n');

// --- demo workspace
const bundleLib = await import('./lib/bundle.mjs');
rmSync(workspace, { recursive: true, force: true });
mkdirSync(workspace, { recursive: true });
const cleanConfig = (config) => {
	// runc spec's ambient set needs a matching inheritable set; the demo's clean bundle has both.
	const caps = config.process.capabilities;
	caps.inheritable = [...caps.permitted];
	return config;
};
const good = bundleLib.makeBusyboxBundle(join(workspace, 'busybox'), { args: ['/bin/sh'], terminal: true });
writeFileSync(good.configPath, JSON.stringify(cleanConfig(JSON.parse(readFileSync(good.configPath, 'utf8'))), null, '\t') + '\n');
const brokenFrom = join(root, 'test', 'fixtures', 'workspace', 'bad-bundle');
cpSync(brokenFrom, join(workspace, 'broken-bundle'), { recursive: true });
writeFileSync(join(workspace, 'README.md'), [
	'# oci-restore demo workspace',
	'',
	'- `busybox/config.json`: a clean bundle config; edit it to see the linter (hover, completion, quick fixes).',
	'- `broken-bundle/config.json`: a config with lint errors (see the Problems panel).',
	'- `counter/`: a counter container checkpointed into `counter/checkpoint` (when runc and CRIU are available):',
	'  run **OCI: Restore from Checkpoint** from the command palette and watch it continue counting.',
	'',
	'This folder is recreated by every `npm start`.',
	'',
].join('\n'));

const started = [];
const haveCriu = !!(process.env.OCI_RESTORE_CRIU || bundleLib.which('criu'));
if (isRoot && bundleLib.which('runc') && haveCriu) {
	const { bundle } = bundleLib.makeBusyboxBundle(join(workspace, 'counter'));
	writeFileSync(join(bundle, 'config.json'), JSON.stringify(cleanConfig(JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'))), null, '\t') + '\n');
	const id = bundleLib.uniqueId('demo-counter');
	started.push(id);
	say(`starting counter container ${id} and checkpointing it into counter/checkpoint`);
	try {
		const running = await bundleLib.startCounter({ id, bundle, waitTicks: 5 });
		try {
			await bundleLib.checkpoint({ id, imagePath: join(bundle, 'checkpoint'), workPath: join(demo, 'checkpoint-work') });
			await running.exited;
			say(`checkpointed after "tick ${Math.max(...running.ticks())}": restoring continues from the next tick`);
		} finally {
			await running.cleanup();
		}
	} catch (err) {
		console.error(`[start] the demo checkpoint failed (the lint demo still works): ${err?.message ?? err}`);
	}
} else {
	say('no checkpoint demo: it needs root with runc and CRIU (sudo npm run setup)');
}

// --- start code-server
async function portFree(port) {
	return new Promise((done) => {
		const srv = createServer();
		srv.once('error', () => done(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
	});
}
async function freePort() {
	return new Promise((done, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => done(port));
		});
	});
}
let port = Number(process.env.PORT || 0);
if (!port) port = (await portFree(8080)) ? 8080 : await freePort();
else if (!(await portFree(port))) {
	console.error(`[start] port ${port} (PORT) is in use on 127.0.0.1`);
	process.exit(1);
}
const cs = spawn(csNode, [
	csEntry, ...csArgs,
	'--bind-addr', `127.0.0.1:${port}`,
	'--auth', 'none',
	'--disable-telemetry',
	'--disable-update-check',
	'--disable-workspace-trust',
	workspace,
], { cwd: workspace, env: csEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let csLog = '';
cs.stdout.on('data', (d) => (csLog += d));
cs.stderr.on('data', (d) => (csLog += d));
const pgid = cs.pid;

let stopping = false;
async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	say('stopping code-server and cleaning up');
	try {
		process.kill(-pgid, 'SIGTERM');
	} catch { /* gone */ }
	const deadline = Date.now() + 5000;
	while (Date.now() < deadline && groupAlive(pgid)) await new Promise((r) => setTimeout(r, 100));
	if (groupAlive(pgid)) {
		try {
			process.kill(-pgid, 'SIGKILL');
		} catch { /* gone */ }
	}
	// Containers restored from the demo bundles during the session, and the ones started here.
	const ids = new Set(started);
	if (isRoot && bundleLib.which('runc')) {
		try {
			const { stdout } = await bundleLib.runc(['list', '--format', 'json']);
			for (const c of JSON.parse(stdout || '[]') ?? []) if (typeof c.bundle === 'string' && c.bundle.startsWith(workspace + '/')) ids.add(c.id);
		} catch { /* no runc state */ }
	}
	for (const id of ids) {
		await bundleLib.runcKillDelete(id).catch(() => undefined);
		if (!started.includes(id)) say(`removed container ${id}`);
	}
	// The installed helper copy is the demo's own: nothing of the demo stays behind as root.
	if (isRoot) rmSync(demoHelperBase, { recursive: true, force: true });
	process.exit(code);
}
function groupAlive(id) {
	try {
		process.kill(-id, 0);
		return true;
	} catch {
		return false;
	}
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
cs.on('exit', (code) => {
	if (!stopping) {
		console.error(`[start] code-server exited (${code}):\n${csLog.slice(-3000)}`);
		void shutdown(1);
	}
});

const origin = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 60_000;
for (;;) {
	try {
		if ((await fetch(`${origin}/healthz`)).ok) break;
	} catch { /* not yet */ }
	if (Date.now() > deadline) {
		console.error(`[start] code-server did not answer ${origin}/healthz within 60 s:\n${csLog.slice(-3000)}`);
		await shutdown(1);
	}
	await new Promise((r) => setTimeout(r, 200));
}
console.log(`\n  oci-restore demo in VS Code (code-server ${CODE_SERVER_VERSION}):\n\n    ${origin}/?folder=${encodeURI(workspace)}\n\n  (listening on 127.0.0.1 only; from another machine: ssh -L ${port}:127.0.0.1:${port} …)\n  Ctrl-C stops it.\n`);
