/**
 * The restore jobs of this window, by container id: the containers view opens their terminals again,
 * and deactivation ends the attached ones (a restored container never outlives its helper).
 */
import * as vscode from 'vscode';
import type { RestoreJob } from './restoreJob';

export class RestoreJobs implements vscode.Disposable {
	private readonly jobs = new Map<string, RestoreJob>();
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChange = this.changed.event;
	/** restore.log of the latest failed restore, for "Open restore.log" without arguments. */
	lastFailedLog: { path: string; line?: number } | undefined;

	add(job: RestoreJob): void {
		this.jobs.get(job.id)?.dispose();
		this.jobs.set(job.id, job);
		job.onDidEnd(() => this.changed.fire());
		this.changed.fire();
	}

	/** The job attached to container `id`, when it still runs in this window. */
	attached(id: string): RestoreJob | undefined {
		const job = this.jobs.get(id);
		return job?.active ? job : undefined;
	}

	get(id: string): RestoreJob | undefined {
		return this.jobs.get(id);
	}

	dispose(): void {
		for (const job of this.jobs.values()) job.dispose();
		this.jobs.clear();
		this.changed.dispose();
	}
}
