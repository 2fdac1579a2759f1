import { basename, dirname, isAbsolute, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../common/settings';
import type { StatusParams } from '../common/lspProtocol';
import { hasTopLevelOciVersion, lintText, parseDocument, type LintResult, type ParsedDocument, type RuleOverride } from '../lint';
import { fileSystemPath, isBundleConfig } from './bundleDetection';
import { toLspDiagnostic } from './toLspDiagnostic';

/** The outcome of linting one version of a document under one settings object. */
export interface LintOutcome {
	/** false when the document is not a bundle config or linting is disabled: no diagnostics. */
	linted: boolean;
	diagnostics: Diagnostic[];
	/** The engine's result (undefined when not linted). */
	result: LintResult | undefined;
	status: StatusParams;
}

interface Entry {
	version: number;
	parsed?: ParsedDocument;
	outcomes: WeakMap<ServerSettings, LintOutcome>;
}

/**
 * Lints open documents for the language server, caching the parse and the lint of each document
 * version (keyed by the settings object, which the settings cache replaces on a change), so pull,
 * hover, completion and code actions on the same version share one parse and one lint.
 */
export class DocumentLinter {
	private readonly entries = new Map<string, Entry>();

	/**
	 * @param onBundleDirs called after a bundle-aware lint with the directories its result depends
	 *   on (the bundle directory, and an absolute root.path outside it), so they can be watched.
	 * @param onLinted called after each lint that ran (not for cached results or documents not
	 *   linted), with how long it took in ms
	 */
	constructor(
		private readonly onBundleDirs: (dirs: string[]) => void = () => undefined,
		private readonly onLinted: (doc: TextDocument, outcome: LintOutcome, ms: number) => void = () => undefined,
	) {}

	/** The parsed document of this version (engine model: jsonc-parser nodes, exact ranges). */
	parsed(doc: TextDocument): ParsedDocument {
		const entry = this.entry(doc);
		entry.parsed ??= parseDocument(doc.getText());
		return entry.parsed;
	}

	/** Lints `doc` if it is a bundle config under `settings`, else an empty 'off' outcome. */
	lint(doc: TextDocument, settings: ServerSettings): LintOutcome {
		const entry = this.entry(doc);
		const cached = entry.outcomes.get(settings);
		if (cached) return cached;
		const outcome = this.compute(doc, settings);
		entry.outcomes.set(settings, outcome);
		return outcome;
	}

	/** Whether `doc` is a bundle config the server lints under `settings`. */
	isLinted(doc: TextDocument, settings: ServerSettings): boolean {
		if (!settings.enable) return false;
		return isBundleConfig(
			{
				uri: doc.uri,
				hasOciVersion: () => hasTopLevelOciVersion(doc.getText()),
				rootPath: () => {
					const value = this.parsed(doc).value as { root?: { path?: unknown } } | undefined;
					const path = value && typeof value === 'object' ? value.root?.path : undefined;
					return typeof path === 'string' && path !== '' ? path : undefined;
				},
			},
			settings.bundleDetection,
		);
	}

	/**
	 * Drops every cached lint (the parse stays): files under a bundle changed on disk, so the
	 * bundle-aware results of unchanged document versions are stale.
	 */
	forgetLints(): void {
		for (const entry of this.entries.values()) entry.outcomes = new WeakMap();
	}

	/** Forgets a closed document. */
	delete(uri: string): void {
		this.entries.delete(uri);
	}

	private compute(doc: TextDocument, settings: ServerSettings): LintOutcome {
		const started = performance.now();
		if (!this.isLinted(doc, settings)) {
			return { linted: false, diagnostics: [], result: undefined, status: { uri: doc.uri, state: 'off', errors: 0, warnings: 0 } };
		}
		const rules: Record<string, RuleOverride> = {};
		for (const [code, severity] of Object.entries(settings.rules)) rules[code] = { severity };
		const filePath = fileSystemPath(doc.uri);
		const result = lintText(doc.getText(), {
			filePath,
			specVersion: settings.specVersion || undefined,
			rules,
		});
		if (filePath && basename(filePath) === 'config.json') this.onBundleDirs(this.bundleDirs(doc, filePath));
		const diagnostics = result.diagnostics.map((d) => toLspDiagnostic(d, doc));
		let errors = 0;
		let warnings = 0;
		for (const d of result.diagnostics) {
			if (d.severity === 'error') errors++;
			else if (d.severity === 'warning') warnings++;
		}
		const state = errors ? 'errors' : warnings ? 'warnings' : 'ok';
		const outcome: LintOutcome = { linted: true, diagnostics, result, status: { uri: doc.uri, state, errors, warnings } };
		this.onLinted(doc, outcome, performance.now() - started);
		return outcome;
	}

	/** The bundle directory of `filePath`, and root.path when it is absolute and outside of it. */
	private bundleDirs(doc: TextDocument, filePath: string): string[] {
		const dir = dirname(filePath);
		const value = this.parsed(doc).value as { root?: { path?: unknown } } | undefined;
		const root = value && typeof value === 'object' ? value.root?.path : undefined;
		if (typeof root !== 'string' || !isAbsolute(root)) return [dir];
		const rel = relative(dir, root);
		return rel.startsWith('..') || isAbsolute(rel) ? [dir, root] : [dir];
	}

	private entry(doc: TextDocument): Entry {
		let entry = this.entries.get(doc.uri);
		if (!entry || entry.version !== doc.version) {
			entry = { version: doc.version, outcomes: new WeakMap() };
			this.entries.set(doc.uri, entry);
		}
		return entry;
	}
}
