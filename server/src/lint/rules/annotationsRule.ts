import type { Rule } from '../model';
import { obj, specHref } from './helpers';

/** `annotations`: non-empty keys; the `org.opencontainers` namespace is reserved (runtime-tools CheckAnnotations). */
export const annotationsRule: Rule = {
	codes: ['annotation-key-empty', 'annotation-reserved-prefix'],
	check(ctx) {
		const a = obj(ctx.config.annotations);
		if (!a) return;
		const href = specHref(ctx, 'config.md', 'annotations');
		for (const key of Object.keys(a)) {
			if (key === '') {
				ctx.report({ code: 'annotation-key-empty', severity: 'error', message: 'an annotation key is empty; keys are non-empty, ideally reverse-domain names such as "com.example.key".', path: ['annotations', key], target: 'key', href });
			} else if (key.startsWith('org.opencontainers')) {
				ctx.report({ code: 'annotation-reserved-prefix', severity: 'warning', message: `annotation key "${key}" uses the reserved org.opencontainers namespace; use your own reverse-domain prefix, e.g. "com.example.${key.split('.').pop() ?? 'key'}".`, path: ['annotations', key], target: 'key', href });
			}
		}
	},
};
