import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { TestConnection, pullCapabilities, pushCapabilities, waitFor } from './TestConnection';
import { cleanSpec, positionOf, tmpBundle, type TmpBundle } from './tmpBundle';

function withCwd(cwd: string): Record<string, any> {
	const c = cleanSpec();
	c.process.cwd = cwd;
	return c;
}

function byCode(diagnostics: Diagnostic[], code: string): Diagnostic | undefined {
	return diagnostics.find((d) => d.code === code);
}

describe('diagnostics over pull', () => {
	let lsp: TestConnection;
	let bundle: TmpBundle;
	let unrelated: TmpBundle;
	before(async () => {
		lsp = new TestConnection();
		const result = (await lsp.initialize(pullCapabilities)) as { capabilities: { diagnosticProvider?: unknown } };
		assert.ok(result.capabilities.diagnosticProvider, 'a pull-capable client gets a diagnostic provider');
		bundle = tmpBundle();
		unrelated = tmpBundle({ rootfs: false });
	});
	after(() => {
		lsp.dispose();
		bundle.remove();
		unrelated.remove();
	});

	test('a config.json next to its rootfs is linted, with code, link, source, exact range and fixes', async () => {
		const text = bundle.write(withCwd('work'));
		await lsp.open(bundle.uri, text);
		const diagnostics = await lsp.pull(bundle.uri);
		const cwd = byCode(diagnostics, 'process-cwd-absolute');
		assert.ok(cwd, `expected process-cwd-absolute in ${JSON.stringify(diagnostics.map((d) => d.code))}`);
		assert.equal(cwd.severity, DiagnosticSeverity.Error);
		assert.equal(cwd.source, 'oci');
		assert.match(cwd.codeDescription?.href ?? '', /^https:\/\/github\.com\/opencontainers\/runtime-spec\/blob\/.+config\.md/);
		const at = text.indexOf('"work"');
		assert.deepEqual(cwd.range, { start: positionOf(text, at), end: positionOf(text, at + '"work"'.length) });
		const data = cwd.data as { version: number; fixes: { title: string; edits: unknown[] }[] };
		assert.equal(data.version, 1);
		assert.ok(data.fixes.length >= 1 && data.fixes[0].edits.length >= 1, 'the fix travels in Diagnostic.data');
		await waitFor('an errors status', () => lsp.statuses.find((s) => s.uri === bundle.uri && s.state === 'errors' && s.errors >= 1));
	});

	test('a change is seen by the next pull, and a clean config reports ok', async () => {
		const text = JSON.stringify(withCwd('/'), null, '\t');
		await lsp.change(bundle.uri, 2, text);
		const diagnostics = await lsp.pull(bundle.uri);
		assert.equal(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length, 0, JSON.stringify(diagnostics));
		await waitFor('an ok status', () => lsp.statuses.find((s) => s.uri === bundle.uri && s.state !== 'errors'));
	});

	test('an unrelated config.json (no rootfs, no ociVersion) gets an empty report', async () => {
		const text = unrelated.write({ process: { cwd: 'relative' }, compilerOptions: { strict: true } });
		await lsp.open(unrelated.uri, text);
		assert.deepEqual(await lsp.pull(unrelated.uri), []);
		await waitFor('an off status', () => lsp.statuses.find((s) => s.uri === unrelated.uri && s.state === 'off'));
		assert.equal(await lsp.hover(unrelated.uri, { line: 0, character: 3 }), null);
		assert.deepEqual(await lsp.completion(unrelated.uri, { line: 0, character: 1 }), []);
	});

	test('a document of another name is linted when its top level has ociVersion', async () => {
		const uri = 'untitled:Untitled-1';
		await lsp.open(uri, JSON.stringify(withCwd('rel'), null, '\t'));
		assert.ok(byCode(await lsp.pull(uri), 'process-cwd-absolute'));
		const nested = 'untitled:Untitled-2';
		await lsp.open(nested, JSON.stringify({ meta: { ociVersion: '1.0.2' }, process: { cwd: 'rel' } }));
		assert.deepEqual(await lsp.pull(nested), [], 'a nested ociVersion does not make a bundle config');
	});

	test('syntax errors are reported with their range', async () => {
		const uri = 'untitled:broken';
		const text = '{\n\t"ociVersion": "1.2.0",\n\t"root": {"path": "rootfs",}\n}';
		await lsp.open(uri, text);
		const diagnostics = await lsp.pull(uri);
		const syntax = diagnostics.find((d) => String(d.code).startsWith('parse-'));
		assert.ok(syntax, JSON.stringify(diagnostics));
		assert.equal(syntax.severity, DiagnosticSeverity.Error);
		assert.equal(syntax.range.start.line, 2);
	});

	test('closing a document reports it off', async () => {
		await lsp.close('untitled:broken');
		await waitFor('an off status after close', () => {
			const last = lsp.statuses.filter((s) => s.uri === 'untitled:broken').pop();
			return last?.state === 'off' ? last : undefined;
		});
	});
});

describe('settings', () => {
	let lsp: TestConnection;
	let bundle: TmpBundle;
	const rules: Record<string, string> = {};
	let settings: Record<string, unknown> = {};
	before(async () => {
		lsp = new TestConnection();
		lsp.settings = () => ({ ...settings, rules });
		await lsp.initialize(pullCapabilities);
		bundle = tmpBundle();
		await lsp.open(bundle.uri, bundle.write(withCwd('rel')));
	});
	after(() => {
		lsp.dispose();
		bundle.remove();
	});

	test('settings are asked per resource for section ociRestore and cached', async () => {
		assert.ok(byCode(await lsp.pull(bundle.uri), 'process-cwd-absolute'));
		await lsp.pull(bundle.uri);
		const mine = lsp.configurationRequests.filter((r) => r.scopeUri === bundle.uri);
		assert.equal(mine.length, 1, 'asked once, then cached');
		assert.equal(mine[0].section, 'ociRestore');
	});

	test('a configuration change clears the cache and asks the client to pull again', async () => {
		rules['process-cwd-absolute'] = 'off';
		const refreshes = lsp.refreshRequests;
		await lsp.configurationChanged();
		await waitFor('a diagnostics refresh request', () => (lsp.refreshRequests > refreshes ? true : undefined));
		assert.equal(byCode(await lsp.pull(bundle.uri), 'process-cwd-absolute'), undefined, 'rule turned off');
		rules['process-cwd-absolute'] = 'hint';
		await lsp.configurationChanged();
		assert.equal(byCode(await lsp.pull(bundle.uri), 'process-cwd-absolute')?.severity, DiagnosticSeverity.Hint, 'rule re-graded');
	});

	test('lint.enable false and bundleDetection decide what is linted', async () => {
		settings = { enable: false };
		await lsp.configurationChanged();
		assert.deepEqual(await lsp.pull(bundle.uri), []);
		settings = { bundleDetection: 'rootfs' };
		await lsp.configurationChanged();
		const untitled = 'untitled:detect';
		await lsp.open(untitled, JSON.stringify(withCwd('rel')));
		assert.deepEqual(await lsp.pull(untitled), [], "'rootfs' ignores an ociVersion-only document");
		assert.ok((await lsp.pull(bundle.uri)).length > 0, "'rootfs' lints config.json next to rootfs");
		settings = { bundleDetection: 'ociVersion', rules: 'garbage', specVersion: 42 };
		await lsp.configurationChanged();
		assert.ok((await lsp.pull(untitled)).length > 0, "'ociVersion' lints it; mistyped settings fall back to defaults");
	});
});

describe('bundle detection follows root.path', () => {
	test('a config.json whose root.path names an existing directory is linted, without ociVersion', async () => {
		const bundle = tmpBundle({ rootfs: 'fs' });
		const lsp = new TestConnection();
		try {
			await lsp.initialize(pullCapabilities);
			const c = withCwd('rel');
			delete c.ociVersion;
			c.root.path = 'fs';
			await lsp.open(bundle.uri, bundle.write(c));
			assert.ok(byCode(await lsp.pull(bundle.uri), 'process-cwd-absolute'));
			c.root.path = 'missing';
			await lsp.change(bundle.uri, 2, JSON.stringify(c));
			assert.deepEqual(await lsp.pull(bundle.uri), [], 'no rootfs directory and no ociVersion: not a bundle config');
		} finally {
			lsp.dispose();
			bundle.remove();
		}
	});
});

describe('diagnostics over push (client without pull support)', () => {
	let lsp: TestConnection;
	let bundle: TmpBundle;
	before(async () => {
		lsp = new TestConnection();
		const result = (await lsp.initialize(pushCapabilities, { diagnosticDelayMs: 200 })) as { capabilities: { diagnosticProvider?: unknown } };
		assert.equal(result.capabilities.diagnosticProvider, undefined);
		bundle = tmpBundle();
	});
	after(() => {
		lsp.dispose();
		bundle.remove();
	});

	test('open pushes diagnostics, with default settings (no workspace/configuration)', async () => {
		await lsp.open(bundle.uri, bundle.write(withCwd('rel')));
		const pushed = await waitFor('pushed diagnostics', () => lsp.latestPushed(bundle.uri));
		assert.ok(byCode(pushed.diagnostics, 'process-cwd-absolute'));
		assert.equal(pushed.version, 1);
		assert.equal(lsp.configurationRequests.length, 0);
	});

	test('a burst of changes is debounced and only the last version is published', async () => {
		const since = lsp.published.length;
		for (let v = 2; v <= 6; v++) await lsp.change(bundle.uri, v, JSON.stringify(withCwd(v === 6 ? '/ok' : `rel${v}`), null, '\t'));
		const pushed = await waitFor('diagnostics of version 6', () => {
			const p = lsp.latestPushed(bundle.uri, since);
			return p?.version === 6 ? p : undefined;
		});
		assert.equal(byCode(pushed.diagnostics, 'process-cwd-absolute'), undefined);
		const versions = lsp.published.slice(since).filter((p) => p.uri === bundle.uri).map((p) => p.version);
		assert.deepEqual(versions, [6], 'stale versions are never published');
	});

	test('closing clears the diagnostics', async () => {
		await lsp.change(bundle.uri, 7, JSON.stringify(withCwd('rel7')));
		await waitFor('diagnostics of version 7', () => (lsp.latestPushed(bundle.uri)?.version === 7 ? true : undefined));
		const since = lsp.published.length;
		await lsp.close(bundle.uri);
		const pushed = await waitFor('cleared diagnostics', () => lsp.latestPushed(bundle.uri, since));
		assert.deepEqual(pushed.diagnostics, []);
	});

	test('a JSON file that is not a bundle config gets no diagnostics messages at all', async () => {
		const since = lsp.published.length;
		await lsp.open('untitled:package.json', '{"name": "x", "version": "1.0.0"}');
		await lsp.open('untitled:marker-2', JSON.stringify(withCwd('rel')));
		await waitFor('the marker', () => lsp.latestPushed('untitled:marker-2', since));
		await lsp.close('untitled:package.json');
		await lsp.change('untitled:marker-2', 2, JSON.stringify(withCwd('rel2')));
		await waitFor('the marker again', () => (lsp.latestPushed('untitled:marker-2', since)?.version === 2 ? true : undefined));
		assert.deepEqual(lsp.published.slice(since).filter((p) => p.uri === 'untitled:package.json'), []);
	});

	test('closing before the debounce fires publishes nothing stale', async () => {
		await lsp.open('untitled:marker', JSON.stringify(withCwd('rel')));
		await waitFor('the marker', () => lsp.latestPushed('untitled:marker'));
		await lsp.open(bundle.uri, JSON.stringify(withCwd('rel')), 10);
		await waitFor('the reopened document', () => (lsp.latestPushed(bundle.uri)?.version === 10 ? true : undefined));
		const since = lsp.published.length;
		await lsp.change(bundle.uri, 11, JSON.stringify(withCwd('rel2')));
		await lsp.close(bundle.uri);
		// The marker's debounce timer starts after the closed document's would have: once the marker
		// is published, a timer left running for the closed document would have fired already.
		await lsp.change('untitled:marker', 2, JSON.stringify(withCwd('rel3')));
		await waitFor('the marker again', () => (lsp.latestPushed('untitled:marker', since)?.version === 2 ? true : undefined));
		const published = lsp.published.slice(since).filter((p) => p.uri === bundle.uri);
		assert.deepEqual(published.map((p) => p.diagnostics.length), [0], 'only the clearing on close');
	});
});
