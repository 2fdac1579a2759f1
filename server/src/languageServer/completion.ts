import {
	CompletionItemKind,
	CompletionItemTag,
	InsertTextFormat,
	MarkupKind,
	type CompletionItem,
	type CompletionList,
	type Position,
	type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../common/settings';
import type { JsonPath, SpecVersion } from '../lint';
import { enumValuesAt, propertiesAt, valueKindAt } from '../lint/schemaInfo';
import { cursorContext } from './cursorContext';
import type { DocumentLinter } from './documentLinter';
import { knownValuesAt } from './knownValues';
import { specVersionOf } from './specVersionOf';

/**
 * Completion at the cursor: the keys the schema allows in the object (minus those present), with a
 * value skeleton; or the values allowed at a value position (domain lists such as capability names,
 * namespace types, seccomp actions, mount options, plus schema enums and booleans), whether the cursor
 * is after a colon, inside a string or in an array.
 */
export function completion(doc: TextDocument, position: Position, linter: DocumentLinter, settings: ServerSettings, snippets: boolean): CompletionList {
	const text = doc.getText();
	const ctx = cursorContext(text, doc.offsetAt(position));
	const v = specVersionOf(doc, linter, settings);
	const range: Range | undefined = ctx.kind === 'none' ? undefined : { start: doc.positionAt(ctx.replace.start), end: doc.positionAt(ctx.replace.end) };
	const items: CompletionItem[] = [];
	if (ctx.kind === 'key' && range) {
		for (const p of propertiesAt(ctx.objectPath, v)) {
			if (ctx.existingKeys.has(p.name)) continue;
			const key = JSON.stringify(p.name);
			const valuePath = [...ctx.objectPath, p.name];
			const kind = valueKindAt(valuePath, v);
			const skeleton = ctx.hasColon ? '' : `: ${valueSkeleton(p.snippet, kind, snippets)}${ctx.needsComma ? ',' : ''}`;
			// A value from a list (namespace type, capabilities…) comes next: open its suggestions at once, as
			// VS Code's JSON does. Booleans already get a choice snippet.
			const suggestNext = !ctx.hasColon && !p.snippet && kind !== 'boolean' && (valuesAt(valuePath, v, noSiblings).length > 0 || valuesAt([...valuePath, 0], v, noSiblings).length > 0);
			items.push({
				command: suggestNext ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
				label: p.name,
				kind: CompletionItemKind.Property,
				documentation: { kind: MarkupKind.Markdown, value: p.markdown },
				tags: p.deprecated ? [CompletionItemTag.Deprecated] : undefined,
				sortText: `${p.required ? '0' : '1'}${p.name}`,
				filterText: key,
				insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
				textEdit: { range, newText: key + skeleton },
			});
		}
	} else if (ctx.kind === 'value' && range) {
		const inString = text[ctx.replace.start] === '"';
		for (const value of valuesAt(ctx.path, v, ctx.siblings)) {
			const newText = typeof value.value === 'string' ? JSON.stringify(value.value) : String(value.value);
			items.push({
				label: String(value.value),
				kind: CompletionItemKind.EnumMember,
				documentation: value.doc ? { kind: MarkupKind.Markdown, value: value.doc } : undefined,
				filterText: inString ? newText : String(value.value),
				textEdit: { range, newText },
			});
		}
		if (items.length === 0 && !inString) {
			const kind = valueKindAt(ctx.path, v);
			if (kind === 'object' || kind === 'array') {
				items.push({
					label: kind === 'object' ? '{}' : '[]',
					kind: CompletionItemKind.Value,
					insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
					textEdit: { range, newText: valueSkeleton(undefined, kind, snippets) },
				});
			}
		}
	}
	return { isIncomplete: false, items };
}

const noSiblings: ReadonlySet<string> = new Set();

interface Candidate {
	value: string | number | boolean;
	doc?: string;
}

/** Domain values first (they carry descriptions), then schema enum values not already listed. */
function valuesAt(path: JsonPath, v: SpecVersion, siblings: ReadonlySet<string>): Candidate[] {
	const out: Candidate[] = [];
	const seen = new Set<string | number | boolean>();
	const known = knownValuesAt(path);
	for (const x of known?.values ?? []) {
		if (known?.unique && siblings.has(x.name)) continue;
		seen.add(x.name);
		out.push({ value: x.name, doc: x.description });
	}
	for (const e of enumValuesAt(path, v)) {
		if (seen.has(e.value)) continue;
		seen.add(e.value);
		out.push({ value: e.value, doc: e.markdown });
	}
	return out;
}

/** The value inserted after a completed key: the schema's snippet, else one by value kind. */
function valueSkeleton(snippet: string | undefined, kind: string | undefined, snippets: boolean): string {
	if (snippet) return snippets ? snippet : plain(snippet);
	switch (kind) {
		case 'object':
			return snippets ? '{$1}' : '{}';
		case 'array':
			return snippets ? '[$1]' : '[]';
		case 'string':
			return snippets ? '"$1"' : '""';
		case 'boolean':
			return snippets ? '${1|true,false|}' : 'false';
		case 'integer':
		case 'number':
			return snippets ? '${1:0}' : '0';
		default:
			return snippets ? '$1' : '';
	}
}

/** A snippet as plain text, for clients without snippet support: placeholders keep their defaults. */
function plain(snippet: string): string {
	return snippet
		.replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
		.replace(/\$\{\d+:([^}]*)\}/g, '$1')
		.replace(/\$\{\d+\}|\$\d+/g, '')
		.replace(/\\([$}\\])/g, '$1');
}
