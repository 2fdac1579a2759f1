import type { Rule } from '../model';
import { removeElementFix, replaceValueFix } from './fixes';
import { arr, isInt, isObj, obj, specHref, toAbsolute } from './helpers';

/** `linux.devices`: absolute paths, major/minor for c/b/u, no duplicates (runtime-tools CheckLinux devices). */
export const devicesRule: Rule = {
	codes: ['device-path-absolute', 'device-major-minor-required', 'device-fifo-numbers', 'device-duplicate-path', 'device-duplicate-number'],
	check(ctx) {
		const href = specHref(ctx, 'config-linux.md', 'devices');
		const paths = new Set<string>();
		const numbers = new Map<string, string>();
		arr(obj(ctx.config.linux)?.devices).forEach((d, i) => {
			if (!isObj(d)) return;
			const base = ['linux', 'devices', i];
			if (typeof d.path === 'string') {
				if (!d.path.startsWith('/')) {
					const abs = toAbsolute(d.path);
					const fix = replaceValueFix(ctx.doc, [...base, 'path'], abs, `Change to "${abs}"`);
					ctx.report({ code: 'device-path-absolute', severity: 'error', message: `device path "${d.path}" is not absolute; give the path in the container, e.g. "${abs}".`, path: [...base, 'path'], href, fixes: fix ? [fix] : undefined });
				}
				if (paths.has(d.path)) {
					const fix = removeElementFix(ctx.doc, base, `Remove the duplicate ${d.path} device`);
					ctx.report({ code: 'device-duplicate-path', severity: 'error', message: `device ${d.path} is listed more than once; each path may appear only once.`, path: [...base, 'path'], href, fixes: fix ? [fix] : undefined });
				}
				paths.add(d.path);
			}
			const type = d.type;
			if (type === 'c' || type === 'b' || type === 'u') {
				const missing = ['major', 'minor'].filter((k) => !isInt(d[k]));
				if (missing.length) {
					ctx.report({ code: 'device-major-minor-required', severity: 'error', message: `a device of type "${type}" needs ${missing.join(' and ')} (the device number, as in ls -l /dev).`, path: [...base, 'type'], href });
				} else {
					const id = `${type}:${String(d.major)}:${String(d.minor)}`;
					const first = numbers.get(id);
					if (first !== undefined && first !== d.path) {
						ctx.report({ code: 'device-duplicate-number', severity: 'warning', message: `device ${String(d.path)} has the same type and number (${id}) as ${first}.`, path: [...base, 'major'], target: 'key', href });
					}
					if (first === undefined) numbers.set(id, String(d.path));
				}
			} else if (type === 'p' && ((isInt(d.major) && d.major !== 0) || (isInt(d.minor) && d.minor !== 0))) {
				ctx.report({ code: 'device-fifo-numbers', severity: 'warning', message: 'a FIFO (type "p") has no device number; major and minor are ignored, remove them.', path: [...base, isInt(d.major) ? 'major' : 'minor'], target: 'key', href });
			}
		});
	},
};
