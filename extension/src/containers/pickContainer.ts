import * as vscode from 'vscode';
import type { ContainerInfo } from '../../../server/src/common/helperProtocol';
import { CancelledByUser } from '../registerCommand';
import type { Services } from '../services';
import { ContainerItem } from './containersView';

/**
 * The container an item command acts on: the tree item it was invoked on, `{id}` from code, or a
 * quick pick over the helper's list (filtered by `filter`).
 */
export async function pickContainer(s: Services, arg: unknown, title: string, filter: (c: ContainerInfo) => boolean = () => true): Promise<ContainerInfo> {
	if (arg instanceof ContainerItem) return arg.info;
	if (arg && typeof arg === 'object' && typeof (arg as { id?: unknown }).id === 'string') {
		const id = (arg as { id: string }).id;
		const list = await s.containers.request('list', {});
		const found = list.find((c) => c.id === id);
		if (!found) throw new Error(`no container named ${id} (runc list does not show it)`);
		return found;
	}
	const list = (await s.containers.request('list', {})).filter(filter);
	if (list.length === 0) throw new Error('no container to choose from (runc list shows none that fits)');
	const pick = await vscode.window.showQuickPick(
		list.map((c) => ({ label: c.id, description: `${c.status}${c.pid ? ` · pid ${c.pid}` : ''}`, detail: c.bundle, c })),
		{ title, placeHolder: 'Container' },
	);
	if (!pick) throw new CancelledByUser();
	return pick.c;
}
