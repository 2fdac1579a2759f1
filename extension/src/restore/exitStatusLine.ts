import { constants } from 'node:os';

/** The signal name for a 128+N exit status, or undefined. */
export function signalOfStatus(code: number): string | undefined {
	if (code <= 128 || code > 128 + 64) return undefined;
	const n = code - 128;
	return Object.entries(constants.signals).find(([, value]) => value === n)?.[0];
}

/**
 * The line a restore terminal prints when the container ends: `[exited 130 — SIGINT]`, `[exited 0]`.
 * runc reports a killed container as 128 + the signal number.
 */
export function exitStatusLine(code: number, signal?: string): string {
	const name = signal || signalOfStatus(code);
	return name ? `[exited ${code} — ${name}]` : `[exited ${code}]`;
}
