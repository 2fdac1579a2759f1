import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Elevation } from '../common/helperProtocol';
import { FIXED_PATH } from './childEnv';
import { HelperError } from './helperError';
import { unsafeLocation } from './locationSafety';

/** Where `oci-restore helper install` puts the helper by default (root-owned; sudo rules point here). */
export const DEFAULT_INSTALL_PREFIX = '/usr/local/lib/oci-restore';
export const SUDO_PATHS = ['/usr/bin/sudo', '/bin/sudo'];
export const PKEXEC_PATHS = ['/usr/bin/pkexec', '/bin/pkexec'];
export const ENV_PATHS = ['/usr/bin/env', '/bin/env'];

/** How to start the helper: an absolute file and its arguments (never a shell), plus the environment. */
export interface HelperCommand {
	file: string;
	args: string[];
	env: NodeJS.ProcessEnv;
	/** 'direct', 'sudo' or 'pkexec', for messages. */
	via: 'direct' | 'sudo' | 'pkexec';
}

export interface HelperCommandOptions {
	cliPath: string;
	nodePath: string;
	elevation: Elevation;
	allowUnsafeLocation?: boolean;
	env?: NodeJS.ProcessEnv;
	/** For tests; defaults to the real effective uid. */
	euid?: number;
	/** For tests; defaults to looking at the file system. */
	exists?: (path: string) => boolean;
	/** Whether `nodePath` is an Electron binary; defaults to whether this process runs on one. */
	electron?: boolean;
}

/**
 * The command line that starts `<node> <cli> helper --stdio` as root: directly when already root,
 * else through `sudo -n` (never prompts; a refusal is reported with the rule that allows it) or
 * `pkexec`. Under Electron (VS Code's extension host) the same binary runs as plain Node only with
 * ELECTRON_RUN_AS_NODE=1: directly it is in the child's environment; sudo and pkexec reset the
 * environment, so there it is set by an absolute `env` on their command line
 * (`sudo -n -- /usr/bin/env ELECTRON_RUN_AS_NODE=1 <electron> <cli> helper --stdio`). Either way the
 * helper then rebuilds its own environment from scratch. Pure given `euid`, `exists` and `electron`.
 */
export function helperCommand(o: HelperCommandOptions): HelperCommand {
	const euid = o.euid ?? process.geteuid?.() ?? -1;
	const exists = o.exists ?? fileExists;
	const electron = o.electron ?? Boolean(process.versions.electron);
	const helperArgs = [o.cliPath, 'helper', '--stdio', ...(o.allowUnsafeLocation ? ['--allow-unsafe-location'] : [])];
	const baseEnv = helperEnv(o.env ?? process.env);
	if (electron) baseEnv.ELECTRON_RUN_AS_NODE = '1';
	let mode = o.elevation;
	if (mode === 'auto') mode = euid === 0 ? 'root' : 'sudo';
	if (mode === 'root') {
		if (euid !== 0) throw new HelperError('not-permitted', `the helper must run as root, but this process runs as uid ${euid}: set the elevation to 'sudo' or 'pkexec'`);
		return { file: o.nodePath, args: helperArgs, env: baseEnv, via: 'direct' };
	}
	const tool = (mode === 'sudo' ? SUDO_PATHS : PKEXEC_PATHS).find(exists);
	if (!tool) throw new HelperError('not-permitted', `${mode} is not installed (looked in ${(mode === 'sudo' ? SUDO_PATHS : PKEXEC_PATHS).join(', ')}); install it or run as root`);
	const command = electron ? [envPath(exists), 'ELECTRON_RUN_AS_NODE=1', o.nodePath, ...helperArgs] : [o.nodePath, ...helperArgs];
	if (mode === 'sudo') return { file: tool, args: ['-n', '--', ...command], env: baseEnv, via: 'sudo' };
	return { file: tool, args: command, env: baseEnv, via: 'pkexec' };
}

/** Caller variables the helper may see: locale and what sudo/pkexec need to reach the user's session. */
const PASSED_ENV = ['LANG', 'LC_ALL', 'LC_CTYPE', 'TERM', 'DISPLAY', 'WAYLAND_DISPLAY', 'XAUTHORITY', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'];

/**
 * The helper's own environment: a fixed PATH and a short allow-list. Without sudo's env_reset in
 * between (already root) the caller's NODE_OPTIONS or LD_PRELOAD would otherwise run code inside the
 * root helper before it can clean its environment.
 */
export function helperEnv(from: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { PATH: FIXED_PATH };
	for (const k of PASSED_ENV) if (from[k] !== undefined) env[k] = from[k];
	return env;
}

/**
 * The message for a refused `sudo -n`: the exact sudoers line for this Node binary and the installed
 * helper, and how to install it first when the client runs a helper from a user-writable place.
 */
export function sudoHowTo(o: { cliPath: string; nodePath: string; user?: string; electron?: boolean }): string {
	const user = o.user ?? safeUser();
	const { installed, cmd } = elevatedCommandLine(o);
	const steps = [`sudo refused to start the oci-restore helper without a password.`];
	if (installed !== o.cliPath) steps.push(`Install the helper to a root-owned place: sudo ${o.nodePath} ${o.cliPath} helper install`);
	steps.push(`Then allow it with 'sudo visudo -f /etc/sudoers.d/oci-restore' and this line:`);
	steps.push(`  ${user} ALL=(root) NOPASSWD: ${cmd}`);
	if (!isRootOwned(o.nodePath)) steps.push(`Note: ${o.nodePath} is not root-owned; a sudo rule for it gives root to whoever can replace it. Use a root-owned Node (e.g. /usr/bin/node).`);
	return steps.join('\n');
}

/** The command line sudo or pkexec runs for the installed helper, as their rules must name it (see {@link helperCommand}). */
function elevatedCommandLine(o: { cliPath: string; nodePath: string; electron?: boolean }): { installed: string; cmd: string } {
	// A helper already in a root-owned place can be named by a rule as it is; anything else is installed first.
	const installed = unsafeLocation(o.cliPath) === undefined ? o.cliPath : `${DEFAULT_INSTALL_PREFIX}/cli.js`;
	const electron = o.electron ?? Boolean(process.versions.electron);
	return { installed, cmd: `${electron ? `${envPath(fileExists)} ELECTRON_RUN_AS_NODE=1 ` : ''}${o.nodePath} ${installed} helper --stdio` };
}

/** The absolute `env` that sets ELECTRON_RUN_AS_NODE past sudo's and pkexec's environment reset. */
function envPath(exists: (path: string) => boolean): string {
	return ENV_PATHS.find(exists) ?? ENV_PATHS[0];
}

/**
 * A polkit rule (for /etc/polkit-1/rules.d/) that lets `user` start exactly the installed helper
 * through pkexec without an authentication prompt: for sessions without a polkit agent (SSH,
 * code-server, CI), where pkexec otherwise refuses.
 */
export function polkitRule(o: { cliPath: string; nodePath: string; user?: string; electron?: boolean }): string {
	const user = o.user ?? safeUser();
	const { cmd } = elevatedCommandLine(o);
	return [
		`// oci-restore: ${user} may start the privileged helper through pkexec without a prompt.`,
		'polkit.addRule(function (action, subject) {',
		`\tif (action.id === 'org.freedesktop.policykit.exec' && subject.user === ${JSON.stringify(user)} &&`,
		`\t\taction.lookup('command_line') === ${JSON.stringify(cmd)}) {`,
		'\t\treturn polkit.Result.YES;',
		'\t}',
		'});',
	].join('\n');
}

/**
 * The message for a pkexec that did not authorize the helper (status 126: dismissed or denied,
 * 127: no agent could ask): what pkexec said, and the two ways to allow it.
 */
export function pkexecHowTo(o: { cliPath: string; nodePath: string; user?: string; electron?: boolean }, status: number, said: string): string {
	const { installed } = elevatedCommandLine(o);
	const steps = [`pkexec did not authorize the oci-restore helper (status ${status}${said ? `: ${said}` : ''}).`];
	steps.push(status === 126
		? 'The authentication was dismissed or denied; run the command again and authenticate as an administrator.'
		: 'pkexec asks through a polkit authentication agent, and this session has none (SSH, code-server and CI sessions usually do not).');
	if (installed !== o.cliPath) steps.push(`To allow it without a prompt, install the helper to a root-owned place first: sudo ${o.nodePath} ${o.cliPath} helper install`);
	steps.push(`To allow it without a prompt, save this rule as /etc/polkit-1/rules.d/50-oci-restore.rules (root-owned):`);
	steps.push(polkitRule(o));
	return steps.join('\n');
}

function safeUser(): string {
	try {
		return userInfo().username;
	} catch {
		return String(process.getuid?.() ?? 'USER');
	}
}

function fileExists(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

function isRootOwned(path: string): boolean {
	try {
		const st = statSync(path);
		return st.uid === 0 && (st.mode & 0o022) === 0;
	} catch {
		return false;
	}
}
