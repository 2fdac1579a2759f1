/**
 * runc release versions as `runc --version` prints them ("runc version 1.1.5+ds1",
 * "runc version 1.2.0-rc.1+dev", "runc version 1.0.0-rc92"), ordered like runc's releases:
 * every release candidate of a version comes before the version itself.
 */
export interface RuncVersion {
	major: number;
	minor: number;
	patch: number;
	/** Release-candidate number (`-rc5`, `-rc.1`); another pre-release tag counts as rc 0; undefined for a release. */
	rc?: number;
	/** The version as printed, e.g. `1.1.5+ds1`. */
	raw: string;
}

const VERSION_RE = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.+-]*)?$/;

/** Parses one version token (`1.1.5+ds1`, `v1.2.0-rc.3`); undefined when it is not one. */
export function parseVersion(token: string): RuncVersion | undefined {
	const m = VERSION_RE.exec(token.trim());
	if (!m) return undefined;
	const v: RuncVersion = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), raw: token.trim() };
	if (m[4] !== undefined) {
		const rc = /^rc\.?(\d+)/.exec(m[4]);
		v.rc = rc ? Number(rc[1]) : 0;
	}
	return v;
}

/** The version in `runc --version` output (its first line), or undefined. */
export function parseRuncVersionOutput(output: string): RuncVersion | undefined {
	const m = /runc version\s+(\S+)/.exec(output);
	return m ? parseVersion(m[1]) : undefined;
}

/** The version in `criu --version` output (`Version: 4.1.1`), or undefined. */
export function parseCriuVersionOutput(output: string): string | undefined {
	const m = /^Version:\s*(\d+(?:\.\d+)*)/m.exec(output);
	return m ? m[1] : undefined;
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. */
export function compareVersions(a: RuncVersion, b: RuncVersion): number {
	if (a.major !== b.major) return a.major - b.major;
	if (a.minor !== b.minor) return a.minor - b.minor;
	if (a.patch !== b.patch) return a.patch - b.patch;
	if (a.rc === undefined || b.rc === undefined) return (a.rc === undefined ? 1 : 0) - (b.rc === undefined ? 1 : 0);
	return a.rc - b.rc;
}

/** Whether `v` is `min` or newer; `min` in the same notation (`1.2.0-rc.1`). */
export function versionAtLeast(v: RuncVersion, min: string): boolean {
	const m = parseVersion(min);
	if (!m) throw new Error(`not a version: ${min}`);
	return compareVersions(v, m) >= 0;
}

/** Compares dotted numeric versions such as CRIU's (`3.16.1` vs `3.16`). */
export function dottedAtLeast(version: string, min: string): boolean {
	const a = version.split('.').map(Number);
	const b = min.split('.').map(Number);
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const d = (a[i] ?? 0) - (b[i] ?? 0);
		if (d !== 0) return d > 0;
	}
	return true;
}
