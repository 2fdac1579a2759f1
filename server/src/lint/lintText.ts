import { basename, dirname, resolve } from 'node:path';
import type { JsonPath, ParsedDocument, ReportInput, Rule, RuleContext } from './model';
import type { LintDiagnostic, LintOptions, LintResult, Position, Severity } from './types';
import { duplicateKeyDiagnostics, parseDocumentDeferringDuplicates, parseDocumentFull, type ParsedDocumentWithDiagnostics } from './parseDocument';
import { countKeys, LazyContainer, type ProvisionalGate } from './fastParse';
import { maxDepth } from './limits';
import { pointer } from './pointer';
import { nodeFileSystem } from './nodeFileSystem';
import { rules as allRules } from './rules/index';
import { newestSpecVersion, resolveSpecVersion, specHref } from './schema/specVersion';
import { versionLabel } from './schema/schemaModel';
import { validateSchemaCountingKeys, type KeyCount } from './schema/validateSchema';
import { decodeUtf8 } from './decodeUtf8';
import { meaningfulDiagnostics, recoverDocument } from './recoverDocument';
import { demoteConflictingFixes } from './demoteConflictingFixes';

const internalHref = 'https://github.com/opencontainers/runtime-spec/blob/main/config.md';

/**
 * Lints a config text: parse → schema (by `ociVersion`, or `options.specVersion`) → Go number
 * checks → semantic rules → bundle rules (only with a bundle dir) → `options.rules` overrides.
 * Never throws; diagnostics are sorted by position.
 */
export function lintText(text: string, options: LintOptions = {}): LintResult {
	return lintTextWithRules(text, options, allRules);
}

/** {@link lintText} with an explicit rule list (tests inject rules through it). */
export function lintTextWithRules(text: string, options: LintOptions, ruleList: readonly Rule[]): LintResult {
	return lintSource(text, options, ruleList);
}

/**
 * Lints raw file bytes (the CLI reads bytes): invalid UTF-8 is an error naming the byte offset;
 * the text is then linted with the bad bytes replaced by U+FFFD.
 */
export function lintBytes(bytes: Uint8Array, options: LintOptions = {}): LintResult {
	const { text, invalidByteOffset, invalidTextOffset } = decodeUtf8(bytes);
	if (invalidByteOffset === undefined) return lintSource(text, options, allRules);
	const at = invalidTextOffset ?? 0;
	return lintSource(text, options, allRules, (doc) => ({
		severity: 'error',
		code: 'invalid-utf8',
		message: `Invalid UTF-8 at byte offset ${invalidByteOffset} (0x${bytes[invalidByteOffset].toString(16).padStart(2, '0')}): a config must be UTF-8 text. Re-save the file as UTF-8.`,
		pointer: '',
		range: { start: doc.positionAt(at), end: doc.positionAt(Math.min(text.length, at + 1)) },
		href: internalHref,
	}));
}

/** Thrown when a large text's deferred gate finds nesting beyond Go's limit: the full parser must report it. */
class TooDeep extends Error {}

/** Parses `text` (fast path when it can) and lints it; `extra` adds a diagnostic after the parser's. */
function lintSource(text: string, options: LintOptions, ruleList: readonly Rule[], extra?: (doc: ParsedDocumentWithDiagnostics) => LintDiagnostic): LintResult {
	const { doc, keysInText, gate } = parseDocumentDeferringDuplicates(text);
	const diagnostics = doc.diagnostics.slice();
	if (extra) diagnostics.push(extra(doc));
	try {
		return lintParsed(doc, diagnostics, options, ruleList, keysInText, gate);
	} catch (e) {
		if (!(e instanceof TooDeep)) throw e;
	}
	const full = parseDocumentFull(text);
	const fullDiagnostics = full.diagnostics.slice();
	if (extra) fullDiagnostics.push(extra(full));
	return lintParsed(full, fullDiagnostics, options, ruleList);
}

/**
 * `keysInText`: set when the fast parser left duplicate-key detection to us: the schema walk counts
 * the value's keys, and fewer keys than the text has means duplicates. With `gate` (a large text
 * that was not scanned) it is only an upper bound, settled as {@link ProvisionalGate} describes.
 */
function lintParsed(doc: ParsedDocumentWithDiagnostics, diagnostics: LintDiagnostic[], options: LintOptions, ruleList: readonly Rule[], keysInText?: number, gate?: ProvisionalGate): LintResult {
	if (!doc.root && doc.text.trim() !== '' && !diagnostics.some((d) => d.code === 'parse-too-deep')) {
		// The strict parser gave up at a syntax error: keep its diagnostics, and run the other stages
		// on a recovered tree so the rest of the file is still checked while the user types.
		const recovered = recoverDocument(doc.text);
		if (recovered) {
			const schema: LintDiagnostic[] = [];
			const rules: LintDiagnostic[] = [];
			const { specVersion } = semanticStages(recovered.doc, schema, options, ruleList, undefined, rules);
			for (const d of meaningfulDiagnostics(recovered, diagnostics, schema, rules)) diagnostics.push(d);
			return { diagnostics: finish(diagnostics, options), specVersion };
		}
	}
	const { specVersion } = semanticStages(doc, diagnostics, options, ruleList, keysInText, diagnostics, gate);
	return { diagnostics: finish(diagnostics, options), specVersion };
}

/** Version selection, schema and number checks (to `diagnostics`), rules (to `ruleOut`, default the same). */
function semanticStages(
	doc: ParsedDocumentWithDiagnostics,
	diagnostics: LintDiagnostic[],
	options: LintOptions,
	ruleList: readonly Rule[],
	keysInText?: number,
	ruleOut = diagnostics,
	gate?: ProvisionalGate,
): { specVersion: LintResult['specVersion'] } {
	const config = doc.value !== null && typeof doc.value === 'object' && !Array.isArray(doc.value) ? (doc.value as Record<string, unknown>) : {};
	const requested = options.specVersion ?? config.ociVersion;
	const resolved = resolveSpecVersion(requested);
	const specVersion = resolved.version;
	if (!resolved.known && doc.root && (options.specVersion !== undefined || typeof config.ociVersion === 'string')) {
		const node = options.specVersion === undefined ? doc.nodeAt(['ociVersion']) : undefined;
		const start = node ? node.offset : 0;
		const end = node ? node.offset + node.length : 0;
		const line = versionLabel(specVersion);
		const why = options.specVersion !== undefined ? 'The requested spec version' : 'ociVersion';
		diagnostics.push({
			severity: 'information',
			code: 'spec-version-unknown',
			message: resolved.version === newestSpecVersion && !/^\s*v?\s*1\.3\b/.test(String(requested))
				? `${why} ${JSON.stringify(requested)} is not a runtime-spec version this linter knows (1.0.x, 1.1.x, 1.2.x, 1.3.x): checking against the newest schema, ${line}.`
				: `${why} ${JSON.stringify(requested)} is not a valid SemVer version: checking against the ${line} schema. Write it like "1.2.0".`,
			pointer: node ? '/ociVersion' : '',
			range: { start: doc.positionAt(start), end: doc.positionAt(end) },
			href: specHref(specVersion, 'config.md', 'specification-version'),
		});
	}

	if (doc.root) {
		let settled = false;
		let duplicates = false;
		// Before the schema errors look up nodes: a tree known to have unique keys is searched faster.
		const settle = (count: KeyCount): void => {
			settled = true;
			if (keysInText === undefined) return;
			duplicates = !keysMatch(keysInText, count, gate);
			if (!duplicates && doc.root instanceof LazyContainer) doc.root.keysUnique();
		};
		try {
			const r = validateSchemaCountingKeys(doc, specVersion, doc.plainNumbers, settle, gate?.plainNumbers);
			for (const d of r.diagnostics) diagnostics.push(d);
			if (!r.notableMapKey) doc.noNotableMapKey = true;
		} catch (e) {
			if (e instanceof TooDeep) throw e;
			diagnostics.push(internalError('the schema check', e));
		}
		if (!settled) {
			const nesting = { depth: 0 };
			settle({ keys: countKeys(doc.value, nesting), depth: nesting.depth });
		}
		if (duplicates) for (const d of duplicateKeyDiagnostics(doc.text)) diagnostics.push(d);
	}

	const bundleDir = options.bundleChecks === false ? undefined : options.bundleDir ?? (options.filePath && basename(options.filePath) === 'config.json' ? dirname(resolve(options.filePath)) : undefined);
	if (doc.root) runRules(ruleList, doc, config, specVersion, bundleDir, options, ruleOut);
	return { specVersion };
}

/**
 * Whether the text holds exactly the keys the value holds (no duplicate keys). A provisional gate's
 * `keysInText` is an upper bound: equal to the value's count, it proves the text has no more keys
 * than the value, and the value's nesting is then the text's; otherwise the exact scan decides.
 * Throws {@link TooDeep} when the text nests deeper than Go's limit.
 */
function keysMatch(keysInText: number, count: KeyCount, gate: ProvisionalGate | undefined): boolean {
	if (!gate) return keysInText === count.keys;
	if (keysInText === count.keys && count.depth <= maxDepth) return true;
	const exact = gate.exact();
	if (exact < 0) throw new TooDeep();
	return exact === count.keys;
}

function runRules(
	ruleList: readonly Rule[],
	doc: ParsedDocument,
	config: Record<string, unknown>,
	specVersion: LintResult['specVersion'],
	bundleDir: string | undefined,
	options: LintOptions,
	out: LintDiagnostic[],
): void {
	// One context for every rule: nothing in it is per rule.
	const ctx: RuleContext = {
		doc,
		config,
		specVersion,
		bundleDir,
		fs: options.fs ?? nodeFileSystem,
		report: (d: ReportInput) => out.push(toDiagnostic(doc, d)),
	};
	for (const rule of ruleList) {
		if (rule.bundle && bundleDir === undefined) continue;
		try {
			rule.check(ctx);
		} catch (e) {
			out.push(internalError(`the rule for ${rule.codes.join(', ')}`, e));
		}
	}
}

/** A check that threw: reported (as a warning, so it does not fail the file) instead of killing the lint. */
function internalError(what: string, e: unknown): LintDiagnostic {
	return {
		severity: 'warning',
		code: 'internal-error',
		message: `Internal error in ${what}: ${e instanceof Error ? e.message : String(e)}. The other checks still ran; please report this.`,
		pointer: '',
		range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
		href: internalHref,
	};
}

/** Turns a rule's report into a diagnostic with the exact key or value range. */
export function toDiagnostic(doc: ParsedDocument, d: ReportInput): LintDiagnostic {
	const { start, end } = rangeOf(doc, d.path, d.target ?? 'value');
	const out: LintDiagnostic = {
		severity: d.severity,
		code: d.code,
		message: d.message,
		pointer: pointer(d.path),
		range: { start: doc.positionAt(start), end: doc.positionAt(end) },
	};
	if (d.href) out.href = d.href;
	if (d.fixes) out.fixes = d.fixes;
	return out;
}

/** Offsets of the value (or its key) at `path`; falls back to the nearest existing ancestor. */
export function rangeOf(doc: ParsedDocument, path: JsonPath, target: 'key' | 'value'): { start: number; end: number } {
	for (let n = path.length; n >= 0; n--) {
		const node = doc.nodeAt(n === path.length ? path : path.slice(0, n));
		if (!node) continue;
		if (n < path.length) {
			// A missing member: point at the parent's opening brace/bracket (or key, if any).
			const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
			if (key) return { start: key.offset, end: key.offset + key.length };
			return { start: node.offset, end: node.offset + 1 };
		}
		if (target === 'key' && node.parent?.type === 'property') {
			const key = node.parent.children![0];
			return { start: key.offset, end: key.offset + key.length };
		}
		return { start: node.offset, end: node.offset + node.length };
	}
	return { start: 0, end: 0 };
}

const rank: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

function finish(diagnostics: LintDiagnostic[], options: LintOptions): LintDiagnostic[] {
	let out = diagnostics;
	const overrides = options.rules;
	if (overrides) {
		out = [];
		for (const d of diagnostics) {
			const o = overrides[d.code];
			if (!o) out.push(d);
			else if (o.severity !== 'off') out.push({ ...d, severity: o.severity });
		}
	}
	out.sort((a, b) => cmp(a.range.start, b.range.start) || cmp(a.range.end, b.range.end) || rank[a.severity] - rank[b.severity]);
	demoteConflictingFixes(out);
	return out;
}

function cmp(a: Position, b: Position): number {
	return a.line - b.line || a.character - b.character;
}
