import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType, type ClientCapabilities, type Diagnostic } from 'vscode-languageserver/node';
import { TestConnection, pullCapabilities, pushCapabilities, waitFor } from './TestConnection';
import { cleanSpec, tmpBundle, type TmpBundle } from './tmpBundle';

interface Registration {
	method: string;
	registerOptions?: { watchers?: { globPattern: string | { baseUri: string; pattern: string } }[] };
}

const watching = { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } };

/** A TestConnection whose client accepts and records dynamic registrations. */
async function start(capabilities: ClientCapabilities, initializationOptions?: unknown): Promise<{ lsp: TestConnection; registrations: Registration[] }> {
	const lsp = new TestConnection();
	const registrations: Registration[] = [];
	lsp.client.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
		registrations.push(...params.registrations);
		return null;
	});
	await lsp.initialize({ ...capabilities, workspace: { ...capabilities.workspace, ...watching } }, initializationOptions);
	return { lsp, registrations };
}

/** A bundle whose process runs /bin/app, which the rootfs does not have (yet). */
function writeMissingExec(bundle: TmpBundle): string {
	const c = cleanSpec();
	c.process.args = ['/bin/app'];
	return bundle.write(c);
}

function codes(diagnostics: Diagnostic[]): unknown[] {
	return diagnostics.map((d) => d.code);
}

function watchedDirs(registrations: Registration[]): string[] {
	return registrations
		.filter((r) => r.method === 'workspace/didChangeWatchedFiles')
		.flatMap((r) => r.registerOptions?.watchers ?? [])
		.map((w) => (typeof w.globPattern === 'string' ? w.globPattern : w.globPattern.baseUri));
}

describe('bundle files changing on disk', () => {
	let bundle: TmpBundle;
	before(() => {
		bundle = tmpBundle();
	});
	after(() => bundle.remove());

	test('pull: the bundle directory is watched, and a file created in the rootfs refreshes the diagnostics', async () => {
		const { lsp, registrations } = await start(pullCapabilities);
		try {
			const text = writeMissingExec(bundle);
			await lsp.open(bundle.uri, text);
			assert.ok(codes(await lsp.pull(bundle.uri)).includes('bundle-exec-not-found'));
			const dirUri = pathToFileURL(bundle.dir).href;
			await waitFor('a watcher on the bundle directory', () => (watchedDirs(registrations).includes(dirUri) ? true : undefined));
			// The same document version pulled again is still cached as it was: nothing told the server yet.
			const app = join(bundle.dir, 'rootfs', 'bin', 'app');
			writeFileSync(app, '#!/bin/true\n', { mode: 0o755 });
			const refreshes = lsp.refreshRequests;
			await lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(app).href, type: FileChangeType.Created }] });
			await waitFor('a diagnostics refresh', () => (lsp.refreshRequests > refreshes ? true : undefined));
			assert.ok(!codes(await lsp.pull(bundle.uri)).includes('bundle-exec-not-found'), 'the new /bin/app is seen without an edit');
			assert.equal(watchedDirs(registrations).filter((d) => d === dirUri).length, 1, 'one registration per bundle directory');
		} finally {
			lsp.dispose();
		}
	});

	test('push: files created and deleted in the rootfs re-publish the diagnostics of the unchanged document', async () => {
		const { lsp } = await start(pushCapabilities, { diagnosticDelayMs: 20 });
		const fresh = tmpBundle();
		try {
			await lsp.open(fresh.uri, writeMissingExec(fresh));
			const first = await waitFor('first push', () => lsp.latestPushed(fresh.uri));
			assert.ok(codes(first.diagnostics).includes('bundle-exec-not-found'));
			const app = join(fresh.dir, 'rootfs', 'bin', 'app');
			mkdirSync(join(fresh.dir, 'rootfs', 'bin'), { recursive: true });
			writeFileSync(app, '#!/bin/true\n', { mode: 0o755 });
			let since = lsp.published.length;
			await lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(app).href, type: FileChangeType.Created }] });
			const cleared = await waitFor('a push after the creation', () => lsp.latestPushed(fresh.uri, since));
			assert.ok(!codes(cleared.diagnostics).includes('bundle-exec-not-found'), JSON.stringify(codes(cleared.diagnostics)));
			since = lsp.published.length;
			rmSync(app);
			await lsp.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(app).href, type: FileChangeType.Deleted }] });
			const back = await waitFor('a push after the deletion', () => lsp.latestPushed(fresh.uri, since));
			assert.ok(codes(back.diagnostics).includes('bundle-exec-not-found'), JSON.stringify(codes(back.diagnostics)));
		} finally {
			lsp.dispose();
			fresh.remove();
		}
	});

	test('diagnosticMode push: a pull-capable client gets pushed diagnostics and no diagnostic provider', async () => {
		const fresh = tmpBundle();
		const lsp = new TestConnection();
		try {
			const result = (await lsp.initialize(pullCapabilities, { diagnosticMode: 'push', diagnosticDelayMs: 20 })) as { capabilities: { diagnosticProvider?: unknown } };
			assert.equal(result.capabilities.diagnosticProvider, undefined);
			await lsp.open(fresh.uri, writeMissingExec(fresh));
			const pushed = await waitFor('a push on open', () => lsp.latestPushed(fresh.uri));
			assert.ok(codes(pushed.diagnostics).includes('bundle-exec-not-found'));
		} finally {
			lsp.dispose();
			fresh.remove();
		}
	});
});
