import { resolve } from 'node:path';
import type { CheckpointParams, ManageCgroupsMode } from '../common/helperProtocol';
import { startCliHelper } from '../helper/cliHelper';
import { flagsHelp, parseFlags, type FlagSpec } from '../helper/cliFlags';
import type { HelperClient } from '../helper/client';
import { HelperError } from '../helper/helperError';

const flags: FlagSpec[] = [
	{ name: 'image-path', kind: 'string', value: 'DIR', help: 'where to write the CRIU images (default: ./checkpoint)' },
	{ name: 'work-path', kind: 'string', value: 'DIR', help: 'CRIU work directory for logs (default: a fresh one per checkpoint)' },
	{ name: 'parent-path', kind: 'string', value: 'DIR', help: 'previous (pre-dump) images, relative to the image path' },
	{ name: 'leave-running', kind: 'bool', help: 'leave the container running after the checkpoint' },
	{ name: 'tcp-established', kind: 'bool', help: 'allow open TCP connections' },
	{ name: 'ext-unix-sk', kind: 'bool', help: 'allow external unix sockets' },
	{ name: 'shell-job', kind: 'bool', help: 'allow shell jobs' },
	{ name: 'file-locks', kind: 'bool', help: 'handle file locks' },
	{ name: 'pre-dump', kind: 'bool', help: 'dump memory only, leave the container running' },
	{ name: 'manage-cgroups-mode', kind: 'string', value: 'MODE', help: 'cgroups mode: soft, full, strict or ignore' },
	{ name: 'empty-ns', kind: 'list', value: 'NS', help: 'namespace not to checkpoint (runc accepts: network)' },
	{ name: 'auto-dedup', kind: 'bool', help: 'enable auto deduplication of memory images' },
	{ name: 'runc', kind: 'string', value: 'PATH', help: 'runc binary (root-owned)' },
	{ name: 'criu', kind: 'string', value: 'PATH', help: 'criu binary (root-owned)' },
	{ name: 'root', kind: 'string', value: 'DIR', help: 'runc state directory (runc --root)' },
];

const usage = `usage: oci-restore checkpoint [flags] ID

Checkpoints running container ID with runc and CRIU through the privileged helper. On failure the
Error lines of CRIU's dump.log are printed, the first one being the cause.

flags (the same names as runc checkpoint):
${flagsHelp(flags)}`;

/** `oci-restore checkpoint`: runc checkpoint through the helper. */
export async function main(argv: string[]): Promise<number> {
	let params: CheckpointParams;
	try {
		const parsed = parseFlags(argv, flags);
		if (parsed.help) {
			process.stdout.write(usage + '\n');
			return 0;
		}
		const v = parsed.values;
		if (parsed.positionals.length !== 1) throw new Error(parsed.positionals.length === 0 ? 'missing container ID' : `one container ID expected, got: ${parsed.positionals.join(' ')}`);
		const str = (k: string) => v.get(k) as string | undefined;
		const bool = (k: string) => (v.get(k) === true ? true : undefined);
		params = {
			id: parsed.positionals[0],
			imagePath: resolve(str('image-path') ?? 'checkpoint'),
			workPath: str('work-path') === undefined ? undefined : resolve(str('work-path')!),
			parentPath: str('parent-path'),
			leaveRunning: bool('leave-running'),
			tcpEstablished: bool('tcp-established'),
			extUnixSk: bool('ext-unix-sk'),
			shellJob: bool('shell-job'),
			fileLocks: bool('file-locks'),
			preDump: bool('pre-dump'),
			manageCgroupsMode: str('manage-cgroups-mode') as ManageCgroupsMode | undefined,
			emptyNs: v.get('empty-ns') as string[] | undefined,
			autoDedup: bool('auto-dedup'),
			runc: str('runc') === undefined ? undefined : resolve(str('runc')!),
			criu: str('criu') !== undefined ? resolve(str('criu')!) : process.env.OCI_RESTORE_CRIU ? resolve(process.env.OCI_RESTORE_CRIU) : undefined,
			runcRoot: str('root') === undefined ? undefined : resolve(str('root')!),
		};
		for (const k of Object.keys(params) as (keyof CheckpointParams)[]) if (params[k] === undefined) delete params[k];
	} catch (err) {
		process.stderr.write(`oci-restore checkpoint: ${(err as Error).message}\n(see 'oci-restore checkpoint --help')\n`);
		return 2;
	}
	let client: HelperClient;
	try {
		client = await startCliHelper(__filename);
	} catch (err) {
		process.stderr.write(`oci-restore checkpoint: ${(err as Error).message}\n`);
		return 1;
	}
	const onSignal = () => void client.request('cancel', {}).catch(() => undefined);
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const errors: string[] = [];
	client.onEvent('criuError', (e) => errors.push(`  ${e.log}:${e.logLine}: ${e.message} (${e.file}:${e.line})`));
	try {
		const r = await client.request('checkpoint', params);
		process.stdout.write(`checkpointed '${params.id}' to ${r.imagePath} (logs: ${r.workPath}/dump.log)\n`);
		return 0;
	} catch (err) {
		const e = HelperError.from(err);
		process.stderr.write(`oci-restore checkpoint: ${e.message}\n`);
		if (errors.length > 1) process.stderr.write(`CRIU's errors, the first is the cause:\n${errors.join('\n')}\n`);
		return 1;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		client.dispose();
		await client.whenExited();
	}
}
