import type { Rule, RuleContext } from '../model';
import { arr, isInt, isObj, obj, specHref } from './helpers';

/** A cpuset list as the kernel parses it: `0-3,5,7-8` (ranges ascending). */
export function isCpusetList(s: string): boolean {
	if (s.trim() === '') return true;
	return s.split(',').every((part) => {
		const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
		return !!m && (m[2] === undefined || Number(m[2]) >= Number(m[1]));
	});
}

function checkMemory(ctx: RuleContext, mem: Record<string, unknown>): void {
	const href = specHref(ctx, 'config-linux.md', 'memory');
	const at = (k: string) => ['linux', 'resources', 'memory', k];
	for (const k of ['limit', 'reservation', 'swap', 'kernel', 'kernelTCP']) {
		const v = mem[k];
		if (isInt(v) && v < -1) {
			ctx.report({ code: 'memory-limit-range', severity: 'error', message: `memory.${k} ${v} is out of range; use a byte count, or -1 for unlimited.`, path: at(k), href });
		}
	}
	const limit = isInt(mem.limit) && mem.limit > 0 ? mem.limit : undefined;
	if (limit !== undefined && isInt(mem.swap) && mem.swap >= 0 && mem.swap < limit) {
		ctx.report({ code: 'memory-swap-below-limit', severity: 'error', message: `memory.swap ${mem.swap} is below memory.limit ${limit}; swap is the memory+swap total and must be ≥ limit (or -1 for unlimited).`, path: at('swap'), href });
	}
	if (limit !== undefined && isInt(mem.reservation) && mem.reservation > limit) {
		ctx.report({ code: 'memory-reservation-above-limit', severity: 'error', message: `memory.reservation ${mem.reservation} is above memory.limit ${limit}; the soft limit must be ≤ the hard limit.`, path: at('reservation'), href });
	}
	for (const k of ['kernel', 'kernelTCP']) {
		if (mem[k] !== undefined) {
			ctx.report({ code: 'memory-kernel-deprecated', severity: 'warning', message: `memory.${k} is deprecated: cgroup v2 and Linux ≥ 5.16 have no separate kernel memory limit, runc ignores it; remove it.`, path: at(k), target: 'key', href });
		}
	}
}

function checkCpu(ctx: RuleContext, cpu: Record<string, unknown>): void {
	const href = specHref(ctx, 'config-linux.md', 'cpu');
	const at = (k: string) => ['linux', 'resources', 'cpu', k];
	if (isInt(cpu.period) && cpu.period !== 0 && (cpu.period < 1000 || cpu.period > 1000000)) {
		ctx.report({ code: 'cpu-period-range', severity: 'error', message: `cpu.period ${cpu.period} is out of range; the CFS period is 1000 to 1000000 microseconds (default 100000).`, path: at('period'), href });
	}
	if (isInt(cpu.quota) && cpu.quota !== 0 && cpu.quota !== -1 && cpu.quota < 1000) {
		ctx.report({ code: 'cpu-quota-range', severity: 'error', message: `cpu.quota ${cpu.quota} is out of range; the CFS quota is at least 1000 microseconds, or -1 for unlimited.`, path: at('quota'), href });
	}
	for (const k of ['cpus', 'mems']) {
		const v = cpu[k];
		if (typeof v === 'string' && !isCpusetList(v)) {
			ctx.report({ code: 'cpuset-syntax', severity: 'error', message: `cpu.${k} "${v}" is not a cpuset list; use comma-separated numbers and ascending ranges, e.g. "0-3,5".`, path: at(k), href });
		}
	}
}

/** `linux.resources`: memory, cpu, device cgroup, block I/O and unified values (runtime-tools CheckLinuxResources, runc cgroup conversion). */
export const resourcesRule: Rule = {
	codes: ['memory-limit-range', 'memory-swap-below-limit', 'memory-reservation-above-limit', 'memory-kernel-deprecated', 'cpu-period-range', 'cpu-quota-range', 'cpuset-syntax', 'device-cgroup-access', 'blkio-weight-range', 'blkio-weight-device-empty', 'cgroup-unified-key'],
	check(ctx) {
		const res = obj(obj(ctx.config.linux)?.resources);
		if (!res) return;
		const mem = obj(res.memory);
		if (mem) checkMemory(ctx, mem);
		const cpu = obj(res.cpu);
		if (cpu) checkCpu(ctx, cpu);
		arr(res.devices).forEach((d, i) => {
			if (isObj(d) && typeof d.access === 'string' && !/^[rwm]*$/.test(d.access)) {
				ctx.report({ code: 'device-cgroup-access', severity: 'error', message: `device cgroup access "${d.access}" is invalid; use a combination of r (read), w (write) and m (mknod), e.g. "rwm".`, path: ['linux', 'resources', 'devices', i, 'access'], href: specHref(ctx, 'config-linux.md', ctx.specVersion === '1.0.2' ? 'device-whitelist' : 'allowed-device-list') });
			}
		});
		const unified = obj(res.unified);
		if (unified) {
			for (const key of Object.keys(unified)) {
				if (key.includes('/') || key.indexOf('.') <= 0) {
					ctx.report({ code: 'cgroup-unified-key', severity: 'error', message: `unified key "${key}" is not a cgroup v2 file name; use CONTROLLER.PARAMETER without "/", e.g. "memory.high".`, path: ['linux', 'resources', 'unified', key], target: 'key', href: specHref(ctx, 'config-linux.md', 'unified') });
				}
			}
		}
		const blk = obj(res.blockIO);
		if (blk) {
			const href = specHref(ctx, 'config-linux.md', 'block-io');
			for (const k of ['weight', 'leafWeight']) {
				const v = blk[k];
				if (isInt(v) && v !== 0 && (v < 10 || v > 1000)) {
					ctx.report({ code: 'blkio-weight-range', severity: 'error', message: `blockIO.${k} ${v} is out of range; weights are 10 to 1000.`, path: ['linux', 'resources', 'blockIO', k], href });
				}
			}
			arr(blk.weightDevice).forEach((d, i) => {
				if (!isObj(d)) return;
				for (const k of ['weight', 'leafWeight']) {
					const v = d[k];
					if (isInt(v) && v !== 0 && (v < 10 || v > 1000)) {
						ctx.report({ code: 'blkio-weight-range', severity: 'error', message: `weightDevice ${k} ${v} is out of range; weights are 10 to 1000.`, path: ['linux', 'resources', 'blockIO', 'weightDevice', i, k], href });
					}
				}
				if (d.weight === undefined && d.leafWeight === undefined) {
					ctx.report({ code: 'blkio-weight-device-empty', severity: 'error', message: 'a blockIO.weightDevice entry needs weight or leafWeight (or both).', path: ['linux', 'resources', 'blockIO', 'weightDevice', i], href });
				}
			});
		}
	},
};
