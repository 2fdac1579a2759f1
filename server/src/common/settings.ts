/**
 * Every setting of the extension, declared once. The extension reads VS Code's configuration into
 * these shapes (extension/src/config.ts) and answers the language server's
 * `workspace/configuration` requests for section `ociRestore` with a `ServerSettings` object per
 * resource; the server caches it per document URI, never in globals.
 * package.json `contributes.configuration` declares the same keys with the same defaults.
 */
import type { Elevation, ManageCgroupsMode } from './helperProtocol';

export const SECTION = 'ociRestore';

export type RuleSetting = 'off' | 'error' | 'warning' | 'information' | 'hint';

/** How the language server decides that a JSON file is a bundle config worth linting. */
export type BundleDetection =
	/** `config.json` with a sibling directory named by root.path (default `rootfs`), or whose top level has `ociVersion`. */
	| 'auto'
	/** Only `config.json` files next to a rootfs directory. */
	| 'rootfs'
	/** Only JSON files whose top level has `ociVersion`. */
	| 'ociVersion';

/** What the language server needs, per resource. */
export interface ServerSettings {
	/** `ociRestore.lint.enable` */
	enable: boolean;
	/** `ociRestore.lint.rules`: rule code → 'off' or a severity. */
	rules: Record<string, RuleSetting>;
	/** `ociRestore.lint.specVersion`: '' = from the file's ociVersion. */
	specVersion: string;
	/** `ociRestore.bundleDetection` */
	bundleDetection: BundleDetection;
}

export const defaultServerSettings: ServerSettings = {
	enable: true,
	rules: {},
	specVersion: '',
	bundleDetection: 'auto',
};

export type KillOnClose = 'ask' | 'always' | 'never';

/** What the extension itself needs (window or resource scope as declared in package.json). */
export interface ExtensionSettings extends ServerSettings {
	/** `ociRestore.runcPath`: '' = `runc` from PATH. */
	runcPath: string;
	/** `ociRestore.criuPath`: '' = OCI_RESTORE_CRIU, then `criu` from PATH. */
	criuPath: string;
	/** `ociRestore.elevation` */
	elevation: Elevation;
	/** `ociRestore.defaultManageCgroupsMode` */
	defaultManageCgroupsMode: ManageCgroupsMode;
	/** `ociRestore.terminal.killOnClose`: what closing an attached restore terminal does. */
	killOnClose: KillOnClose;
	/** `ociRestore.helper.path`: the installed (root-owned) helper to run; '' = the bundled one. */
	helperPath: string;
	/** `ociRestore.helper.allowUnsafeLocation`: development only; lets root run a user-writable helper. */
	allowUnsafeHelperLocation: boolean;
	/** `ociRestore.lint.prepareJsonSupport`: activate VS Code's JSON support ahead in workspaces holding bundles. */
	prepareJsonSupport: boolean;
}
