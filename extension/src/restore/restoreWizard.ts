/**
 * The prompts of "Restore from Checkpoint…": bundle, image directory, container id, CRIU flags and
 * their values, attach or detach. Starts from the last choices made for the same bundle.
 */
import * as vscode from 'vscode';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { ManageCgroupsMode, RestoreParams } from '../../../server/src/common/helperProtocol';
import { validateRestoreParams } from '../../../server/src/restore/validateRestoreParams';
import type { BundleIndex } from '../bundleIndex';
import { readExtensionSettings } from '../config';
import { CancelledByUser } from '../registerCommand';
import { restoreFlags, type RestoreFlag } from './restoreFlags';

const RECENT_IMAGES = 'ociRestore.recentImagePaths';
const lastKey = (bundle: string): string => `ociRestore.lastRestore:${bundle}`;

/** The restore parameters without tool paths (those come from the settings). */
export type RestoreChoice = Omit<RestoreParams, 'runc' | 'criu' | 'runcRoot'>;

/** The base directory relative paths of a restore are resolved against. */
export function workspaceCwd(): string {
	return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

/** A container id runc accepts, derived from a folder name. */
export function defaultContainerId(bundle: string): string {
	const id = basename(bundle).replace(/[^\w+.-]/g, '-').replace(/^-+/, '');
	return id || 'container';
}

/** The message for the id field, exactly as the helper validates it, or undefined when valid. */
export function validateId(id: string, bundle: string): string | undefined {
	const result = validateRestoreParams({ id, bundle }, workspaceCwd());
	if (result.ok) return undefined;
	return result.errors.find((e) => e.field === 'id')?.message;
}

function must<T>(value: T | undefined): T {
	if (value === undefined) throw new CancelledByUser();
	return value;
}

export class RestoreWizard {
	constructor(private readonly state: vscode.Memento, private readonly globalState: vscode.Memento, private readonly bundles: BundleIndex) {}

	/** Asks for everything not given; `bundle` may come from the explorer or editor. */
	async run(bundleHint?: string): Promise<RestoreChoice> {
		const bundle = bundleHint ?? (await this.pickBundle());
		const last = this.state.get<RestoreChoice>(lastKey(bundle));
		const imagePath = await this.pickImage(bundle, last?.imagePath);
		const id = await this.askId(bundle, last?.id);
		const flags = await this.pickFlags(bundle, last);
		const detach = await this.pickDetach(last?.detach ?? false);
		const choice: RestoreChoice = { id, bundle, imagePath, ...flags, detach };
		await this.remember(choice);
		return choice;
	}

	/** Stores the choices for the next restore of this bundle (also after argument-driven runs). */
	async remember(choice: RestoreChoice): Promise<void> {
		await this.state.update(lastKey(choice.bundle), choice);
		if (choice.imagePath) {
			const recent = this.globalState.get<string[]>(RECENT_IMAGES, []).filter((p) => p !== choice.imagePath);
			await this.globalState.update(RECENT_IMAGES, [choice.imagePath, ...recent].slice(0, 10));
		}
	}

	private async pickBundle(): Promise<string> {
		const known = await this.bundles.list();
		type Item = vscode.QuickPickItem & { path?: string };
		// Bundles with a checkpoint ready (<bundle>/checkpoint/inventory.img) come first: they are the
		// ones this command can restore without choosing another image directory.
		const bundles = known
			.map((path) => ({ path, ready: existsSync(join(path, 'checkpoint', 'inventory.img')) }))
			.sort((a, b) => Number(b.ready) - Number(a.ready));
		const items: Item[] = bundles.map(({ path, ready }) => {
			// Where the bundle is (its parent, workspace-relative when inside the workspace).
			const parent = dirname(vscode.workspace.asRelativePath(path));
			return {
				label: basename(path),
				description: parent === '.' ? undefined : parent,
				detail: ready ? `$(check) checkpoint ready${modified(join(path, 'checkpoint'))}` : '$(circle-slash) no checkpoint/ yet (pick or browse an image directory next)',
				path,
			};
		});
		items.push({ label: '$(folder-opened) Browse…', description: 'choose a bundle directory' });
		const pick = must(await vscode.window.showQuickPick(items, { title: 'Restore: bundle (1/5)', placeHolder: 'The OCI bundle to restore into' }));
		if (pick.path) return pick.path;
		const uris = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Use Bundle', title: 'OCI bundle directory' });
		return must(uris?.[0]).fsPath;
	}

	private async pickImage(bundle: string, last?: string): Promise<string> {
		type Item = vscode.QuickPickItem & { path?: string };
		const candidates = [join(bundle, 'checkpoint'), ...(last ? [last] : []), ...this.globalState.get<string[]>(RECENT_IMAGES, [])];
		const seen = new Set<string>();
		const items: Item[] = [];
		for (const path of candidates) {
			if (seen.has(path)) continue;
			seen.add(path);
			const hasImage = existsSync(join(path, 'inventory.img'));
			items.push({
				label: path === join(bundle, 'checkpoint') ? 'checkpoint' : basename(path),
				description: path,
				detail: hasImage ? `$(check) checkpoint images${modified(path)}` : '$(warning) no inventory.img here',
				path,
			});
		}
		items.push({ label: '$(folder-opened) Browse…', description: 'choose an image directory' });
		const active = (last !== undefined ? items.find((i) => i.path === last) : undefined) ?? items[0];
		const pick = must(
			await new Promise<Item | undefined>((done) => {
				const qp = vscode.window.createQuickPick<Item>();
				qp.title = 'Restore: CRIU image directory (2/5)';
				qp.placeholder = 'The directory runc checkpoint wrote (holds inventory.img)';
				qp.items = items;
				qp.activeItems = [active];
				let picked: Item | undefined;
				qp.onDidAccept(() => {
					picked = qp.selectedItems[0];
					qp.hide();
				});
				qp.onDidHide(() => {
					qp.dispose();
					done(picked);
				});
				qp.show();
			}),
		);
		if (pick.path) return pick.path;
		const uris = await vscode.window.showOpenDialog({
			canSelectFolders: true,
			canSelectFiles: false,
			defaultUri: vscode.Uri.file(bundle),
			openLabel: 'Use Image Directory',
			title: 'CRIU image directory',
		});
		return must(uris?.[0]).fsPath;
	}

	private async askId(bundle: string, last?: string): Promise<string> {
		const id = await vscode.window.showInputBox({
			title: 'Restore: container id (3/5)',
			prompt: 'The id runc gives the restored container',
			value: last ?? defaultContainerId(bundle),
			validateInput: (value) => validateId(value, bundle),
		});
		return must(id);
	}

	private async pickFlags(bundle: string, last?: RestoreChoice): Promise<Partial<RestoreChoice>> {
		type Item = vscode.QuickPickItem & { flag: RestoreFlag };
		const items: Item[] = restoreFlags.map((flag) => ({
			label: flag.flag,
			description: flag.description,
			picked: last ? last[flag.key] !== undefined && last[flag.key] !== false : false,
			flag,
		}));
		const picks = must(
			await vscode.window.showQuickPick(items, {
				title: 'Restore: CRIU flags (4/5)',
				placeHolder: 'Select the runc restore flags (none is fine for most containers)',
				canPickMany: true,
				matchOnDescription: true,
			}),
		);
		const out: Partial<RestoreChoice> = {};
		const settings = readExtensionSettings(vscode.Uri.file(bundle));
		for (const { flag } of picks) {
			if (!flag.value) {
				(out as Record<string, unknown>)[flag.key] = true;
			} else if (flag.value === 'manageCgroupsMode') {
				const current = (last?.manageCgroupsMode ?? settings.defaultManageCgroupsMode) as ManageCgroupsMode;
				const modes: ManageCgroupsMode[] = ['soft', 'full', 'strict', 'ignore'];
				const mode = must(
					await vscode.window.showQuickPick(
						modes.map((m) => ({ label: m, description: m === current ? 'current' : undefined })),
						{ title: '--manage-cgroups-mode', placeHolder: `cgroups mode (default ${settings.defaultManageCgroupsMode})` },
					),
				);
				out.manageCgroupsMode = mode.label as ManageCgroupsMode;
			} else if (flag.value === 'emptyNs') {
				const ns = must(
					await vscode.window.showQuickPick([{ label: 'network', description: 'the only namespace runc lets CRIU create empty' }], {
						title: '--empty-ns',
						canPickMany: true,
					}),
				);
				if (ns.length) out.emptyNs = ns.map((n) => n.label);
			} else {
				const previous = last?.[flag.key];
				const value = must(
					await vscode.window.showInputBox({
						title: flag.flag,
						prompt: flag.description,
						placeHolder: flag.placeholder,
						value: typeof previous === 'string' ? previous : '',
						validateInput: (v) => (v.trim() ? undefined : 'A value is needed (Escape to cancel)'),
					}),
				).trim();
				(out as Record<string, unknown>)[flag.key] = flag.key === 'lsmProfile' || flag.key === 'lsmMountContext' || isAbsolute(value) ? value : resolve(bundle, value);
			}
		}
		if (out.manageCgroupsMode === undefined && settings.defaultManageCgroupsMode !== 'soft') {
			// A non-default cgroups mode from the settings applies unless the user picked one.
			out.manageCgroupsMode = settings.defaultManageCgroupsMode;
		}
		return out;
	}

	private async pickDetach(lastDetach: boolean): Promise<boolean> {
		const items = [
			{ label: '$(terminal) Attach', description: 'stream the container into a terminal (ends with the terminal)', detach: false },
			{ label: '$(debug-disconnect) Detach', description: 'runc restore --detach: the container keeps running on its own', detach: true },
		];
		if (lastDetach) items.reverse();
		const pick = must(await vscode.window.showQuickPick(items, { title: 'Restore: attach or detach (5/5)' }));
		return pick.detach;
	}
}

function modified(path: string): string {
	try {
		return ` · ${statSync(join(path, 'inventory.img')).mtime.toLocaleString()}`;
	} catch {
		return '';
	}
}

/** The bundle directory a menu was invoked on (a bundle folder or its config.json). */
export function bundleOfUri(uri: vscode.Uri | undefined): string | undefined {
	if (!uri || uri.scheme !== 'file') return undefined;
	const path = uri.fsPath;
	return basename(path) === 'config.json' ? dirname(path) : path;
}
