/**
 * What `activate` returns (`vscode.extensions.getExtension('oci-restore.oci-restore').exports`):
 * read-only views of the extension's state, for tests and other extensions.
 */
import type * as vscode from 'vscode';
import type { ContainerInfo } from '../../server/src/common/helperProtocol';
import type { StatusParams } from '../../server/src/common/lspProtocol';
import type { RestoreJobHandle } from './restore/restoreJob';

export interface OciRestoreApi {
	/** The latest `ociRestore/status` the language server sent for a document. */
	lintStatus(uri: vscode.Uri): StatusParams | undefined;
	/** runc's containers as the Containers view lists them (through the helper). */
	listContainers(): Promise<ContainerInfo[]>;
	/** The bundle directories found in the workspace (what the restore menus are offered on). */
	bundles(): Promise<string[]>;
	/** Whether the language server runs (or is starting): only once a possible bundle config was open. */
	languageServerStarted(): boolean;
	/** The restore job of a container restored from this window (attached or ended). */
	restoreJob(id: string): RestoreJobHandle | undefined;
}
