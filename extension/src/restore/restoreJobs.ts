/**
 * The restore jobs of this window, by container id: the containers view opens their terminals again,
 * and deactivation ends the attached ones (a restored container never outlives its helper).
 */
import * as vscode from 'vscode';
import type { HelperClient } from '../../../server/src/helper/client';
import { HelperLease, type HelperStartKey } from './helperLease';
import type { RestoreJob } from './restoreJob';

export class RestoreJobs implements vscode.Disposable {
	private readonly jobs = new Map<string, RestoreJob>();
	/** Helpers started ahead of a job and not handed over yet: ended with the window at the latest. */
	private readonly leases = new Set<HelperLease>();
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

	/**
	 * Starts a helper ahead of the job that will take it. The caller disposes the lease when it ends
	 * (a no-op once a job took the helper); these jobs dispose it with the window if nobody did.
	 */
	lease(start: () => Promise<HelperClient>, key: HelperStartKey): HelperLease {
		const lease = new HelperLease(start, key);
		this.leases.add(lease);
		lease.onReleased(() => this.leases.delete(lease));
		return lease;
	}

	/** How many helpers started ahead are not handed over nor ended yet (tests look). */
	get leasedHelpers(): number {
		return this.leases.size;
	}

	dispose(): void {
		for (const lease of [...this.leases]) lease.dispose();
		for (const job of this.jobs.values()) job.dispose();
		this.jobs.clear();
		this.changed.dispose();
	}
}
