/**
 * Settings sent by the client (initializationOptions.settings, then didChangeConfiguration
 * params.settings.ociRestore), as the extension does: the first lint of a document waits for no
 * workspace/configuration round trip and runs once; folder settings apply per folder; a change
 * re-lints only when something changed. Counted through ociRestore/serverStats.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type ClientCapabilities, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { ServerStats } from '../../server/src/common/lspProtocol';
import { defaultServerSettings, type ServerSettings } from '../../server/src/common/settings';
import { SettingsCache, coerceSnapshot, type SettingsSnapshot } from '../../server/src/languageServer/settingsCache';
import { TestConnection, waitFor } from './TestConnection';
import { cleanSpec, tmpBundle, type TmpBundle } from './tmpBundle';

/** What VS Code's client announces, with our push mode (the extension's client options). */
const vscodeLike: ClientCapabilities = {
	workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
	textDocument: { diagnostic: { dynamicRegistration: true }, publishDiagnostics: { versionSupport: true } },
};

const CWD = 'process-cwd-absolute';

function relativeCwd(cwd: string): string {
	const c = cleanSpec();
	c.process.cwd = cwd;
	return JSON.stringify(c, null, '\t');
}

function settings(rules: ServerSettings['rules'] = {}): ServerSettings {
	return { ...defaultServerSettings, rules };
}

function cwdDiagnostic(ds: Diagnostic[]): Diagnostic | undefined {
	return ds.find((d) => d.code === CWD);
}

async function stats(lsp: TestConnection): Promise<ServerStats> {
	return lsp.client.sendRequest('ociRestore/serverStats');
}

describe('settings sent by the client', () => {
	let lsp: TestConnection;
	let inFolder: TmpBundle;
	let outside: TmpBundle;
	let folderUri: string;
	let marker = 0;

	/** Opens a throw-away document and waits for its diagnostics: anything scheduled before it has run. */
	async function settle(): Promise<void> {
		const uri = `untitled:marker-${++marker}`;
		await lsp.open(uri, relativeCwd('rel'));
		await waitFor(`the ${uri} diagnostics`, () => lsp.latestPushed(uri));
		await lsp.close(uri);
	}

	before(async () => {
		inFolder = tmpBundle();
		outside = tmpBundle();
		folderUri = pathToFileURL(inFolder.dir).href;
		lsp = new TestConnection();
		lsp.settings = () => ({ rules: { [CWD]: 'information' } });
		const snapshot: SettingsSnapshot = { window: settings(), folders: [{ uri: folderUri, settings: settings({ [CWD]: 'off' }) }] };
		await lsp.initialize(vscodeLike, { diagnosticMode: 'push', diagnosticDelayMs: 20, settings: snapshot });
	});
	after(() => {
		lsp.dispose();
		inFolder.remove();
		outside.remove();
	});

	test('the first lint of an opened document asks nothing and runs once; the folder setting applies inside its folder only', async () => {
		await lsp.open(outside.uri, outside.write(relativeCwd('rel')));
		const pushed = await waitFor('diagnostics of the bundle outside the folder', () => lsp.latestPushed(outside.uri));
		assert.equal(cwdDiagnostic(pushed.diagnostics)?.severity, DiagnosticSeverity.Error, 'window settings: the rule keeps its severity');
		await lsp.open(inFolder.uri, inFolder.write(relativeCwd('rel')));
		await waitFor('the status of the bundle in the folder', () => lsp.statuses.find((s) => s.uri === inFolder.uri));
		await settle();
		assert.equal(lsp.latestPushed(inFolder.uri), undefined, "the folder's settings turn the rule off: nothing to publish");
		assert.equal(lsp.configurationRequests.length, 0, 'no workspace/configuration request');
		const s = await stats(lsp);
		assert.equal(s.configurationRequests, 0);
		assert.equal(s.lints[outside.uri], 1, 'one lint for one open');
		assert.equal(s.lints[inFolder.uri], 1, 'one lint for one open');
		assert.equal(lsp.published.filter((p) => p.uri === outside.uri).length, 1, 'published once');
		const lint = s.events.find((e) => e.what.startsWith(`lint ${outside.uri} v1`));
		assert.ok(lint, s.events.map((e) => e.what).join('\n'));
		assert.match(lint.what, /settings initialize/);
		const opened = s.events.find((e) => e.what === `open ${outside.uri} v1`);
		assert.ok(opened && opened.at <= lint.at && lint.at >= s.startedAt, 'milestones in order, in epoch ms');
	});

	test('a changed snapshot re-lints with the new settings; the same snapshot again re-lints nothing', async () => {
		const since = lsp.published.length;
		const next: SettingsSnapshot = { window: settings({ [CWD]: 'hint' }), folders: [{ uri: folderUri, settings: settings({ [CWD]: 'off' }) }] };
		await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: { ociRestore: next } });
		const pushed = await waitFor('the re-graded diagnostic', () => {
			const p = lsp.latestPushed(outside.uri, since);
			return p && cwdDiagnostic(p.diagnostics)?.severity === DiagnosticSeverity.Hint ? p : undefined;
		});
		assert.ok(pushed);
		await settle();
		const before = await stats(lsp);
		assert.equal(before.lints[outside.uri], 2);
		await lsp.client.sendNotification('workspace/didChangeConfiguration', { settings: { ociRestore: JSON.parse(JSON.stringify(next)) } });
		await settle();
		const after = await stats(lsp);
		assert.equal(after.lints[outside.uri], 2, 'unchanged settings: no lint');
		assert.equal(after.lints[inFolder.uri], before.lints[inFolder.uri]);
		assert.ok(after.events.some((e) => e.what === 'settings from the client (unchanged)'));
		assert.equal(lsp.configurationRequests.length, 0);
	});

	test('a change without settings (another client) falls back to workspace/configuration per document', async () => {
		const since = lsp.published.length;
		await lsp.configurationChanged();
		const pushed = await waitFor('diagnostics with the requested settings', () => {
			const p = lsp.latestPushed(outside.uri, since);
			return p && cwdDiagnostic(p.diagnostics)?.severity === DiagnosticSeverity.Information ? p : undefined;
		});
		assert.ok(pushed);
		assert.ok(lsp.configurationRequests.some((r) => r.scopeUri === outside.uri && r.section === 'ociRestore'));
		assert.ok((await stats(lsp)).configurationRequests > 0);
	});
});

describe('a server started before any document', () => {
	test('warms the lint code up while idle, which counts as no lint of any document', async () => {
		const lsp = new TestConnection();
		try {
			await lsp.initialize(vscodeLike, { diagnosticMode: 'push', settings: { window: settings(), folders: [] } });
			const warmedUp = (s: ServerStats): boolean => s.events.some((e) => e.what.startsWith('warm-up lint'));
			let last = await stats(lsp);
			for (const deadline = Date.now() + 5000; !warmedUp(last) && Date.now() < deadline; ) {
				await new Promise((r) => setTimeout(r, 20));
				last = await stats(lsp);
			}
			assert.ok(warmedUp(last), JSON.stringify(last.events));
			assert.deepEqual(last.lints, {});
			assert.equal(lsp.published.length, 0, 'nothing published for the sample');
		} finally {
			lsp.dispose();
		}
	});
});

describe('resolving a document against the snapshot', () => {
	// No message is ever sent while a snapshot is in use: the connection is never touched.
	const cache = (): SettingsCache => new SettingsCache({} as Connection, () => true);
	const folder = (uri: string, rules: ServerSettings['rules']): { uri: string; settings: ServerSettings } => ({ uri, settings: settings(rules) });

	test('the innermost folder wins; a folder matches at a path boundary only; outside every folder the window settings apply', async () => {
		const snapshot = coerceSnapshot({
			window: settings({ a: 'hint' }),
			folders: [folder('file:///ws', { a: 'off' }), folder('file:///ws/nested/', { a: 'warning' })],
		});
		assert.ok(snapshot);
		const c = cache();
		c.useSnapshot(snapshot, 'initialize');
		assert.equal((await c.get('file:///ws/b/config.json')).rules.a, 'off');
		assert.equal((await c.get('file:///ws/nested/b/config.json')).rules.a, 'warning', 'nested folder, trailing slash ignored');
		assert.equal((await c.get('file:///wsx/config.json')).rules.a, 'hint', 'a sibling with the same prefix is outside');
		assert.equal((await c.get('untitled:x')).rules.a, 'hint');
		assert.equal(c.source(), 'initialize');
	});

	test('what is not a snapshot is refused; mistyped fields take defaults', () => {
		assert.equal(coerceSnapshot(null), undefined);
		assert.equal(coerceSnapshot({ enable: false }), undefined, "a plain settings object (what synchronize sends) is not a snapshot");
		const s = coerceSnapshot({ window: { enable: 'no', bundleDetection: 'bogus' }, folders: [{ uri: 42 }, { uri: 'file:///w', settings: { rules: { x: 'loud', y: 'off' } } }] });
		assert.deepEqual(s, { window: defaultServerSettings, folders: [{ uri: 'file:///w', settings: { ...defaultServerSettings, rules: { y: 'off' } } }] });
	});

	test('an equal snapshot changes nothing and keeps the settings objects (cached lints stay valid); a changed folder gets a new one', async () => {
		const c = cache();
		c.useSnapshot(coerceSnapshot({ window: settings(), folders: [folder('file:///a', {}), folder('file:///b', {})] })!, 'initialize');
		const before = await c.get('file:///a/config.json');
		const other = await c.get('file:///b/config.json');
		assert.equal(c.useSnapshot(coerceSnapshot({ window: settings(), folders: [folder('file:///a', {}), folder('file:///b', {})] })!, 'change'), false);
		assert.equal(await c.get('file:///a/config.json'), before, 'same object');
		assert.equal(c.useSnapshot(coerceSnapshot({ window: settings(), folders: [folder('file:///a', { r: 'off' }), folder('file:///b', {})] })!, 'change'), true);
		assert.notEqual(await c.get('file:///a/config.json'), before);
		assert.equal(await c.get('file:///b/config.json'), other, 'the unchanged folder keeps its object');
		assert.equal(c.source(), 'change');
	});
});
