import { findExecutable } from '../findExecutable';
import { openElevatedTerminal } from '../elevatedTerminal';
import { readExtensionSettings } from '../config';
import type { Services } from '../services';
import { pickContainer } from './pickContainer';

/** `ociRestore.container.execShell`: `runc exec -t ID sh` in a terminal, as root through the elevation setting. */
export async function execShell(s: Services, arg?: unknown): Promise<void> {
	const info = await pickContainer(s, arg, 'Exec a shell in', (c) => c.status === 'running');
	const settings = readExtensionSettings();
	const runc = findExecutable('runc', settings.runcPath);
	if (!runc) throw new Error(`runc not found${settings.runcPath ? ` at ${settings.runcPath}` : ' in PATH'}: install it (apt-get install runc) or set "ociRestore.runcPath"`);
	openElevatedTerminal(`sh: ${info.id}`, [runc, 'exec', '-t', info.id, 'sh'], settings.elevation);
}
