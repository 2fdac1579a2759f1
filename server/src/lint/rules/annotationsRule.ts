import type { ParsedDocument, Rule } from '../model';
import { LazyContainer } from '../fastParse';
import { obj, specHref } from './helpers';

const reserved = 'org.opencontainers';

/**
 * Can the annotations object hold a key this rule reports? Answered from the text by native
 * substring search, so a config with tens of thousands of annotations (a dictionary-mode object,
 * whose key enumeration sorts them) is enumerated only when one may be reported. Only for valid
 * JSON (the fast parser's tree) without a backslash in the object: then every key is written as
 * itself between quotes, so an empty key puts `""` in the text and a reserved one
 * `"org.opencontainers`. Anything else: maybe (enumerate).
 */
function mayReport(doc: ParsedDocument): boolean {
	if (!(doc.root instanceof LazyContainer)) return true;
	const node = doc.nodeAt(['annotations']);
	if (!node || node.type !== 'object') return true;
	const t = doc.text;
	const start = node.offset;
	const end = node.offset + node.length;
	const within = (i: number): boolean => i >= 0 && i < end;
	return within(t.indexOf('\\', start)) || within(t.indexOf('""', start)) || within(t.indexOf(`"${reserved}`, start));
}

/** `annotations`: non-empty keys; the `org.opencontainers` namespace is reserved (runtime-tools CheckAnnotations). */
export const annotationsRule: Rule = {
	codes: ['annotation-key-empty', 'annotation-reserved-prefix'],
	check(ctx) {
		const a = obj(ctx.config.annotations);
		if (!a || !mayReport(ctx.doc)) return;
		const href = specHref(ctx, 'config.md', 'annotations');
		for (const key of Object.keys(a)) {
			if (key === '') {
				ctx.report({ code: 'annotation-key-empty', severity: 'error', message: 'an annotation key is empty; keys are non-empty, ideally reverse-domain names such as "com.example.key".', path: ['annotations', key], target: 'key', href });
			} else if (key.startsWith(reserved)) {
				ctx.report({ code: 'annotation-reserved-prefix', severity: 'warning', message: `annotation key "${key}" uses the reserved org.opencontainers namespace; use your own reverse-domain prefix, e.g. "com.example.${key.split('.').pop() ?? 'key'}".`, path: ['annotations', key], target: 'key', href });
			}
		}
	},
};
