/**
 * The parsed-document model every lint stage shares (pure core).
 * Nodes have jsonc-parser's `Node` shape (type, offset, length, value, children, parent,
 * colonOffset), whichever parser produced them, so rules can use jsonc-parser's helpers.
 */
import type { Node } from 'jsonc-parser';
import type { Fix, LintFileSystem, Position, Severity, SpecVersion } from './types';

export type JsonNode = Node;
export type JsonPath = (string | number)[];

export interface ParsedDocument {
	text: string;
	/** undefined when the text has no value at all (empty file, fatal syntax error). */
	root: JsonNode | undefined;
	/** The document's value as plain JS (duplicate keys: the last one wins, as in runc). */
	value: unknown;
	/** 0-based LSP position of a UTF-16 offset. */
	positionAt(offset: number): Position;
	/** The node at a path, e.g. ['process', 'args', 0]; undefined when absent. */
	nodeAt(path: JsonPath): JsonNode | undefined;
}

export interface ReportInput {
	code: string;
	severity: Severity;
	message: string;
	/** Path of the offending value; the JSON pointer is derived from it. */
	path: JsonPath;
	/** Highlight the property key instead of the value (e.g. unknown or misspelled keys). */
	target?: 'key' | 'value';
	/** Spec section link; default: the rule's own href. */
	href?: string;
	fixes?: Fix[];
}

export interface RuleContext {
	doc: ParsedDocument;
	/** `doc.value` when it is an object, else {}. */
	config: Record<string, unknown>;
	specVersion: SpecVersion;
	/** Bundle directory when bundle-aware rules may run; undefined otherwise. */
	bundleDir: string | undefined;
	fs: LintFileSystem;
	report(d: ReportInput): void;
}

export interface Rule {
	/** Every code this rule may report (documented in docs/rules.md). */
	codes: readonly string[];
	/** Runs only with a bundle directory (reads the host file system). */
	bundle?: boolean;
	check(ctx: RuleContext): void;
}
