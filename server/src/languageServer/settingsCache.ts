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
 * Per-resource settings, asked of the client with `workspace/configuration` and cached per
 * document URI (never a global): cleared on didChangeConfiguration, dropped when a document closes.
 */
export class SettingsCache {
	private readonly cache = new Map<string, Promise<ServerSettings>>();

	/**
	 * @param connection the server's connection
	 * @param supported whether the client announced `workspace.configuration`; without it every
	 *   document gets the defaults.
	 */
	constructor(
		private readonly connection: Connection,
		private readonly supported: () => boolean,
	) {}

	/** The settings that apply to `uri`. */
	get(uri: string): Promise<ServerSettings> {
		if (!this.supported()) return Promise.resolve(defaultServerSettings);
		let settings = this.cache.get(uri);
		if (!settings) {
			settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }).then(
				(raw: unknown) => coerceSettings(raw),
				() => defaultServerSettings,
			);
			this.cache.set(uri, settings);
		}
		return settings;
	}

	/** Forgets one document's settings (it was closed). */
	delete(uri: string): void {
		this.cache.delete(uri);
	}

	/** Forgets every document's settings (the configuration changed). */
	clear(): void {
		this.cache.clear();
	}
}
