import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Events } from '../common/helperProtocol';
import type { FrameWriter } from './frameWriter';
import { HelperError } from './helperError';
import type { CheckpointPlan, Planner } from './planner';
import type { ProcessHost } from './processHost';
import { killTree } from './processTree';
import { firstLine, RuncCommands } from './runcTool';

/**
 * One `runc checkpoint`. runc's own output is passed on as log events; on failure the Error lines of
 * dump.log (in the job's work directory) are sent as criuError events, the first being the cause.
 */
export class CheckpointJob {
	private pid = 0;
	private cancelled: string | undefined;
	private ended = false;

	constructor(
		private readonly plan: CheckpointPlan,
		private readonly host: ProcessHost,
		private readonly out: FrameWriter,
		private readonly planner: Planner,
	) {}

	get isActive(): boolean {
		return !this.ended;
	}

	async run(): Promise<{ imagePath: string; workPath: string }> {
		try {
			mkdirSync(this.plan.workPath, { recursive: true, mode: 0o700 });
			const child = this.host.spawn(this.plan.runc.path, this.plan.argv, { env: this.plan.runc.env, stdio: ['ignore', 'pipe', 'pipe'] });
			this.pid = child.pid ?? 0;
			let output = '';
			const collect = (d: Buffer) => {
				output = (output + d.toString('utf8')).slice(-8192);
			};
			child.stdout!.on('data', collect);
			child.stderr!.on('data', collect);
			const [code, signal] = await new Promise<[number | null, string | null]>((resolve, reject) => {
				child.on('error', reject);
				child.on('close', (c, s) => resolve([c, s]));
			});
			for (const line of output.split('\n').filter((l) => l.trim())) this.event('log', { level: 'info', message: `runc: ${line}` });
			if (code !== 0) await new RuncCommands(this.host, this.plan.runc).unmountAll(this.plan.workPath); // CRIU's cgroup yard, when killed
			if (this.cancelled !== undefined) throw new HelperError('cancelled', `checkpoint of '${this.plan.id}' cancelled (${this.cancelled})`);
			if (code === 0) return { imagePath: this.plan.imagePath, workPath: this.plan.workPath };
			const logPath = join(this.plan.workPath, 'dump.log');
			const errors = existsSync(logPath) ? this.planner.parseCriuLog(readFileSync(logPath, 'utf8'), logPath) : [];
			for (const e of errors) this.event('criuError', e);
			if (errors.length > 0) {
				const first = errors[0];
				throw new HelperError('criu-failed', `CRIU could not checkpoint '${this.plan.id}': ${first.message} (${first.file}:${first.line}, ${first.log}:${first.logLine})`, errors);
			}
			const why = code !== null ? `exit status ${code}` : `signal ${signal}`;
			const notFound = /does not exist/i.test(output);
			throw new HelperError(notFound ? 'not-found' : 'runc-failed', `runc checkpoint of '${this.plan.id}' failed (${why}): ${firstLine(output)}`);
		} finally {
			this.ended = true;
		}
	}

	/** Stops runc and CRIU; CRIU resumes the container itself when a dump is interrupted. */
	cancel(reason = 'cancelled'): string {
		if (this.ended) return 'nothing to cancel';
		this.cancelled = reason;
		const killed = killTree(this.pid);
		return `stopped the checkpoint (killed ${killed.length} process${killed.length === 1 ? '' : 'es'})`;
	}

	private event<E extends keyof Events>(name: E, body: Events[E]): void {
		this.out.write({ event: name, ...body });
	}
}
