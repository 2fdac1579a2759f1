import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkpoint, makeBusyboxBundle, startCounter, type BundleOptions } from './bundle';
import { installedCliPath } from './installedHelper';
import type { HostParams } from './hostParams';
import { mountsUnder } from '../../server/src/helper/runcTool';

/** A counter container restored detached by the installed CLI, for an extension-host suite to attach to. */
export interface DetachedCounter {
	/** What the host suite gets; undefined when `restore -d` failed (see `restoreError`). */
	restore: HostParams['restore'];
	/** The CLI's stderr when `restore -d` failed. */
	restoreError: string;
	/** The restore's work directory (the keeper's logs), if the CLI named one. */
	workPath: string | undefined;
}

/**
 * Runs container `id` from a busybox bundle under `scratch` (with `opts`) until it ticked three times,
 * checkpoints it with raw runc, then restores it detached with `oci-restore restore -d`; the keeper's
 * output log, `logName`, names the work directory. The caller removes the container (runc kill/delete),
 * `scratch` and, with {@link removeDetachedWorkPath}, the work directory.
 */
export async function restoreDetachedCounter(scratch: string, id: string, opts: BundleOptions, logName: string): Promise<DetachedCounter> {
	const { bundle } = makeBusyboxBundle(join(scratch, 'counter'), opts);
	const running = await startCounter({ id, bundle, terminal: opts.terminal, waitTicks: 3 });
	let imagePath: string;
	try {
		imagePath = (await checkpoint({ id, imagePath: join(scratch, 'images'), workPath: join(scratch, 'dump-work') })).imagePath;
		await running.exited;
	} finally {
		await running.cleanup();
	}
	const lastTick = Math.max(...running.ticks());
	const r = spawnSync(process.execPath, [installedCliPath(), 'restore', '-d', '-b', bundle, '--image-path', imagePath, id], { encoding: 'utf8', timeout: 120_000 });
	const workPath = new RegExp(`also in (\\S+)/${logName.replace(/\./g, '\\.')}`).exec(r.stderr)?.[1];
	return r.status === 0 ? { restore: { bundle, imagePath, lastTick, id }, restoreError: '', workPath } : { restore: undefined, restoreError: r.stderr, workPath };
}

/** Removes a detached restore's work directory, never across a mount. */
export function removeDetachedWorkPath(workPath: string | undefined): void {
	if (workPath && mountsUnder(workPath).length === 0) rmSync(workPath, { recursive: true, force: true });
}
