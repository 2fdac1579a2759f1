import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { repoRoot } from './tmpBundle';

test('the bundled dist/server.js serves initialize and pull diagnostics over stdio', async () => {
	const server = join(repoRoot, 'dist', 'server.js');
	assert.ok(existsSync(server), 'dist/server.js is built (node esbuild.mjs)');
	const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
	const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
	connection.listen();
	// A server that crashes (e.g. a module the bundle could not resolve) fails the test instead of hanging it.
	let exitedEarly: (err: Error) => void = () => undefined;
	const crashed = new Promise<never>((_, reject) => (exitedEarly = reject));
	const onEarlyExit = (code: number | null) => exitedEarly(new Error(`dist/server.js exited with ${code}: ${stderr}`));
	child.once('exit', onEarlyExit);
	const answer = <T>(p: Promise<T>): Promise<T> => Promise.race([p, crashed]);
	try {
		const init = (await answer(connection.sendRequest('initialize', {
			processId: process.pid,
			rootUri: null,
			capabilities: { textDocument: { diagnostic: {} } },
		}))) as { capabilities: { diagnosticProvider?: unknown; hoverProvider?: boolean } };
		assert.ok(init.capabilities.diagnosticProvider);
		assert.equal(init.capabilities.hoverProvider, true);
		await connection.sendNotification('initialized', {});
		const uri = 'untitled:smoke';
		await connection.sendNotification('textDocument/didOpen', {
			textDocument: { uri, languageId: 'json', version: 1, text: '{"ociVersion": "1.2.0", "root": {"path": "rootfs"}, "process": {"cwd": "rel", "args": ["sh"], "user": {"uid": 0, "gid": 0}}}' },
		});
		const report = (await answer(connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }))) as { items: { code: string }[] };
		assert.ok(report.items.some((d) => d.code === 'process-cwd-absolute'), JSON.stringify(report.items));
		await answer(connection.sendRequest('shutdown'));
		child.off('exit', onEarlyExit);
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		await connection.sendNotification('exit');
		assert.equal(await exited, 0, stderr);
	} finally {
		connection.dispose();
		if (child.exitCode === null) child.kill();
	}
});
