import type { SpecVersion } from '../types';

/** Every spec version we carry a schema for, oldest first. */
export const specVersions: readonly SpecVersion[] = ['1.0.2', '1.1.0', '1.2', '1.3.0'];
export const newestSpecVersion: SpecVersion = '1.3.0';

/**
 * Which of our schemas applies to an `ociVersion` value. Pre-releases and builds
 * (`1.2.1-dev`, `1.3.0-rc.1+x`) map to their release line; other versions of a known line
 * (1.0.x, 1.1.x, 1.3.x) use that line's schema but are not `known`; anything else gets the newest
 * schema with `known: false`.
 */
export function resolveSpecVersion(ociVersion: unknown): { version: SpecVersion; known: boolean } {
	if (typeof ociVersion !== 'string') return { version: newestSpecVersion, known: false };
	const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(ociVersion.trim());
	if (!m || ociVersion.startsWith('v') || ociVersion !== ociVersion.trim()) {
		// Lenient for lookup, strict for `known`: a malformed version still picks a line if it has one.
		const loose = /^v?\s*(\d+)\.(\d+)/.exec(ociVersion.trim());
		if (loose) {
			const line = lineOf(Number(loose[1]), Number(loose[2]), -1);
			if (line) return { version: line, known: false };
		}
		return { version: newestSpecVersion, known: false };
	}
	const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const line = lineOf(major, minor, patch);
	if (!line) return { version: newestSpecVersion, known: false };
	const known = line === '1.2' ? patch <= 1 : line === `${major}.${minor}.${patch}`;
	return { version: line, known };
}

function lineOf(major: number, minor: number, _patch: number): SpecVersion | undefined {
	if (major !== 1) return undefined;
	switch (minor) {
		case 0: return '1.0.2';
		case 1: return '1.1.0';
		case 2: return '1.2';
		case 3: return '1.3.0';
		default: return undefined;
	}
}

/** The git tag our links point at for a spec version. */
export function specTag(v: SpecVersion): string {
	return v === '1.2' ? 'v1.2.1' : `v${v}`;
}

/** Link to a section of the runtime-spec at the tag of `v`, e.g. config.md#process. */
export function specHref(v: SpecVersion, file: string, anchor?: string): string {
	return `https://github.com/opencontainers/runtime-spec/blob/${specTag(v)}/${file}${anchor ? '#' + anchor : ''}`;
}
