import type { Rule } from '../model';
import { replaceValueFix } from './fixes';
import { specHref } from './helpers';

/** SemVer 2.0.0, https://semver.org (the official regular expression). */
const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The SemVer a near-miss most likely meant (`1.0` → `1.0.0`, `v1.2.0` → `1.2.0`), or undefined. */
export function semverRepair(v: string): string | undefined {
	const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
	if (!m) return undefined;
	const n = (s: string | undefined) => String(Number(s ?? '0'));
	const out = `${n(m[1])}.${n(m[2])}.${n(m[3])}${m[4] ?? ''}${m[5] ?? ''}`;
	return semver.test(out) && out !== v ? out : undefined;
}

/** `ociVersion` is SemVer 2.0 with the one supported major version (runtime-tools CheckSemVer). */
export const ociVersionRule: Rule = {
	codes: ['oci-version-semver', 'oci-version-major'],
	check(ctx) {
		const v = ctx.config.ociVersion;
		if (typeof v !== 'string') return;
		const href = specHref(ctx, 'config.md', 'specification-version');
		const m = semver.exec(v);
		if (!m) {
			const repaired = semverRepair(v);
			const fix = repaired ? replaceValueFix(ctx.doc, ['ociVersion'], repaired, `Change ociVersion to "${repaired}"`) : undefined;
			ctx.report({
				code: 'oci-version-semver',
				severity: 'error',
				message: `ociVersion "${v}" is not a SemVer 2.0 version; use MAJOR.MINOR.PATCH, e.g. "1.2.0"${repaired ? ` (did you mean "${repaired}"?)` : ''}.`,
				path: ['ociVersion'],
				href,
				fixes: fix ? [fix] : undefined,
			});
			return;
		}
		if (m[1] !== '1') {
			ctx.report({
				code: 'oci-version-major',
				severity: 'error',
				message: `ociVersion "${v}" has major version ${m[1]}; runtimes support only major version 1 (1.0.0 to 1.3.x).`,
				path: ['ociVersion'],
				href,
			});
		}
	},
};
