import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickContainer } from './pickContainer';

/** `ociRestore.container.kill`: SIGKILL to the container (its attached job, if any, is cancelled). */
export async function killContainer(s: Services, arg?: unknown): Promise<void> {
	const info = await pickContainer(s, arg, 'Kill', (c) => c.status === 'running' || c.status === 'paused');
	const job = s.jobs.attached(info.id);
	if (job) await job.kill();
	else await s.containers.request('kill', { id: info.id, signal: 'SIGKILL' });
	void vscode.window.setStatusBarMessage(`Killed ${info.id}`, 3000);
	s.refreshContainers();
}
