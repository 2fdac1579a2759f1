import type { Rule, RuleContext } from '../model';
import { addNamespaceFix, removeElementFix } from './fixes';
import { arr, isLinuxConfig, isObj, isWindowsConfig, namespaces, obj, specHref } from './helpers';

/** Report that `field` needs a namespace of `type`, with the fix that adds it. */
export function reportMissingNamespace(ctx: RuleContext, code: string, type: string, path: (string | number)[], what: string, href: string): void {
	const fix = addNamespaceFix(ctx.doc, type);
	ctx.report({ code, severity: 'error', message: `${what} needs a ${type} namespace; add {"type": "${type}"} to linux.namespaces.`, path, target: 'key', href, fixes: fix ? [fix] : undefined });
}

function nonEmpty(v: unknown): boolean {
	return Array.isArray(v) ? v.length > 0 : isObj(v) ? Object.keys(v).length > 0 : false;
}

/**
 * `linux.namespaces` and the fields that need a namespace: duplicates, absolute paths, user
 * namespace mappings, time offsets, hostname/domainname (UTS), masked/readonly paths (mount), net
 * devices (network). Sources: runtime-tools CheckLinux, runc configs/validate namespaces/uts/security.
 */
export const namespacesRule: Rule = {
	codes: [
		'namespace-duplicate', 'namespace-path-absolute', 'namespace-mappings-without-user', 'namespace-user-without-mappings',
		'namespace-user-path-and-mappings', 'namespace-time-offsets-without-time', 'namespace-time-offsets-with-path',
		'namespace-uts-required', 'namespace-mount-required', 'namespace-network-required',
	],
	check(ctx) {
		const linux = obj(ctx.config.linux);
		// Hostnames of other platforms (FreeBSD jails, z/OS, Windows) need no Linux UTS namespace.
		const linuxHost = isLinuxConfig(ctx.config) && !isWindowsConfig(ctx.config);
		if (!linux) {
			if (!linuxHost) return;
			for (const f of ['hostname', 'domainname']) {
				const v = ctx.config[f];
				if (typeof v === 'string' && v !== '') reportMissingNamespace(ctx, 'namespace-uts-required', 'uts', [f], f, specHref(ctx, 'config.md', f));
			}
			return;
		}
		const nsHref = specHref(ctx, 'config-linux.md', 'namespaces');
		const seen = new Set<string>();
		const list = arr(linux.namespaces);
		for (let i = 0; i < list.length; i++) {
			const n = list[i];
			if (!isObj(n) || typeof n.type !== 'string') continue;
			if (seen.has(n.type)) {
				const fix = removeElementFix(ctx.doc, ['linux', 'namespaces', i], `Remove the duplicate ${n.type} namespace`);
				ctx.report({ code: 'namespace-duplicate', severity: 'error', message: `the ${n.type} namespace is listed more than once; each namespace type may appear only once.`, path: ['linux', 'namespaces', i, 'type'], href: nsHref, fixes: fix ? [fix] : undefined });
			}
			seen.add(n.type);
			if (typeof n.path === 'string' && n.path !== '' && !n.path.startsWith('/')) {
				ctx.report({ code: 'namespace-path-absolute', severity: 'error', message: `namespace path "${n.path}" is not absolute; give the namespace file on the host, e.g. "/proc/1234/ns/${n.type === 'network' ? 'net' : n.type === 'mount' ? 'mnt' : n.type}".`, path: ['linux', 'namespaces', i, 'path'], href: nsHref });
			}
		}
		const ns = namespaces(ctx.config);
		const mapHref = specHref(ctx, 'config-linux.md', 'user-namespace-mappings');
		const user = ns.get('user');
		const hasUid = nonEmpty(linux.uidMappings);
		const hasGid = nonEmpty(linux.gidMappings);
		if (!user) {
			for (const f of ['uidMappings', 'gidMappings']) {
				if (nonEmpty(linux[f])) reportMissingNamespace(ctx, 'namespace-mappings-without-user', 'user', ['linux', f], `linux.${f}`, mapHref);
			}
		} else if (!user.path) {
			if (!hasUid || !hasGid) {
				const missing = !hasUid && !hasGid ? 'uidMappings and gidMappings' : !hasUid ? 'uidMappings' : 'gidMappings';
				ctx.report({ code: 'namespace-user-without-mappings', severity: 'error', message: `a new user namespace needs linux.${missing}; map at least one container id to a host id, e.g. {"containerID": 0, "hostID": 100000, "size": 65536}.`, path: ['linux', 'namespaces', user.index, 'type'], href: mapHref });
			}
		} else if (hasUid || hasGid) {
			ctx.report({ code: 'namespace-user-path-and-mappings', severity: 'warning', message: 'the user namespace is joined by path and linux.uidMappings/gidMappings are set too; the mappings of a joined namespace cannot change (runc requires them to match the namespace\'s own).', path: ['linux', hasUid ? 'uidMappings' : 'gidMappings'], target: 'key', href: mapHref });
		}
		if (linux.timeOffsets !== undefined) {
			const time = ns.get('time');
			const href = specHref(ctx, 'config-linux.md', 'offset-for-time-namespace');
			if (!time) reportMissingNamespace(ctx, 'namespace-time-offsets-without-time', 'time', ['linux', 'timeOffsets'], 'linux.timeOffsets', href);
			else if (time.path) ctx.report({ code: 'namespace-time-offsets-with-path', severity: 'error', message: 'linux.timeOffsets cannot be applied when joining an existing time namespace by path; remove the path or the offsets.', path: ['linux', 'timeOffsets'], target: 'key', href });
		}
		if (!ns.has('uts') && linuxHost) {
			for (const f of ['hostname', 'domainname']) {
				const v = ctx.config[f];
				if (typeof v === 'string' && v !== '') reportMissingNamespace(ctx, 'namespace-uts-required', 'uts', [f], f, specHref(ctx, 'config.md', f));
			}
		}
		if (!ns.has('mount')) {
			for (const f of ['maskedPaths', 'readonlyPaths']) {
				if (nonEmpty(linux[f])) reportMissingNamespace(ctx, 'namespace-mount-required', 'mount', ['linux', f], `linux.${f}`, specHref(ctx, 'config-linux.md', f === 'maskedPaths' ? 'masked-paths' : 'readonly-paths'));
			}
		}
		if (!ns.has('network') && nonEmpty(linux.netDevices)) {
			reportMissingNamespace(ctx, 'namespace-network-required', 'network', ['linux', 'netDevices'], 'linux.netDevices', specHref(ctx, 'config-linux.md', 'network-devices'));
		}
	},
};
