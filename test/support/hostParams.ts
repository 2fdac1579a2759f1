/**
 * Parameters passed from a node:test file to the mocha suites it runs inside the extension host:
 * a JSON file named by OCI_EXT_TEST_PARAMS in code-server's (and so the extension host's)
 * environment, rewritten before each run.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const HOST_PARAMS_ENV = 'OCI_EXT_TEST_PARAMS';

export interface HostParams {
	/** Suite basenames (e.g. 'activation' for activation.suite.ts); empty = all. */
	suites?: string[];
	grep?: string;
	timeoutMs?: number;
	/** The workspace folder the window opened. */
	workspace?: string;
	/** Where a suite may write results (JSON) for the node:test side, e.g. benchmark timings. */
	resultsFile?: string;
	/** Ids of trivial extensions installed next to ours: the bench's activation floors. */
	floorExtensionIds?: string[];
	/** Whether the bench activates the floor extensions before ours (alternated between windows). */
	floorFirst?: boolean;
	/** A checkpoint made by the node:test side for the restore suite. */
	restore?: {
		bundle: string;
		imagePath: string;
		/** Highest tick printed before the checkpoint. */
		lastTick: number;
		/** Container id to restore as. */
		id: string;
		/** A copy of the checkpoint whose core-1.img is emptied (CRIU must fail). */
		brokenImagePath?: string;
		brokenId?: string;
	};
}

/** Reads the parameters inside the extension host. */
export function readHostParams(): HostParams {
	const file = process.env[HOST_PARAMS_ENV];
	if (!file) return {};
	return JSON.parse(readFileSync(file, 'utf8')) as HostParams;
}

/** Writes the parameters on the node:test side. */
export function writeHostParams(file: string, params: HostParams): void {
	writeFileSync(file, JSON.stringify(params, null, '\t'));
}
