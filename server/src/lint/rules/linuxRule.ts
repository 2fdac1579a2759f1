import type { Rule } from '../model';
import { isCpusetList } from './resourcesRule';
import { isObj, obj, specHref } from './helpers';

/** Memory policy modes that need a node list (runc configs/validate memoryPolicy). */
const nodesRequired = new Set(['MPOL_BIND', 'MPOL_INTERLEAVE', 'MPOL_PREFERRED_MANY', 'MPOL_WEIGHTED_INTERLEAVE']);

/** A Linux network interface name (IFNAMSIZ 16 with the NUL; no '/', ':', whitespace; not "." or ".."). */
export function isInterfaceName(n: string): boolean {
	return n.length > 0 && n.length <= 15 && n !== '.' && n !== '..' && !/[/:\s]/.test(n);
}

/**
 * Further `linux` values runc refuses: systemd-style cgroupsPath, net device names,
 * Intel RDT closID, memory policy nodes, personality flags (runc specconv, configs/validate).
 */
export const linuxRule: Rule = {
	codes: ['cgroups-path-systemd-format', 'netdevice-name', 'intel-rdt-clos-id', 'memory-policy-nodes', 'personality-flags-ignored'],
	check(ctx) {
		const linux = obj(ctx.config.linux);
		if (!linux) return;
		const cp = linux.cgroupsPath;
		if (typeof cp === 'string' && cp.includes(':')) {
			const parts = cp.split(':');
			const bad = parts.length !== 3 || (parts[0] !== '' && !parts[0].endsWith('.slice')) || parts[0].includes('/');
			if (bad) {
				ctx.report({ code: 'cgroups-path-systemd-format', severity: 'warning', message: `cgroupsPath "${cp}" looks like a systemd path but is not "slice:prefix:name" (e.g. "system.slice:runc:mycontainer"); with the systemd cgroup driver runc refuses it.`, path: ['linux', 'cgroupsPath'], href: specHref(ctx, 'config-linux.md', 'cgroups-path') });
			}
		}
		const nd = obj(linux.netDevices);
		if (nd) {
			const href = specHref(ctx, 'config-linux.md', 'network-devices');
			for (const [name, dev] of Object.entries(nd)) {
				if (!isInterfaceName(name)) {
					ctx.report({ code: 'netdevice-name', severity: 'error', message: `"${name}" is not a valid network interface name; names are 1 to 15 characters without "/", ":" or whitespace, and not "." or "..".`, path: ['linux', 'netDevices', name], target: 'key', href });
				}
				if (isObj(dev) && typeof dev.name === 'string' && !isInterfaceName(dev.name)) {
					ctx.report({ code: 'netdevice-name', severity: 'error', message: `"${dev.name}" is not a valid network interface name; names are 1 to 15 characters without "/", ":" or whitespace, and not "." or "..".`, path: ['linux', 'netDevices', name, 'name'], href });
				}
			}
		}
		const mp = obj(linux.memoryPolicy);
		if (mp && typeof mp.mode === 'string') {
			const href = specHref(ctx, 'config-linux.md', 'memory-policy');
			const nodes = typeof mp.nodes === 'string' ? mp.nodes.trim() : '';
			if (nodes !== '' && !isCpusetList(nodes)) {
				ctx.report({ code: 'memory-policy-nodes', severity: 'error', message: `memoryPolicy.nodes "${String(mp.nodes)}" is not a node list; use comma-separated numbers and ranges, e.g. "0-1,3".`, path: ['linux', 'memoryPolicy', 'nodes'], href });
			} else if ((mp.mode === 'MPOL_DEFAULT' || mp.mode === 'MPOL_LOCAL') && nodes !== '') {
				ctx.report({ code: 'memory-policy-nodes', severity: 'error', message: `memoryPolicy mode ${mp.mode} takes no nodes; remove "nodes".`, path: ['linux', 'memoryPolicy', 'nodes'], href });
			} else if (nodesRequired.has(mp.mode) && nodes === '') {
				ctx.report({ code: 'memory-policy-nodes', severity: 'error', message: `memoryPolicy mode ${mp.mode} needs at least one node in "nodes", e.g. "0".`, path: ['linux', 'memoryPolicy', mp.nodes === undefined ? 'mode' : 'nodes'], href });
			}
		}
		const pers = obj(linux.personality);
		if (pers && Array.isArray(pers.flags) && pers.flags.length > 0) {
			ctx.report({ code: 'personality-flags-ignored', severity: 'warning', message: 'personality.flags are ignored: runc supports only the domain (LINUX or LINUX32) and warns "ignoring unsupported personality flags".', path: ['linux', 'personality', 'flags'], target: 'key', href: specHref(ctx, 'config-linux.md', 'personality') });
		}
		const rdt = obj(linux.intelRdt);
		if (rdt && typeof rdt.closID === 'string' && (rdt.closID === '.' || rdt.closID === '..' || rdt.closID.includes('/'))) {
			ctx.report({ code: 'intel-rdt-clos-id', severity: 'error', message: `intelRdt.closID "${rdt.closID}" is invalid; it names a directory under /sys/fs/resctrl and must not be "." or ".." or contain "/".`, path: ['linux', 'intelRdt', 'closID'], href: specHref(ctx, 'config-linux.md', 'intelrdt') });
		}
	},
};
