// jsonc-parser's ESM build: its UMD main defeats esbuild's bundling (dynamic requires).
import { findNodeAtLocation, getLocation, parseTree, type Node } from 'jsonc-parser/lib/esm/main.js';
import type { JsonPath } from '../lint';

/** Where the cursor is, in JSON terms, for completion. */
export type CursorContext =
	| {
			kind: 'key';
			/** Path of the object whose key is being typed. */
			objectPath: JsonPath;
			/** Keys already present in that object (except the one under the cursor). */
			existingKeys: Set<string>;
			/** Text range the completion replaces: the key string (quotes included) or the word typed. */
			replace: { start: number; end: number };
			/** A colon already follows the key: insert the key only. */
			hasColon: boolean;
			/** Another member follows: the inserted member needs a trailing comma. */
			needsComma: boolean;
	  }
	| {
			kind: 'value';
			/** Path of the value (an object member or an array element). */
			path: JsonPath;
			/** The string the cursor is in (quotes included) or the word typed. */
			replace: { start: number; end: number };
			/** Sibling string values when the value is an array element. */
			siblings: Set<string>;
	  }
	| { kind: 'none' };

const word = /[A-Za-z0-9_.\-+]/;

/**
 * Analyses the cursor position in a possibly broken JSON text (the user is typing): in an empty
 * object, in a half-typed key, after a key's colon, inside a string value, in an array.
 * Uses jsonc-parser's error-tolerant scanner, so any text gives an answer.
 */
export function cursorContext(text: string, offset: number): CursorContext {
	const location = getLocation(text, offset);
	const prev = location.previousNode;
	let replace = wordAt(text, offset);
	if (prev && (prev.type === 'string' || prev.type === 'property')) {
		const end = prev.offset + prev.length;
		const closed = prev.length >= 2 && text[end - 1] === '"';
		if (offset <= prev.offset || (closed && offset >= end)) return { kind: 'none' };
		replace = { start: prev.offset, end };
	} else if (prev) {
		// A number, literal or container right before the cursor: the value is complete.
		return { kind: 'none' };
	}
	const path = location.path.slice();
	if (path.length === 0) return { kind: 'none' };
	const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });

	if (location.isAtPropertyKey) {
		const objectPath = path.slice(0, -1);
		const object = tree ? (objectPath.length ? findNodeAtLocation(tree, objectPath) : tree) : undefined;
		const existingKeys = new Set<string>();
		for (const property of object?.type === 'object' ? object.children ?? [] : []) {
			const key = property.children?.[0];
			if (key && !(key.offset <= offset && offset <= key.offset + key.length)) existingKeys.add(String(key.value));
		}
		const after = text.slice(replace.end).match(/^\s*(.)/)?.[1];
		return { kind: 'key', objectPath, existingKeys, replace, hasColon: after === ':', needsComma: after === '"' };
	}

	const siblings = new Set<string>();
	if (typeof path[path.length - 1] === 'number' && tree) {
		const array: Node | undefined = path.length > 1 ? findNodeAtLocation(tree, path.slice(0, -1)) : tree;
		for (const item of array?.type === 'array' ? array.children ?? [] : []) {
			if (item.type === 'string' && !(item.offset <= offset && offset <= item.offset + item.length)) siblings.add(String(item.value));
		}
	}
	return { kind: 'value', path, replace, siblings };
}

function wordAt(text: string, offset: number): { start: number; end: number } {
	let start = offset;
	while (start > 0 && word.test(text[start - 1])) start--;
	let end = offset;
	while (end < text.length && word.test(text[end])) end++;
	return { start, end };
}
