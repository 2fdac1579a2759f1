/**
 * The extension's settings, read from VS Code's configuration into the typed shapes declared once in
 * server/src/common/settings.ts. Nothing else reads `ociRestore.*` keys directly.
 */
import * as vscode from 'vscode';
import {
	SECTION,
	defaultServerSettings,
	type BundleDetection,
	type ExtensionSettings,
	type KillOnClose,
	type RuleSetting,
	type ServerSettings,
} from '../../server/src/common/settings';
import type { Elevation, ManageCgroupsMode } from '../../server/src/common/helperProtocol';
import type { SettingsSnapshot } from '../../server/src/languageServer/settingsCache';

const elevations: readonly Elevation[] = ['auto', 'root', 'sudo', 'pkexec'];
const cgroupModes: readonly ManageCgroupsMode[] = ['soft', 'full', 'strict', 'ignore'];
const detections: readonly BundleDetection[] = ['auto', 'rootfs', 'ociVersion'];
const killAnswers: readonly KillOnClose[] = ['ask', 'always', 'never'];
const ruleSettings: readonly RuleSetting[] = ['off', 'error', 'warning', 'information', 'hint'];

/** Settings whose change needs a language server restart to take effect. */
export const restartKeys: readonly string[] = [`${SECTION}.trace.server`];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function str(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function rules(value: unknown): Record<string, RuleSetting> {
	const out: Record<string, RuleSetting> = {};
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		for (const [code, setting] of Object.entries(value)) {
			// A typo in settings.json must not disable a rule by accident: unknown values are dropped.
			if (typeof setting === 'string' && (ruleSettings as readonly string[]).includes(setting)) {
				out[code] = setting as RuleSetting;
			}
		}
	}
	return out;
}

/** What the language server needs for one resource (answered through the client's middleware). */
export function readServerSettings(scope?: vscode.ConfigurationScope | null): ServerSettings {
	const c = vscode.workspace.getConfiguration(SECTION, scope);
	return {
		enable: c.get<boolean>('lint.enable', defaultServerSettings.enable) !== false,
		rules: rules(c.get('lint.rules')),
		specVersion: str(c.get('lint.specVersion')),
		bundleDetection: oneOf(c.get('bundleDetection'), detections, defaultServerSettings.bundleDetection),
	};
}

/**
 * What the language server gets with initialize and after each change: the window's settings and each
 * workspace folder's (the lint settings are resource-scoped, and a folder's settings file is the
 * finest scope they can differ in), so it never waits for a `workspace/configuration` round trip.
 */
export function readSettingsSnapshot(): SettingsSnapshot {
	return {
		window: readServerSettings(null),
		folders: (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ uri: folder.uri.toString(), settings: readServerSettings(folder) })),
	};
}

/** Every setting of the extension for one resource (or the window when no scope is given). */
export function readExtensionSettings(scope?: vscode.ConfigurationScope | null): ExtensionSettings {
	const c = vscode.workspace.getConfiguration(SECTION, scope);
	return {
		...readServerSettings(scope),
		runcPath: str(c.get('runcPath')),
		criuPath: str(c.get('criuPath')),
		elevation: oneOf(c.get('elevation'), elevations, 'auto'),
		defaultManageCgroupsMode: oneOf(c.get('defaultManageCgroupsMode'), cgroupModes, 'soft'),
		killOnClose: oneOf(c.get('terminal.killOnClose'), killAnswers, 'ask'),
		helperPath: str(c.get('helper.path')),
		allowUnsafeHelperLocation: c.get<boolean>('helper.allowUnsafeLocation', false) === true,
		prepareJsonSupport: c.get<boolean>('lint.prepareJsonSupport', true) !== false,
	};
}

/** Remembers an answer in the user's settings (e.g. "Always" kill on close). */
export async function updateUserSetting(key: string, value: unknown): Promise<void> {
	await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}
