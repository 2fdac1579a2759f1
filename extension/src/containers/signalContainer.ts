import * as vscode from 'vscode';
import { CancelledByUser } from '../registerCommand';
import type { Services } from '../services';
import { pickContainer } from './pickContainer';

const signals: readonly [string, string][] = [
	['SIGINT', 'interrupt (Ctrl-C)'],
	['SIGTERM', 'terminate, politely'],
	['SIGKILL', 'kill, cannot be caught'],
	['SIGHUP', 'hang up / reload configuration'],
	['SIGQUIT', 'quit with a core dump'],
	['SIGUSR1', 'user-defined 1'],
	['SIGUSR2', 'user-defined 2'],
	['SIGSTOP', 'stop (pause) the process'],
	['SIGCONT', 'continue a stopped process'],
	['SIGWINCH', 'window size changed'],
];

/** `ociRestore.container.signal`: `runc kill ID SIGNAL` with a signal chosen from a list (or `{id, signal}`). */
export async function signalContainer(s: Services, arg?: unknown): Promise<void> {
	const info = await pickContainer(s, arg, 'Send a signal to', (c) => c.status === 'running' || c.status === 'paused');
	let signal = arg && typeof arg === 'object' && typeof (arg as { signal?: unknown }).signal === 'string' ? (arg as { signal: string }).signal : undefined;
	if (!signal) {
		const pick = await vscode.window.showQuickPick(
			signals.map(([label, description]) => ({ label, description })),
			{ title: `Signal to ${info.id}`, placeHolder: 'Signal' },
		);
		if (!pick) throw new CancelledByUser();
		signal = pick.label;
	}
	await s.containers.request('kill', { id: info.id, signal });
	s.ctx.log.info(`sent ${signal} to ${info.id}`);
	s.refreshContainers();
}
