import type { ParsedDocument, Rule } from '../model';
import { LazyContainer } from '../fastParse';
import type { ParsedDocumentWithDiagnostics } from '../parseDocument';
import { obj, specHref } from './helpers';

const reserved = 'org.opencontainers';

/**
 * Can the annotations object `a` hold a key this rule reports? A config with tens of thousands of
 * annotations (a dictionary-mode object, whose key enumeration sorts them) is enumerated only when
 * one may be reported. The schema stage, which enumerates every map once anyway, may already have
 * seen that none does. Else answered from the text by native substring search, only for valid
 * JSON (the fast parser's tree) without a backslash (in the whole text, else in the object): then
 * every key is written as itself between quotes, so a reserved one puts `"org.opencontainers` in
 * the text. The empty key is looked up. Anything else: maybe (enumerate).
 */
function mayReport(doc: ParsedDocument, a: Record<string, unknown>): boolean {
	if ((doc as ParsedDocumentWithDiagnostics).noNotableMapKey) return false;
	if (!(doc.root instanceof LazyContainer) || Object.prototype.hasOwnProperty.call(a, '')) return true;
	// Without a backslash anywhere the annotations object need not be found in the text.
	if (doc.text.indexOf('\\') < 0) return doc.text.includes(`"${reserved}`);
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
		if (!a || !mayReport(ctx.doc, a)) return;
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
