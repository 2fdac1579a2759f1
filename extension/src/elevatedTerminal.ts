/**
 * Terminals that run one program as root (runc exec, gdb, the helper installer) through the
 * `ociRestore.elevation` setting: directly when the extension host is root, else through sudo or
 * pkexec. Always an argument array (shellPath + shellArgs), never a shell string.
 */
import * as vscode from 'vscode';
import type { Elevation } from '../../server/src/common/helperProtocol';
import { findExecutable } from './findExecutable';

export interface ElevatedCommand {
	shellPath: string;
	shellArgs: string[];
}

/** The program line for `argv` (argv[0] absolute) under the given elevation. */
export function elevate(argv: string[], elevation: Elevation): ElevatedCommand {
	const isRoot = process.getuid?.() === 0;
	if (elevation === 'root' || (elevation === 'auto' && isRoot)) {
		return { shellPath: argv[0], shellArgs: argv.slice(1) };
	}
	const via = elevation === 'pkexec' ? 'pkexec' : elevation === 'sudo' ? 'sudo' : findExecutable('sudo') ? 'sudo' : 'pkexec';
	const tool = findExecutable(via);
	if (!tool) {
		throw new Error(`${via} is not installed, so the command cannot run as root. Install ${via} or set "ociRestore.elevation".`);
	}
	return { shellPath: tool, shellArgs: argv };
}

/** Opens and shows a terminal running `argv` as root. */
export function openElevatedTerminal(name: string, argv: string[], elevation: Elevation, cwd?: string): vscode.Terminal {
	const { shellPath, shellArgs } = elevate(argv, elevation);
	const terminal = vscode.window.createTerminal({
		name,
		shellPath,
		shellArgs,
		cwd,
		iconPath: new vscode.ThemeIcon('terminal-linux'),
		isTransient: true,
	});
	terminal.show();
	return terminal;
}
