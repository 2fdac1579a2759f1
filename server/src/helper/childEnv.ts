/** The only PATH children of the helper ever see; nothing of the caller's environment is inherited. */
export const FIXED_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment for runc and CRIU, built from scratch: a fixed PATH (with the CRIU directory first
 * when the runc version finds CRIU through PATH), a neutral locale, and TERM for pty jobs. Nothing like
 * LD_PRELOAD, NODE_OPTIONS or the caller's HOME can leak into a process running as root.
 */
export function childEnv(opts: { pathPrepend?: string; term?: string } = {}): Record<string, string> {
	const env: Record<string, string> = {
		PATH: opts.pathPrepend ? `${opts.pathPrepend}:${FIXED_PATH}` : FIXED_PATH,
		LANG: 'C',
		LC_ALL: 'C',
	};
	if (opts.term) env.TERM = opts.term;
	return env;
}
