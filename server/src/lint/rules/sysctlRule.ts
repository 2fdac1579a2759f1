import { normalizeSysctl, sysctlScope } from '../knowledge/sysctls';
import type { Rule } from '../model';
import { namespaces, obj, specHref } from './helpers';
import { reportMissingNamespace } from './namespacesRule';

/** `linux.sysctl`: each key must be namespaced, and its namespace present (runc configs/validate sysctl). */
export const sysctlRule: Rule = {
	codes: ['sysctl-namespace-required', 'sysctl-not-namespaced', 'sysctl-hostname-conflict'],
	check(ctx) {
		const sysctl = obj(obj(ctx.config.linux)?.sysctl);
		if (!sysctl) return;
		const ns = namespaces(ctx.config);
		const href = specHref(ctx, 'config-linux.md', 'sysctl');
		for (const key of Object.keys(sysctl)) {
			const path = ['linux', 'sysctl', key];
			const scope = sysctlScope(key);
			if (!scope) {
				ctx.report({ code: 'sysctl-not-namespaced', severity: 'error', message: `sysctl "${key}" is not namespaced by the kernel, so a container cannot set it (runc refuses it); only net.*, fs.mqueue.*, kernel.msg*/shm*/sem and kernel.domainname are.`, path, target: 'key', href });
				continue;
			}
			if (!ns.has(scope)) {
				reportMissingNamespace(ctx, 'sysctl-namespace-required', scope, path, `sysctl "${key}"`, href);
				continue;
			}
			if (normalizeSysctl(key) === 'kernel.hostname') {
				ctx.report({ code: 'sysctl-hostname-conflict', severity: 'error', message: 'sysctl "kernel.hostname" conflicts with the hostname field (runc refuses it); set "hostname" instead.', path, target: 'key', href });
			}
		}
	},
};
