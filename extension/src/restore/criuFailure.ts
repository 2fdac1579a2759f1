/**
 * A failed restore or checkpoint: the error with its cause from the CRIU log, and "Open restore.log".
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { CriuError } from '../../../server/src/common/helperProtocol';

/** Where the CRIU log of a failed job is: the cause's log, else `<workPath>/<name>`. */
export function criuLogOf(errors: readonly CriuError[], workPath: string | undefined, name: string): { path: string; line?: number } | undefined {
	if (errors[0]) return { path: errors[0].log, line: errors[0].logLine };
	return workPath ? { path: join(workPath, name) } : undefined;
}

export function showCriuFailure(what: string, message: string, errors: readonly CriuError[], log: { path: string; line?: number } | undefined): void {
	const cause = errors[0];
	const text = cause ? `${what} failed: ${cause.message} (${cause.file}:${cause.line})` : `${what} failed: ${message}`;
	const button = log ? `Open ${log.path.split('/').pop()}` : undefined;
	void vscode.window.showErrorMessage(text, ...(button ? [button] : [])).then((pick) => {
		if (pick && log) void vscode.commands.executeCommand('ociRestore.openRestoreLog', log);
	});
}
