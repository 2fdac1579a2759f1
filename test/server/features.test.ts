import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, CodeActionKind, InsertTextFormat, type CompletionItem, type Diagnostic, type MarkupContent } from 'vscode-languageserver/node';
import { TestConnection, pullCapabilities, pushCapabilities } from './TestConnection';
import { hasTopLevelOciVersion, lintText } from '../../server/src/lint';
import { applyEdits, cleanSpec, positionOf } from './tmpBundle';

/** A tab-indented clean config; `edit` adjusts it first. */
function configText(edit: (c: Record<string, any>) => void = () => undefined): string {
	const c = cleanSpec();
	edit(c);
	return JSON.stringify(c, null, '\t');
}

/** The text with `|` removed, and the position where it was. */
function cursor(marked: string): { text: string; position: { line: number; character: number } } {
	const at = marked.indexOf('|');
	assert.ok(at >= 0, 'the text marks the cursor with |');
	return { text: marked.slice(0, at) + marked.slice(at + 1), position: positionOf(marked, at) };
}

function labels(items: CompletionItem[]): string[] {
	return items.map((i) => i.label);
}

let counter = 0;
function uniqueUri(): string {
	return `untitled:features-${++counter}`;
}

describe('hover', () => {
	let lsp: TestConnection;
	const uri = uniqueUri();
	let text: string;
	before(async () => {
		lsp = new TestConnection();
		await lsp.initialize(pullCapabilities);
		text = configText((c) => {
			c.ociVersion = '1.2.0';
			c.linux.seccomp = { defaultAction: 'SCMP_ACT_ERRNO' };
		});
		await lsp.open(uri, text);
	});
	after(() => lsp.dispose());

	test('on a key: the field documentation and the spec link, over the key range', async () => {
		const at = text.indexOf('"cwd"') + 2;
		const h = await lsp.hover(uri, positionOf(text, at));
		assert.ok(h);
		const value = (h.contents as MarkupContent).value;
		assert.equal((h.contents as MarkupContent).kind, 'markdown');
		assert.match(value, /absolute path/);
		assert.match(value, /\(https:\/\/github\.com\/opencontainers\/runtime-spec\/blob\/v1\.2\.1\/config\.md#process\)/);
		const start = text.indexOf('"cwd"');
		assert.deepEqual(h.range, { start: positionOf(text, start), end: positionOf(text, start + 5) });
	});

	test('on an enum-like value: what the value means', async () => {
		const cap = await lsp.hover(uri, positionOf(text, text.indexOf('"CAP_KILL"') + 3));
		assert.match((cap?.contents as MarkupContent).value, /^`CAP_KILL`: .*signal/i);
		const ns = await lsp.hover(uri, positionOf(text, text.indexOf('"pid"') + 2));
		assert.match((ns?.contents as MarkupContent).value, /^`pid`: /);
		const action = await lsp.hover(uri, positionOf(text, text.indexOf('"SCMP_ACT_ERRNO"') + 2));
		assert.match((action?.contents as MarkupContent).value, /^`SCMP_ACT_ERRNO`: /);
	});

	test('on a sysctl key: the namespace it needs, or that runc refuses it', async () => {
		const other = uniqueUri();
		const t = '{"ociVersion": "1.2.0", "linux": {"sysctl": {"net.ipv4.ip_forward": "1", "kernel.shmmax": "1", "vm.swappiness": "10"}}}';
		await lsp.open(other, t);
		const net = await lsp.hover(other, positionOf(t, t.indexOf('net.ipv4') + 1));
		assert.match((net?.contents as MarkupContent).value, /^`net\.ipv4\.ip_forward`: .*network namespace/);
		const ipc = await lsp.hover(other, positionOf(t, t.indexOf('kernel.shmmax') + 1));
		assert.match((ipc?.contents as MarkupContent).value, /IPC namespace/);
		const vm = await lsp.hover(other, positionOf(t, t.indexOf('vm.swappiness') + 1));
		assert.match((vm?.contents as MarkupContent).value, /runc refuses/);
	});

	test('nothing on punctuation or an unknown key', async () => {
		assert.equal(await lsp.hover(uri, { line: 0, character: 0 }), null);
		const other = uniqueUri();
		const t = '{"ociVersion": "1.2.0", "madeUp": 1}';
		await lsp.open(other, t);
		assert.equal(await lsp.hover(other, positionOf(t, t.indexOf('madeUp'))), null);
	});

	test('hover works while the text has a syntax error', async () => {
		const broken = uniqueUri();
		const { text: t, position } = cursor('{"ociVersion": "1.2.0", "process": {"c|wd": "/", }, "x"');
		await lsp.open(broken, t);
		const h = await lsp.hover(broken, position);
		assert.match((h?.contents as MarkupContent | undefined)?.value ?? '', /absolute path/);
	});
});

describe('completion', () => {
	let lsp: TestConnection;
	before(async () => {
		lsp = new TestConnection();
		await lsp.initialize(pullCapabilities);
	});
	after(() => lsp.dispose());

	async function complete(marked: string): Promise<{ items: CompletionItem[]; text: string }> {
		const { text, position } = cursor(marked);
		const uri = uniqueUri();
		await lsp.open(uri, text);
		return { items: await lsp.completion(uri, position), text };
	}

	test('keys in an empty object, with snippet skeletons', async () => {
		const { items } = await complete('{"ociVersion": "1.2.0", "process": {|}}');
		const names = labels(items);
		for (const k of ['cwd', 'args', 'env', 'capabilities', 'rlimits']) assert.ok(names.includes(k), `${k} in ${names}`);
		assert.ok(!names.includes('hostname'), 'root keys do not belong in process');
		const cwd = items.find((i) => i.label === 'cwd');
		assert.equal(cwd?.insertTextFormat, InsertTextFormat.Snippet);
		assert.equal((cwd?.textEdit as { newText: string }).newText, '"cwd": "${1:/}"');
	});

	test('a key whose value comes from a list reopens suggestions for the value', async () => {
		const ns = await complete('{"ociVersion": "1.2.0", "linux": {"namespaces": [{|}]}}');
		const type = ns.items.find((i) => i.label === 'type');
		assert.equal((type?.textEdit as { newText: string }).newText, '"type": "$1"');
		assert.equal(type?.command?.command, 'editor.action.triggerSuggest');
		const caps = await complete('{"ociVersion": "1.2.0", "process": {"capabilities": {|}}}');
		assert.equal(caps.items.find((i) => i.label === 'bounding')?.command?.command, 'editor.action.triggerSuggest');
		const process = await complete('{"ociVersion": "1.2.0", "process": {|}}');
		assert.equal(process.items.find((i) => i.label === 'terminal')?.command, undefined, 'a boolean has its choice snippet');
		assert.equal(process.items.find((i) => i.label === 'cwd')?.command, undefined, 'a free string has nothing to suggest');
	});

	test('keys already present are not offered; a half-typed key is replaced whole', async () => {
		const { items, text } = await complete('{"ociVersion": "1.2.0", "hostname": "h", "ro|"}');
		const names = labels(items);
		assert.ok(!names.includes('ociVersion') && !names.includes('hostname'));
		const root = items.find((i) => i.label === 'root');
		assert.ok(root);
		assert.equal(root.filterText, '"root"');
		const edit = root.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
		assert.equal(text.slice(edit.range.start.character, edit.range.end.character), '"ro"');
		assert.match(edit.newText, /^"root": \{/);
	});

	test('a key followed by a colon inserts only the key; a following member gets a comma', async () => {
		const colon = await complete('{"ociVersion": "1.2.0", "hostn|": "x"}');
		assert.equal((colon.items.find((i) => i.label === 'hostname')?.textEdit as { newText: string }).newText, '"hostname"');
		const comma = await complete('{"ociVersion": "1.2.0", | "hostname": "x"}');
		assert.match((comma.items.find((i) => i.label === 'domainname')?.textEdit as { newText: string }).newText, /^"domainname": ".*",$/);
	});

	test('values after a colon: namespace types, quoted', async () => {
		const { items } = await complete('{"ociVersion": "1.2.0", "linux": {"namespaces": [{"type": |}]}}');
		const pid = items.find((i) => i.label === 'pid');
		assert.ok(pid, JSON.stringify(labels(items)));
		assert.equal((pid.textEdit as { newText: string }).newText, '"pid"');
		for (const t of ['network', 'mount', 'ipc', 'uts', 'user', 'cgroup']) assert.ok(labels(items).includes(t));
	});

	test('values inside a string replace the string, filtered with the quote', async () => {
		const { items, text } = await complete('{"ociVersion": "1.2.0", "linux": {"seccomp": {"defaultAction": "SCMP_ACT_E|"}}}');
		const errno = items.find((i) => i.label === 'SCMP_ACT_ERRNO');
		assert.ok(errno);
		assert.equal(errno.filterText, '"SCMP_ACT_ERRNO"');
		const edit = errno.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
		assert.equal(text.slice(edit.range.start.character, edit.range.end.character), '"SCMP_ACT_E"');
		assert.ok(labels(items).includes('SCMP_ACT_NOTIFY'));
	});

	test('values in an array: capability names, minus those already listed', async () => {
		const { items } = await complete('{"ociVersion": "1.2.0", "process": {"capabilities": {"bounding": ["CAP_KILL", |]}}}');
		const names = labels(items);
		assert.ok(names.includes('CAP_SYS_ADMIN') && names.includes('CAP_CHOWN'));
		assert.ok(!names.includes('CAP_KILL'), 'already in the set');
		assert.match(String((items[0].documentation as MarkupContent).value), /\w/);
	});

	test('rlimit types, seccomp architectures and operators, mount types and options, signals, propagation, booleans', async () => {
		const cases: [string, string][] = [
			['{"ociVersion": "1.2.0", "process": {"rlimits": [{"type": "|"}]}}', 'RLIMIT_NOFILE'],
			['{"ociVersion": "1.2.0", "linux": {"seccomp": {"architectures": [|]}}}', 'SCMP_ARCH_X86_64'],
			['{"ociVersion": "1.2.0", "linux": {"seccomp": {"syscalls": [{"args": [{"op": |}]}]}}}', 'SCMP_CMP_EQ'],
			['{"ociVersion": "1.2.0", "mounts": [{"type": "|"}]}', 'tmpfs'],
			['{"ociVersion": "1.2.0", "mounts": [{"options": ["nosuid", |]}]}', 'nodev'],
			['{"ociVersion": "1.2.0", "root": {"readonly": |}}', 'true'],
			['{"ociVersion": "1.2.0", "annotations": {"org.opencontainers.image.stopSignal": "|"}}', 'SIGTERM'],
			['{"ociVersion": "1.2.0", "linux": {"rootfsPropagation": |}}', 'unbindable'],
		];
		for (const [marked, expected] of cases) {
			const { items } = await complete(marked);
			assert.ok(labels(items).includes(expected), `${expected} at ${marked}: ${labels(items).slice(0, 8)}`);
		}
		const { items } = await complete('{"ociVersion": "1.2.0", "root": {"readonly": |}}');
		assert.equal((items.find((i) => i.label === 'true')?.textEdit as { newText: string }).newText, 'true');
	});

	test('nothing after a complete value or outside the document', async () => {
		assert.deepEqual(labels((await complete('{"ociVersion": "1.2.0"|}')).items), []);
		assert.deepEqual(labels((await complete('{"ociVersion": "1.2.0", "hostname": 12|}')).items), []);
	});

	test('a client without snippet support gets plain text', async () => {
		const plain = new TestConnection();
		try {
			await plain.initialize(pushCapabilities);
			const { text, position } = cursor('{"ociVersion": "1.2.0", "process": {|}}');
			await plain.open('untitled:plain', text);
			const items = await plain.completion('untitled:plain', position);
			const user = items.find((i) => i.label === 'user');
			assert.equal(user?.insertTextFormat, InsertTextFormat.PlainText);
			assert.equal((user?.textEdit as { newText: string }).newText, '"user": {\n\t"uid": 0,\n\t"gid": 0\n}');
		} finally {
			plain.dispose();
		}
	});
});

describe('quick fixes', () => {
	let lsp: TestConnection;
	before(async () => {
		lsp = new TestConnection();
		await lsp.initialize(pullCapabilities);
	});
	after(() => lsp.dispose());

	/** Opens `text`, applies the preferred fix of the diagnostic `code`, and returns the fixed text and its diagnostics. */
	async function fix(text: string, code: string, expectTitle: RegExp): Promise<{ fixed: string; diagnostics: Diagnostic[] }> {
		const uri = uniqueUri();
		await lsp.open(uri, text);
		const diagnostic = (await lsp.pull(uri)).find((d) => d.code === code);
		assert.ok(diagnostic, `expected ${code}`);
		const actions = await lsp.codeActions(uri, diagnostic.range, [diagnostic]);
		assert.equal(actions.length, 1, JSON.stringify(actions));
		const action = actions[0];
		assert.equal(action.kind, CodeActionKind.QuickFix);
		assert.equal(action.isPreferred, true);
		assert.match(action.title, expectTitle);
		assert.deepEqual(action.diagnostics, [diagnostic]);
		const fixed = applyEdits(text, action.edit?.changes?.[uri] ?? []);
		await lsp.change(uri, 2, fixed);
		return { fixed, diagnostics: await lsp.pull(uri) };
	}

	const cases: [string, (c: Record<string, any>) => void, RegExp, (fixed: Record<string, any>) => void][] = [
		['process-cwd-absolute', (c) => (c.process.cwd = 'work'), /\/work/, (f) => assert.equal(f.process.cwd, '/work')],
		['capability-unknown', (c) => c.process.capabilities.bounding.push('CAP_SYS_ADMN'), /CAP_SYS_ADMIN/, (f) => assert.ok(f.process.capabilities.bounding.includes('CAP_SYS_ADMIN'))],
		['unknown-key', (c) => (c.procss = {}), /process/, (f) => assert.equal(f.procss, undefined)],
		['namespace-uts-required', (c) => (c.linux.namespaces = c.linux.namespaces.filter((n: { type: string }) => n.type !== 'uts')), /uts/, (f) => assert.ok(f.linux.namespaces.some((n: { type: string }) => n.type === 'uts'))],
		['capability-duplicate', (c) => c.process.capabilities.bounding.push('CAP_KILL'), /CAP_KILL/, (f) => assert.equal(f.process.capabilities.bounding.filter((x: string) => x === 'CAP_KILL').length, 1)],
		['oci-version-semver', (c) => (c.ociVersion = '1.2'), /1\.2\.0/, (f) => assert.equal(f.ociVersion, '1.2.0')],
	];
	for (const [code, breakIt, title, check] of cases) {
		test(`${code}: the preferred fix repairs it`, async () => {
			const { fixed, diagnostics } = await fix(configText(breakIt), code, title);
			check(JSON.parse(fixed));
			assert.equal(diagnostics.find((d) => d.code === code), undefined, `${code} is gone`);
		});
	}

	test('a duplicate key: remove the earlier one', async () => {
		const text = configText().replace('"terminal": true,', '"terminal": true,\n\t\t"terminal": false,');
		const { fixed, diagnostics } = await fix(text, 'duplicate-key', /terminal/);
		assert.equal((fixed.match(/"terminal"/g) ?? []).length, 1);
		assert.equal(diagnostics.find((d) => d.code === 'duplicate-key'), undefined);
	});

	test('diagnostics of an older version get the fixes of the current text', async () => {
		const uri = uniqueUri();
		const text = configText((c) => (c.process.cwd = 'work'));
		await lsp.open(uri, text);
		const diagnostic = (await lsp.pull(uri)).find((d) => d.code === 'process-cwd-absolute');
		assert.ok(diagnostic);
		// Insert a line at the end: the diagnostic keeps its range, its data's version is now stale.
		await lsp.change(uri, 2, text + '\n');
		const actions = await lsp.codeActions(uri, diagnostic.range, [diagnostic]);
		assert.equal(actions.length, 1);
		assert.equal(JSON.parse(applyEdits(text + '\n', actions[0].edit?.changes?.[uri] ?? [])).process.cwd, '/work');
		const foreign = { ...diagnostic, source: 'json' };
		assert.deepEqual(await lsp.codeActions(uri, diagnostic.range, [foreign]), [], 'other sources are not ours to fix');
	});
});

describe('robustness', () => {
	let lsp: TestConnection;
	before(async () => {
		lsp = new TestConnection();
		await lsp.initialize(pullCapabilities);
	});
	after(() => lsp.dispose());

	test('a request cancelled by the client is answered RequestCancelled', async () => {
		const uri = uniqueUri();
		await lsp.open(uri, configText());
		for (const method of ['textDocument/hover', 'textDocument/completion']) {
			const source = new CancellationTokenSource();
			const pending = lsp.client.sendRequest(method, { textDocument: { uri }, position: { line: 1, character: 3 } }, source.token);
			source.cancel();
			await assert.rejects(pending, (err: { code?: number }) => err.code === -32800, method);
		}
		const source = new CancellationTokenSource();
		const pull = lsp.client.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
		source.cancel();
		await assert.rejects(pull, (err: { code?: number }) => err.code === -32800);
		assert.ok((await lsp.pull(uri)).length === 0, 'the server still answers afterwards');
	});

	test('fuzz: random edits at random positions never make a handler fail', async () => {
		// A seeded generator, so a failure can be replayed.
		const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100000);
		let state = seed;
		const random = (): number => {
			state = (state + 0x6d2b79f5) | 0;
			let t = Math.imul(state ^ (state >>> 15), 1 | state);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
		const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '"ociVersion"', '"CAP_', '1e999', '-', 'null', ' ', '\n', '\t', '"\u00e9', '\ud83d\ude00', '"mounts": [', '"type": "', '/*', '0x1', '"\u0000'];
		const uri = uniqueUri();
		let text = configText();
		let version = 1;
		await lsp.open(uri, text, version);
		const logsBefore = lsp.logs.length;
		for (let i = 0; i < 250; i++) {
			const start = Math.floor(random() * (text.length + 1));
			const end = Math.min(text.length, start + (random() < 0.5 ? 0 : Math.floor(random() * 12)));
			const insert = random() < 0.3 ? '' : pieces[Math.floor(random() * pieces.length)];
			const range = { start: positionOf(text, start), end: positionOf(text, end) };
			text = text.slice(0, start) + insert + text.slice(end);
			await lsp.change(uri, ++version, insert, range);
			const at = positionOf(text, Math.floor(random() * (text.length + 1)));
			const diagnostics = await lsp.pull(uri);
			const [h, c, a] = await Promise.all([
				lsp.hover(uri, at),
				lsp.completion(uri, at),
				lsp.codeActions(uri, { start: at, end: at }, diagnostics.slice(0, 5)),
			]);
			assert.ok(h === null || typeof h === 'object');
			assert.ok(Array.isArray(c) && Array.isArray(a));
			for (const action of a) {
				// Every fix must apply cleanly to the current text.
				applyEdits(text, action.edit?.changes?.[uri] ?? []);
			}
		}
		const errors = lsp.logs.slice(logsBefore).filter((l) => /Error while/.test(l));
		assert.deepEqual(errors, [], `seed ${seed}`);
		// The server's copy, built from 250 incremental edits, is the text we hold.
		const expected = hasTopLevelOciVersion(text) ? lintText(text).diagnostics.map((d) => d.code) : [];
		assert.deepEqual((await lsp.pull(uri)).map((d) => d.code), expected, `seed ${seed}`);
	});
});
