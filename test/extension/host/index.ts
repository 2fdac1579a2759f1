/**
 * The extension-host test entry (what `extensionTestsPath` points at): runs inside the real VS Code
 * extension host and runs the mocha suites test/extension/host/*.suite.ts, built next to it. The
 * node:test side (test/support/hostParams.ts) picks the suites and passes fixture paths.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { readHostParams } from '../../support/hostParams';

type MochaCtor = new (options: Record<string, unknown>) => {
	addFile(file: string): void;
	run(done: (failures: number) => void): void;
};

/** Called by VS Code once the extension under development is loaded; rejects when a test failed. */
export async function run(): Promise<void> {
	const params = readHostParams();
	// mocha stays out of the bundle: it loads reporters and interfaces dynamically.
	const repo = resolve(__dirname, '..', '..', '..', '..');
	const Mocha = createRequire(join(repo, 'package.json'))('mocha') as MochaCtor;
	const mocha = new Mocha({ ui: 'bdd', color: false, timeout: params.timeoutMs ?? 60_000, reporter: 'spec', grep: params.grep });
	const available = existsSync(__dirname) ? readdirSync(__dirname).filter((f) => f.endsWith('.suite.js')).sort() : [];
	const wanted = params.suites?.length ? available.filter((f) => params.suites!.includes(f.replace(/\.suite\.js$/, ''))) : available;
	if (params.suites?.length && wanted.length !== params.suites.length) {
		throw new Error(`suites not found: wanted ${params.suites.join(', ')}; built: ${available.join(', ')}`);
	}
	for (const f of wanted) mocha.addFile(join(__dirname, f));
	const failures = await new Promise<number>((done) => mocha.run(done));
	if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
