/**
 * What `activate` returns (`vscode.extensions.getExtension('oci-restore.oci-restore').exports`):
 * read-only views of the extension's state, for tests and other extensions.
 */
import type * as vscode from 'vscode';
import type { ContainerInfo } from '../../server/src/common/helperProtocol';
import type { ServerStats, StatusParams } from '../../server/src/common/lspProtocol';
import type { RestoreJobHandle } from './restore/restoreJob';

export interface OciRestoreApi {
	/** The latest `ociRestore/status` the language server sent for a document. */
	lintStatus(uri: vscode.Uri): StatusParams | undefined;
	/** runc's containers as the Containers view lists them (through the helper). */
	listContainers(): Promise<ContainerInfo[]>;
	/** The bundle directories found in the workspace (what the restore menus are offered on). */
	bundles(): Promise<string[]>;
	/** Whether the language server runs (or is starting): once the workspace holds a bundle or a possible bundle config was open. */
	languageServerStarted(): boolean;
	/** Whether the language server was started right after activation because the workspace holds a bundle (resolves once decided). */
	languageServerPrestarted(): Promise<boolean>;
	/** What the running language server has done (milestones, lints per document); undefined when none runs. */
	languageServerStats(): Promise<ServerStats | undefined>;
	/** The restore job of a container restored from this window (attached or ended). */
	restoreJob(id: string): RestoreJobHandle | undefined;
}
