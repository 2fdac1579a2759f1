import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
// jsonc-parser's ESM build: its UMD main defeats esbuild's bundling (dynamic requires).
import { findNodeAtOffset, getNodePath, parseTree, type Node } from 'jsonc-parser/lib/esm/main.js';
import type { ServerSettings } from '../common/settings';
import { describeAt, enumValuesAt } from '../lint/schemaInfo';
import type { DocumentLinter } from './documentLinter';
import { normalizeSysctl, sysctlScope, sysctlScopes } from '../lint/knowledge';
import { knownValuesAt } from './knownValues';
import { specVersionOf } from './specVersionOf';

/**
 * Hover on a key or a value: the field's documentation for the document's spec version with a link
 * to its spec section, and for a known value (capability, namespace type, seccomp action…) what
 * that value means.
 */
export function hover(doc: TextDocument, position: Position, linter: DocumentLinter, settings: ServerSettings): Hover | null {
	const text = doc.getText();
	const offset = doc.offsetAt(position);
	// The engine's tree when the text parses; jsonc-parser's tolerant tree while it does not.
	const root: Node | undefined = linter.parsed(doc).root ?? parseTree(text, [], { allowTrailingComma: true });
	if (!root) return null;
	const node = findNodeAtOffset(root, offset, true);
	if (!node || (node.type !== 'string' && node.type !== 'number' && node.type !== 'boolean' && node.type !== 'null')) return null;
	const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
	const path = getNodePath(node);
	const v = specVersionOf(doc, linter, settings);

	const parts: string[] = [];
	if (isKey && path.length === 3 && path[0] === 'linux' && path[1] === 'sysctl') parts.push(sysctlMeaning(String(node.value)));
	if (!isKey && node.type === 'string') {
		const meaning = valueMeaning(path, String(node.value), v);
		if (meaning) parts.push(meaning);
	}
	const description = describeAt(path, v);
	if (description) {
		parts.push(description.markdown);
		if (description.href) parts.push(`[runtime-spec: ${description.title}](${description.href})`);
	}
	if (parts.length === 0) return null;
	return {
		contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') },
		range: { start: doc.positionAt(node.offset), end: doc.positionAt(node.offset + node.length) },
	};
}

/** Which namespace a sysctl needs, the thing runc checks before it writes the value. */
function sysctlMeaning(name: string): string {
	const scope = sysctlScope(name);
	if (!scope) return `\`${name}\`: not isolated by any namespace; runc refuses to set it in a container.`;
	const family = sysctlScopes.find((s) => normalizeSysctl(name).startsWith(s.prefix));
	return `\`${name}\`: ${family?.description ?? `needs the container's own ${scope} namespace.`}`;
}

function valueMeaning(path: (string | number)[], value: string, v: ReturnType<typeof specVersionOf>): string | undefined {
	const known = knownValuesAt(path)?.values.find((x) => x.name === value);
	if (known) return `\`${known.name}\`: ${known.description}`;
	const enumValue = enumValuesAt(path, v).find((e) => e.value === value);
	if (enumValue?.markdown) return `\`${value}\`: ${enumValue.markdown}`;
	return undefined;
}
