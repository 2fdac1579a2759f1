/**
 * A privileged helper started ahead of the job that will use it: the restore command starts one as it
 * begins, so the process is up (and has warmed up) while the user goes through the quick picks, and
 * what the user waits for after confirming is only the preflight and the restore.
 */
import type { HelperClient } from '../../../server/src/helper/client';

/** The settings a helper process is started with: a helper started with others cannot serve the job. */
export interface HelperStartKey {
	helperPath: string;
	elevation: string;
	allowUnsafeHelperLocation: boolean;
}

/**
 * One owner at a time: the lease until {@link HelperLease.take} hands the helper to a job (which
 * disposes it from then on), otherwise whoever disposes the lease — the command when the wizard is
 * cancelled or fails, the extension when the window closes first. Disposing ends the helper, also one
 * still starting (as soon as it is up). Free of `vscode`, so its ownership rules are unit-tested.
 */
export class HelperLease {
	private state: 'held' | 'taken' | 'disposed' = 'held';
	private readonly starting: Promise<HelperClient>;
	private readonly released = new Set<() => void>();

	/**
	 * @param start starts the helper (called at once)
	 * @param key the settings it was started with (see {@link HelperLease.matches})
	 */
	constructor(start: () => Promise<HelperClient>, readonly key: HelperStartKey) {
		let starting: Promise<HelperClient>;
		try {
			starting = start();
		} catch (err) {
			starting = Promise.reject(err);
		}
		this.starting = starting;
		// A start failure is reported by whoever takes the helper; unclaimed, it is nobody's error.
		this.starting.catch(() => undefined);
	}

	/** Not yet taken nor disposed. */
	get held(): boolean {
		return this.state === 'held';
	}

	/** Whether the helper was started with the settings in `key` (the ones a job would start it with). */
	matches(key: HelperStartKey): boolean {
		return key.helperPath === this.key.helperPath && key.elevation === this.key.elevation && key.allowUnsafeHelperLocation === this.key.allowUnsafeHelperLocation;
	}

	/**
	 * Hands the helper over: the caller owns (and disposes) it from now on. Rejects with the start
	 * failure (e.g. sudo refused: the message that says how to allow it), or when the lease was taken
	 * or disposed already.
	 */
	take(): Promise<HelperClient> {
		if (this.state !== 'held') return Promise.reject(new Error(`the helper started ahead was already ${this.state}`));
		this.state = 'taken';
		this.release();
		return this.starting;
	}

	/** Called once the lease no longer holds a helper (taken or disposed). */
	onReleased(listener: () => void): void {
		if (this.state === 'held') this.released.add(listener);
		else listener();
	}

	/** Ends the helper unless a job took it; idempotent. */
	dispose(): void {
		if (this.state !== 'held') return;
		this.state = 'disposed';
		this.release();
		void this.starting.then((client) => client.dispose(), () => undefined);
	}

	private release(): void {
		for (const l of this.released) l();
		this.released.clear();
	}
}
