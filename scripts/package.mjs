// `npm run package`: builds the production bundles and packages the extension as a .vsix with
// vsce, offline (no repository or marketplace lookups), then prints the .vsix path, its size and
// what it holds. vsce runs `vscode:prepublish` (node esbuild.mjs --production) itself; .vscodeignore
// is an allow-list, so only dist/, syntaxes/, resources/, the node-pty runtime, package.json,
// README and LICENSE go in. The package targets linux-x64: it ships node-pty's linux-x64 binaries.
//   node scripts/package.mjs [--out FILE] [--json]
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const json = argv.includes('--json');
const outArg = argv.indexOf('--out');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = outArg >= 0 ? resolve(argv[outArg + 1]) : join(root, `${manifest.name}-${manifest.version}.vsix`);

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = [vsce, 'package', '--target', 'linux-x64', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: json ? ['ignore', 'ignore', 'inherit'] : 'inherit', env: { ...process.env, VSCE_TELEMETRY: 'false' } });
if (r.status !== 0) {
	console.error(`package: vsce package failed (exit ${r.status ?? r.signal})`);
	process.exit(1);
}

const entries = zipEntries(readFileSync(out));
const size = statSync(out).size;
if (json) {
	console.log(JSON.stringify({ path: out, size, files: entries }));
} else {
	const groups = new Map();
	for (const e of entries) {
		const name = e.name.replace(/^extension\//, '');
		const key = name.startsWith('node_modules/') ? name.split('/').slice(0, 3).join('/') : name.includes('/') ? name.split('/')[0] + '/' : name;
		const g = groups.get(key) ?? { files: 0, bytes: 0 };
		g.files++;
		g.bytes += e.size;
		groups.set(key, g);
	}
	console.log('\ncontents (uncompressed):');
	for (const [key, g] of [...groups].sort()) console.log(`  ${key.padEnd(44)} ${String(g.files).padStart(4)} file(s) ${kib(g.bytes).padStart(10)}`);
	console.log(`\n${relative(process.cwd(), out) || out}  ${kib(size)} (${size} bytes, ${entries.length} files)`);
	console.log(`install: code --install-extension ${out}`);
}

function kib(n) {
	return `${(n / 1024).toFixed(1)} KiB`;
}

/** Names and uncompressed sizes from a zip's central directory. */
function zipEntries(buf) {
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new Error('not a zip file');
	const count = buf.readUInt16LE(eocd + 10);
	let p = buf.readUInt32LE(eocd + 16);
	const list = [];
	for (let i = 0; i < count; i++) {
		if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip central directory');
		const size = buf.readUInt32LE(p + 24);
		const nameLen = buf.readUInt16LE(p + 28);
		const extraLen = buf.readUInt16LE(p + 30);
		const commentLen = buf.readUInt16LE(p + 32);
		list.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
		p += 46 + nameLen + extraLen + commentLen;
	}
	return list;
}
