import type { Connection } from 'vscode-languageserver';
import { SECTION, defaultServerSettings, type BundleDetection, type RuleSetting, type ServerSettings } from '../common/settings';

const ruleSettings: readonly string[] = ['off', 'error', 'warning', 'information', 'hint'];
const detections: readonly string[] = ['auto', 'rootfs', 'ociVersion'];

/**
 * Turns whatever the client answered for section `ociRestore` into a complete `ServerSettings`:
 * missing or mistyped fields take their defaults, so a bad setting never breaks linting.
 */
export function coerceSettings(raw: unknown): ServerSettings {
	const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
	const rules: Record<string, RuleSetting> = {};
	if (o.rules !== null && typeof o.rules === 'object') {
		for (const [code, value] of Object.entries(o.rules as Record<string, unknown>)) {
			if (typeof value === 'string' && ruleSettings.includes(value)) rules[code] = value as RuleSetting;
		}
	}
	return {
		enable: typeof o.enable === 'boolean' ? o.enable : defaultServerSettings.enable,
		rules,
		specVersion: typeof o.specVersion === 'string' ? o.specVersion.trim() : defaultServerSettings.specVersion,
		bundleDetection:
			typeof o.bundleDetection === 'string' && detections.includes(o.bundleDetection)
				? (o.bundleDetection as BundleDetection)
				: defaultServerSettings.bundleDetection,
	};
}

/**
 * The settings the client sends itself, with `initialize` (initializationOptions.settings) and with
 * every change (`workspace/didChangeConfiguration` params.settings.ociRestore), so that no lint waits
 * for a `workspace/configuration` round trip: the window's settings and each workspace folder's
 * (the `ociRestore` lint settings are resource-scoped: a folder's settings file is the finest scope).
 */
export interface SettingsSnapshot {
	/** For documents outside every workspace folder. */
	window: ServerSettings;
	/** Per workspace folder, by folder URI as the client prints URIs. */
	folders: { uri: string; settings: ServerSettings }[];
}

/** A well-formed snapshot from what a client sent (fields coerced), or undefined when it is not one. */
export function coerceSnapshot(raw: unknown): SettingsSnapshot | undefined {
	if (raw === null || typeof raw !== 'object' || !('window' in raw)) return undefined;
	const o = raw as { window: unknown; folders?: unknown };
	const folders: SettingsSnapshot['folders'] = [];
	if (Array.isArray(o.folders)) {
		for (const f of o.folders as unknown[]) {
			const uri = f !== null && typeof f === 'object' ? (f as { uri?: unknown }).uri : undefined;
			if (typeof uri === 'string' && uri) folders.push({ uri: uri.replace(/\/+$/, ''), settings: coerceSettings((f as { settings?: unknown }).settings) });
		}
	}
	// Longest first: a nested folder's settings win over its parent's.
	folders.sort((a, b) => b.uri.length - a.uri.length);
	return { window: coerceSettings(o.window), folders };
}

/** Where a document's settings came from (for the trace log). */
export type SettingsSource = 'initialize' | 'change' | 'request' | 'default';

/**
 * Per-resource settings. With a snapshot from the client (sent with initialize and on every change)
 * they are answered at once, without a message; otherwise asked of the client with
 * `workspace/configuration` and cached per document URI (never a global): cleared on
 * didChangeConfiguration, dropped when a document closes.
 */
export class SettingsCache {
	private readonly cache = new Map<string, Promise<ServerSettings>>();
	private snapshot: SettingsSnapshot | undefined;
	private snapshotSource: SettingsSource = 'initialize';

	/**
	 * @param connection the server's connection
	 * @param supported whether the client announced `workspace.configuration`; without it (and
	 *   without a snapshot) every document gets the defaults.
	 * @param onRequest called for each `workspace/configuration` request sent
	 */
	constructor(
		private readonly connection: Connection,
		private readonly supported: () => boolean,
		private readonly onRequest: (uri: string) => void = () => undefined,
	) {}

	/**
	 * Uses the client's settings from now on (the settings objects of unchanged folders are kept, so
	 * lints cached under them stay valid). Returns whether any document's settings changed.
	 */
	useSnapshot(next: SettingsSnapshot, source: 'initialize' | 'change'): boolean {
		const prev = this.snapshot;
		this.cache.clear();
		this.snapshotSource = source;
		if (!prev) {
			this.snapshot = next;
			return true;
		}
		const same = (a: ServerSettings, b: ServerSettings): boolean => JSON.stringify(a) === JSON.stringify(b);
		let changed = !same(prev.window, next.window) || prev.folders.length !== next.folders.length;
		const window = same(prev.window, next.window) ? prev.window : next.window;
		const folders = next.folders.map((f) => {
			const old = prev.folders.find((p) => p.uri === f.uri);
			if (old && same(old.settings, f.settings)) return old;
			changed = true;
			return f;
		});
		this.snapshot = { window, folders };
		return changed;
	}

	/** The settings that apply to `uri`. */
	get(uri: string): Promise<ServerSettings> {
		if (this.snapshot) return Promise.resolve(this.fromSnapshot(this.snapshot, uri));
		if (!this.supported()) return Promise.resolve(defaultServerSettings);
		let settings = this.cache.get(uri);
		if (!settings) {
			this.onRequest(uri);
			settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }).then(
				(raw: unknown) => coerceSettings(raw),
				() => defaultServerSettings,
			);
			this.cache.set(uri, settings);
		}
		return settings;
	}

	/** Where the settings of the next `get` come from. */
	source(): SettingsSource {
		if (this.snapshot) return this.snapshotSource;
		return this.supported() ? 'request' : 'default';
	}

	/** Forgets one document's settings (it was closed). */
	delete(uri: string): void {
		this.cache.delete(uri);
	}

	/** Forgets every document's settings and the client's snapshot: the next lints ask again. */
	clear(): void {
		this.cache.clear();
		this.snapshot = undefined;
	}

	private fromSnapshot(snapshot: SettingsSnapshot, uri: string): ServerSettings {
		for (const f of snapshot.folders) {
			if (uri === f.uri || uri.startsWith(`${f.uri}/`)) return f.settings;
		}
		return snapshot.window;
	}
}
