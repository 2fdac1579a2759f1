import { existsSync } from 'node:fs';
import type { Elevation } from '../common/helperProtocol';
import { HelperClient } from './client';
import { DEFAULT_INSTALL_PREFIX } from './elevation';

const ELEVATIONS: Elevation[] = ['auto', 'root', 'sudo', 'pkexec'];

/**
 * Starts a helper for a CLI command: as root the running bundle itself serves it; otherwise the
 * installed copy (the one a sudo rule can name) when there is one. OCI_RESTORE_ELEVATION picks the
 * elevation (auto|root|sudo|pkexec); OCI_RESTORE_DEBUG=1 prints the helper's log on stderr.
 */
export function startCliHelper(selfPath: string): Promise<HelperClient> {
	const euid = process.geteuid?.() ?? -1;
	const installed = `${DEFAULT_INSTALL_PREFIX}/cli.js`;
	const cliPath = process.env.OCI_RESTORE_HELPER ?? (euid !== 0 && existsSync(installed) ? installed : selfPath);
	const requested = process.env.OCI_RESTORE_ELEVATION as Elevation | undefined;
	if (requested !== undefined && !ELEVATIONS.includes(requested)) {
		throw new Error(`OCI_RESTORE_ELEVATION must be one of ${ELEVATIONS.join(', ')}`);
	}
	const debug = process.env.OCI_RESTORE_DEBUG === '1';
	return HelperClient.start({
		cliPath,
		elevation: requested ?? 'auto',
		allowUnsafeLocation: process.env.OCI_RESTORE_ALLOW_UNSAFE_LOCATION === '1',
		log: debug ? (line) => process.stderr.write(`[helper] ${line}\n`) : undefined,
	});
}
