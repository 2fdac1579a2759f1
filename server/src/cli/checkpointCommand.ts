import { resolve } from 'node:path';
import type { CheckpointParams } from '../common/helperProtocol';
import { startCliHelper } from '../helper/cliHelper';
import { definedOnly, FlagValues, flagsHelp, oneContainerId, parseFlags, SHARED_CRIU_FLAGS, TOOL_FLAGS, type FlagSpec } from '../helper/cliFlags';
import type { HelperClient } from '../helper/client';
import { HelperError } from '../helper/helperError';

const flags: FlagSpec[] = [
	{ name: 'image-path', kind: 'string', value: 'DIR', help: 'where to write the CRIU images (default: ./checkpoint)' },
	{ name: 'work-path', kind: 'string', value: 'DIR', help: 'CRIU work directory for logs (default: a fresh one per checkpoint)' },
	{ name: 'parent-path', kind: 'string', value: 'DIR', help: 'previous (pre-dump) images, relative to the image path' },
	{ name: 'leave-running', kind: 'bool', help: 'leave the container running after the checkpoint' },
	...SHARED_CRIU_FLAGS,
	{ name: 'pre-dump', kind: 'bool', help: 'dump memory only, leave the container running' },
	{ name: 'empty-ns', kind: 'list', value: 'NS', help: 'namespace not to checkpoint (runc accepts: network)' },
	{ name: 'auto-dedup', kind: 'bool', help: 'enable auto deduplication of memory images' },
	...TOOL_FLAGS,
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
		const v = new FlagValues(parsed.values);
		params = definedOnly<CheckpointParams>({
			id: oneContainerId(parsed.positionals),
			imagePath: resolve(v.str('image-path') ?? 'checkpoint'),
			workPath: v.path('work-path'),
			parentPath: v.str('parent-path'),
			leaveRunning: v.bool('leave-running'),
			...v.criuOptions(),
			preDump: v.bool('pre-dump'),
			emptyNs: v.list('empty-ns'),
			autoDedup: v.bool('auto-dedup'),
			...v.tools(),
		});
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
