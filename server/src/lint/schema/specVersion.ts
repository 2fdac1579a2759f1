import type { SpecVersion } from '../types';

/** Every spec version we carry a schema for, oldest first. */
export const specVersions: readonly SpecVersion[] = ['1.0.2', '1.1.0', '1.2', '1.3.0'];
export const newestSpecVersion: SpecVersion = '1.3.0';

/**
 * Which of our schemas applies to an `ociVersion` value. Any SemVer version of a line we carry
 * (1.0.x, 1.1.x, 1.2.x, 1.3.x, pre-releases such as `1.2.1-dev` or `1.3.0-rc.1` included) is
 * `known` and uses that line's schema. A malformed version that still names a line (`v1.2.0`,
 * `1.2`) uses that line but is not `known`; anything else gets the newest schema, not `known`.
 */
export function resolveSpecVersion(ociVersion: unknown): { version: SpecVersion; known: boolean } {
	if (typeof ociVersion !== 'string') return { version: newestSpecVersion, known: false };
	const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(ociVersion);
	if (m) {
		const line = lineOf(Number(m[1]), Number(m[2]));
		return line ? { version: line, known: true } : { version: newestSpecVersion, known: false };
	}
	const loose = /^\s*v?\s*(\d+)\.(\d+)/.exec(ociVersion);
	const line = loose ? lineOf(Number(loose[1]), Number(loose[2])) : undefined;
	return { version: line ?? newestSpecVersion, known: false };
}

function lineOf(major: number, minor: number): SpecVersion | undefined {
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

/** Links made so far, by version, file and anchor ('' for none): every rule asks for its link on every lint. */
const hrefs = new Map<SpecVersion, Map<string, Map<string, string>>>();

/** Link to a section of the runtime-spec at the tag of `v`, e.g. config.md#process. */
export function specHref(v: SpecVersion, file: string, anchor?: string): string {
	let byFile = hrefs.get(v);
	if (!byFile) hrefs.set(v, (byFile = new Map()));
	let byAnchor = byFile.get(file);
	if (!byAnchor) byFile.set(file, (byAnchor = new Map()));
	const a = anchor ?? '';
	let href = byAnchor.get(a);
	if (href === undefined) byAnchor.set(a, (href = `https://github.com/opencontainers/runtime-spec/blob/${specTag(v)}/${file}${anchor ? '#' + anchor : ''}`));
	return href;
}
