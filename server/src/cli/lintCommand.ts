/**
 * `oci-restore lint`: lints bundle configs with the same engine as the language server.
 * Kept to the engine, node:fs and the formatters so a cold run costs little more than starting node.
 */
import { readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintBytes } from '../lint';
import type { FileReport } from './lint/fileReport';
import { formatJson } from './lint/formatJson';
import { formatSarif } from './lint/formatSarif';
import { formatText } from './lint/formatText';
import { lintUsage, parseLintArgs, UsageError, type LintArgs } from './lint/parseLintArgs';
import { describe, resolveLintTarget } from './lint/resolveLintTarget';

/** Runs `oci-restore lint ARGV`; resolves to the exit status (0 clean, 1 errors, 2 usage or I/O). */
export async function main(argv: string[]): Promise<number> {
	let args: LintArgs;
	try {
		args = parseLintArgs(argv);
	} catch (err) {
		if (!(err instanceof UsageError)) throw err;
		process.stderr.write(`oci-restore lint: ${err.message}\nRun 'oci-restore lint --help' for usage.\n`);
		return 2;
	}
	if (args.help) {
		await write(lintUsage + '\n');
		return 0;
	}

	const inputs: { shown: string; bytes: Uint8Array }[] = [];
	const problems: string[] = [];
	for (const path of args.paths) {
		const target = resolveLintTarget(path);
		if (!target.ok) {
			problems.push(target.problem);
			continue;
		}
		try {
			inputs.push({ shown: target.file, bytes: readFileSync(target.file) });
		} catch (err) {
			problems.push(`${target.file}: ${describe(err)}`);
		}
	}
	if (problems.length) {
		for (const p of problems) process.stderr.write(`oci-restore lint: ${p}\n`);
		return 2;
	}

	const reports: FileReport[] = [];
	let errors = 0;
	for (const input of inputs) {
		const result = lintBytes(input.bytes, {
			filePath: resolve(input.shown),
			specVersion: args.specVersion,
			rules: args.rules,
			bundleChecks: args.bundleChecks,
		});
		for (const d of result.diagnostics) if (d.severity === 'error') errors++;
		reports.push({ path: input.shown, diagnostics: result.diagnostics });
	}

	const out =
		args.format === 'json'
			? formatJson(reports)
			: args.format === 'sarif'
				? formatSarif(reports, toolVersion(), process.cwd())
				: formatText(reports);
	await write(out);
	return errors ? 1 : 0;
}

function toolVersion(): string {
	return (require('../../../package.json') as { version: string }).version;
}

/**
 * Writes all of `text` to stdout before the exit status is set. Straight to fd 1: the lint path
 * never creates `process.stdout` (building the stream costs more than a small lint). A
 * non-blocking pipe that is full hands the rest to the stream, which waits for it to drain.
 */
function write(text: string): Promise<void> {
	const bytes = Buffer.from(text);
	let done = 0;
	while (done < bytes.length) {
		try {
			done += writeSync(1, bytes, done);
		} catch (err) {
			const code = (err as NodeJS.ErrnoException).code;
			if (code === 'EAGAIN') return streamWrite(bytes.subarray(done));
			// The reader went away (e.g. `| head`): nothing left to write to.
			if (code === 'EPIPE') return Promise.resolve();
			throw err;
		}
	}
	return Promise.resolve();
}

function streamWrite(bytes: Uint8Array): Promise<void> {
	return new Promise((drained) => {
		if (process.stdout.write(bytes)) drained();
		else process.stdout.once('drain', drained);
	});
}
