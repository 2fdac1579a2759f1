/**
 * Builders of quick fixes (text edits on `doc.text`). Every builder returns undefined when it cannot
 * produce an edit that leaves the document valid JSON.
 */
import type { JsonPath, ParsedDocument } from '../model';
import type { Fix, TextEdit } from '../types';

/** Replace the value at `path` with `value` (serialized as JSON). */
export function replaceValueFix(doc: ParsedDocument, path: JsonPath, value: unknown, title: string, isPreferred = true): Fix | undefined {
	const node = doc.nodeAt(path);
	if (!node) return undefined;
	return { title, isPreferred, edits: [{ offset: node.offset, length: node.length, newText: JSON.stringify(value) }] };
}

/** Remove the array element at `path`, with the comma that separates it from its neighbour. */
export function removeElementFix(doc: ParsedDocument, path: JsonPath, title: string): Fix | undefined {
	const node = doc.nodeAt(path);
	const parent = node?.parent;
	if (!node || !parent || parent.type !== 'array' || !parent.children) return undefined;
	const siblings = parent.children;
	const i = siblings.indexOf(node);
	let edit: TextEdit;
	if (i > 0) {
		const prev = siblings[i - 1];
		const start = prev.offset + prev.length;
		edit = { offset: start, length: node.offset + node.length - start, newText: '' };
	} else if (siblings.length > 1) {
		const next = siblings[1];
		edit = { offset: node.offset, length: next.offset - node.offset, newText: '' };
	} else {
		edit = { offset: node.offset, length: node.length, newText: '' };
	}
	return { title, isPreferred: true, edits: [edit] };
}

/** Leading whitespace of the line that contains `offset`. */
function indentAt(text: string, offset: number): string {
	const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
	const m = /^[ \t]*/.exec(text.slice(lineStart, offset));
	return m ? m[0] : '';
}

/** Does the text between two offsets contain a line break? */
function multiline(text: string, from: number, to: number): boolean {
	return text.slice(from, to).includes('\n');
}

/**
 * Insert `{"type": T}` into `linux.namespaces`, creating the array (and the `linux` object) when
 * missing, indented like the surrounding text.
 */
export function addNamespaceFix(doc: ParsedDocument, type: string): Fix | undefined {
	const title = `Add a ${type} namespace to linux.namespaces`;
	const text = doc.text;
	const entry = `{"type": ${JSON.stringify(type)}}`;
	const array = doc.nodeAt(['linux', 'namespaces']);
	if (array) {
		if (array.type !== 'array') return undefined;
		const kids = array.children ?? [];
		if (kids.length === 0) {
			return { title, isPreferred: true, edits: [{ offset: array.offset + 1, length: array.length - 2, newText: entry }] };
		}
		const last = kids[kids.length - 1];
		let item = entry;
		if (last.type === 'object' && last.children?.length && multiline(text, last.offset, last.offset + last.length)) {
			const inner = indentAt(text, last.children[0].offset);
			const outer = indentAt(text, last.offset + last.length - 1);
			item = `{\n${inner}"type": ${JSON.stringify(type)}\n${outer}}`;
		} else if (last.type === 'object' && text.slice(last.offset, last.offset + 2) === '{ ') {
			item = `{ "type": ${JSON.stringify(type)} }`;
		}
		const sep = multiline(text, array.offset, last.offset) ? ',\n' + indentAt(text, last.offset) : ', ';
		return { title, isPreferred: true, edits: [{ offset: last.offset + last.length, length: 0, newText: sep + item }] };
	}
	const linux = doc.nodeAt(['linux']);
	if (linux) {
		if (linux.type !== 'object') return undefined;
		return insertProperty(doc, linux, 'namespaces', `[${entry}]`, title);
	}
	if (!doc.root || doc.root.type !== 'object') return undefined;
	return insertProperty(doc, doc.root, 'linux', `{"namespaces": [${entry}]}`, title);
}

/** Insert `"key": rawValue` as the last property of an object node. */
function insertProperty(doc: ParsedDocument, objectNode: NonNullable<ReturnType<ParsedDocument['nodeAt']>>, key: string, rawValue: string, title: string): Fix {
	const text = doc.text;
	const props = objectNode.children ?? [];
	const member = `${JSON.stringify(key)}: ${rawValue}`;
	if (props.length === 0) {
		return { title, isPreferred: true, edits: [{ offset: objectNode.offset + 1, length: objectNode.length - 2, newText: member }] };
	}
	const last = props[props.length - 1];
	const sep = multiline(text, objectNode.offset, last.offset) ? ',\n' + indentAt(text, last.offset) : ', ';
	return { title, isPreferred: true, edits: [{ offset: last.offset + last.length, length: 0, newText: sep + member }] };
}
