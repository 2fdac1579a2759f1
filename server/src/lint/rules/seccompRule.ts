import { seccompMaxArgIndex } from '../knowledge/seccomp';
import type { Rule } from '../model';
import { arr, isInt, isObj, obj, specHref } from './helpers';

const NOTIFY = 'SCMP_ACT_NOTIFY';

/**
 * `linux.seccomp`: the notify listener, syscall names, argument indexes and errnoRet (runtime-spec
 * config-linux.md#seccomp; runc specconv SetupSeccomp).
 */
export const seccompRule: Rule = {
	codes: ['seccomp-notify-listener-required', 'seccomp-listener-metadata-without-path', 'seccomp-notify-default-action', 'seccomp-notify-write', 'seccomp-syscall-name-empty', 'seccomp-arg-index-range', 'seccomp-errno-ret-action'],
	check(ctx) {
		const s = obj(obj(ctx.config.linux)?.seccomp);
		if (!s) return;
		const href = specHref(ctx, 'config-linux.md', 'seccomp');
		const base = ['linux', 'seccomp'];
		const hasListener = typeof s.listenerPath === 'string' && s.listenerPath !== '';
		if (s.defaultAction === NOTIFY) {
			ctx.report({ code: 'seccomp-notify-default-action', severity: 'error', message: 'SCMP_ACT_NOTIFY cannot be the default action (runc refuses it: the agent would have to answer every syscall, including its own); use it for selected syscalls.', path: [...base, 'defaultAction'], href });
		}
		if (s.listenerMetadata !== undefined && !hasListener) {
			ctx.report({ code: 'seccomp-listener-metadata-without-path', severity: 'error', message: 'listenerMetadata is set but listenerPath is not; metadata is sent to the listener, so set listenerPath too.', path: [...base, 'listenerMetadata'], target: 'key', href });
		}
		let notifyReported = false;
		arr(s.syscalls).forEach((sc, i) => {
			if (!isObj(sc)) return;
			const at = [...base, 'syscalls', i];
			const names = arr(sc.names);
			names.forEach((n, j) => {
				if (n === '') ctx.report({ code: 'seccomp-syscall-name-empty', severity: 'error', message: 'a syscall name is empty; give the name of a system call, e.g. "read".', path: [...at, 'names', j], href });
			});
			if (sc.action === NOTIFY) {
				if (!hasListener && !notifyReported) {
					notifyReported = true;
					ctx.report({ code: 'seccomp-notify-listener-required', severity: 'error', message: 'SCMP_ACT_NOTIFY is used but linux.seccomp.listenerPath is not set; give the UNIX socket of the seccomp agent.', path: [...at, 'action'], href });
				}
				const w = names.indexOf('write');
				if (w >= 0) ctx.report({ code: 'seccomp-notify-write', severity: 'error', message: 'SCMP_ACT_NOTIFY cannot be used for "write" (runc refuses it: the runtime itself writes while sending the listener fd).', path: [...at, 'names', w], href });
			}
			arr(sc.args).forEach((a, k) => {
				if (isObj(a) && isInt(a.index) && a.index > seccompMaxArgIndex) {
					ctx.report({ code: 'seccomp-arg-index-range', severity: 'error', message: `argument index ${a.index} is out of range; system calls have at most six arguments, index 0 to ${seccompMaxArgIndex}.`, path: [...at, 'args', k, 'index'], href });
				}
			});
			if (sc.errnoRet !== undefined && typeof sc.action === 'string' && sc.action !== 'SCMP_ACT_ERRNO' && sc.action !== 'SCMP_ACT_TRACE') {
				ctx.report({ code: 'seccomp-errno-ret-action', severity: 'warning', message: `errnoRet is ignored with ${sc.action}; it applies only to SCMP_ACT_ERRNO and SCMP_ACT_TRACE.`, path: [...at, 'errnoRet'], target: 'key', href });
			}
		});
		if (s.defaultErrnoRet !== undefined && typeof s.defaultAction === 'string' && s.defaultAction !== 'SCMP_ACT_ERRNO' && s.defaultAction !== 'SCMP_ACT_TRACE') {
			ctx.report({ code: 'seccomp-errno-ret-action', severity: 'warning', message: `defaultErrnoRet is ignored with defaultAction ${s.defaultAction}; it applies only to SCMP_ACT_ERRNO and SCMP_ACT_TRACE.`, path: [...base, 'defaultErrnoRet'], target: 'key', href });
		}
	},
};
