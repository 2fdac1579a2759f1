/**
 * The one place where command errors reach the user: a clear message with "Open Output", the
 * details in the log. Errors already shown by the command itself (`ShownError`) are not repeated.
 */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

/** An error whose message the command has already shown (with its own actions). */
export class ShownError extends Error {
	constructor(message: string, readonly cause?: unknown) {
		super(message);
		this.name = 'ShownError';
	}
}

/** The user dismissed a prompt: not an error, nothing to show. */
export class CancelledByUser extends Error {
	constructor() {
		super('cancelled');
		this.name = 'CancelledByUser';
	}
}

/**
 * Arguments that came from code (a task, a keybinding's args, a test) rather than from a menu: the
 * caller wants the rejection, so it is rethrown after being shown. Menus pass a Uri or a tree item.
 */
function programmatic(args: unknown[]): boolean {
	const first = args[0];
	return first !== null && typeof first === 'object' && !(first instanceof vscode.Uri) && !('contextValue' in first);
}

function isNamed(err: unknown, name: 'CancelledByUser' | 'ShownError'): boolean {
	return err instanceof Error && err.name === name;
}

export function registerCommand(
	ctx: Ctx,
	id: string,
	title: string,
	run: (...args: any[]) => unknown,
): vscode.Disposable {
	return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
		try {
			return await run(...args);
		} catch (err) {
			// By name: commands run in dist/features.js, whose copies of these classes are not ours.
			if (isNamed(err, 'CancelledByUser')) return undefined;
			if (!isNamed(err, 'ShownError')) {
				const message = err instanceof Error ? err.message : String(err);
				ctx.log.error(`${title} failed: ${message}`, err instanceof Error && err.stack ? err.stack : '');
				void vscode.window.showErrorMessage(`${title} failed: ${message}`, 'Open Output').then((pick) => {
					if (pick) ctx.log.show(true);
				});
			}
			if (programmatic(args)) throw err;
			return undefined;
		}
	});
}
