import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type { ErrorPayload, Events, Method, Requests } from '../common/helperProtocol';
import { containerIdProblem } from '../restore/fieldChecks';
import { AttachJob } from './attachJob';
import { CheckpointJob } from './checkpointJob';
import { saveCodeCacheAtExit } from './cliCodeCache';
import { attachSocketPath } from './consolePaths';
import { DirectOutput, type ClientIdentity } from './directOutput';
import { encodeFrame, FrameReader, type Frame } from './framing';
import { FrameWriter } from './frameWriter';
import { HelperError } from './helperError';
import type { Planner } from './planner';
import type { ProcessHost } from './processHost';
import { RestoreJob } from './restoreJob';
import { RuncCommands } from './runcTool';
import { validateRequest, type ValidRequest } from './validateRequest';

export interface HelperServerOptions {
	input: Readable;
	output: Writable;
	host: ProcessHost;
	planner: Planner;
	/**
	 * Who the client is (from the helper's own stdio, see `clientIdentity`): needed for `output:
	 * 'direct'`; without it restores always send their output as frames.
	 */
	client?: ClientIdentity;
}

/** How long the client gets to connect to the announced output socket before frames are used. */
const DIRECT_CONNECT_MS = 5000;
/**
 * Quiet time after start-up after which the helper warms up for its first request. A client that
 * sends its request at once (the CLI) never waits for a warm-up; one that started the helper ahead of
 * time (the extension, while the user picks the checkpoint) finds it done.
 */
const WARM_UP_IDLE_MS = 30;

/**
 * The helper's protocol loop: decodes frames from `input`, refuses anything outside the closed verb
 * set or of the wrong shape (an error response; nothing is started), runs at most one restore or
 * checkpoint job, and streams its events to `output`. When the input ends (the client went away) an
 * attached container is killed and deleted before `run` resolves.
 */
export class HelperServer {
	private readonly out: FrameWriter;
	private job: RestoreJob | CheckpointJob | AttachJob | undefined;
	private closing: Promise<void> | undefined;
	private inFlight = new Set<Promise<void>>();
	/** A direct output socket waiting for the client's connection (cancel and shutdown abort it). */
	private pendingOutput: DirectOutput | undefined;
	private setupCancelled = false;
	/**
	 * The output socket opened and announced at start-up, so a client that wants direct output connects
	 * while it sends its request: a restore then finds the connection waiting instead of paying two
	 * more trips between the processes before runc can start.
	 */
	private early: Promise<DirectOutput | undefined> | undefined;

	constructor(private readonly opts: HelperServerOptions) {
		this.out = new FrameWriter(opts.output);
	}

	/** Serves until the input ends (or `shutdown` is called); then cleans up and resolves. */
	run(): Promise<void> {
		const reader = new FrameReader((f) => this.onFrame(f));
		if (this.opts.client) this.early = this.openDirect(this.opts.client);
		const warmUp = this.opts.planner.warmUp;
		const warmTimer = warmUp && setTimeout(() => void this.warmUp(warmUp), WARM_UP_IDLE_MS);
		return new Promise((resolve) => {
			this.opts.input.on('data', (chunk: Buffer) => {
				if (warmTimer) clearTimeout(warmTimer);
				reader.push(chunk);
			});
			const end = () => void this.shutdown('the client closed the helper\'s stdin').then(resolve);
			this.opts.input.once('end', end);
			this.opts.input.once('close', end);
			this.opts.input.once('error', end);
		});
	}

	private async warmUp(warmUp: () => void | Promise<void>): Promise<void> {
		const t0 = performance.now();
		try {
			warmUpProtocol();
			// Compiles the dispatcher: a method it does not know is refused before it touches anything.
			await this.handle({ id: 0, method: 'warm-up' as Method, params: {} }).catch(() => undefined);
			await warmUp();
		} catch (err) {
			this.event('log', { level: 'debug', message: `warm-up failed: ${(err as Error).message}` });
			return;
		}
		this.event('log', { level: 'trace', message: `warmed up in ${(performance.now() - t0).toFixed(1)} ms` });
	}

	/** Ends the current job the way `cancel` does (a detached, restored container is left running). */
	shutdown(reason: string): Promise<void> {
		this.closing ??= (async () => {
			this.abortSetup();
			const job = this.job;
			if (job?.isActive) {
				const what = job instanceof RestoreJob ? await job.cancel(reason) : job.cancel(reason);
				this.event('log', { level: 'info', message: `helper ending (${reason}): ${what}` });
				if (job instanceof RestoreJob) await job.done;
			}
			await Promise.allSettled([...this.inFlight]);
		})();
		return this.closing;
	}

	private onFrame(frame: Frame): void {
		if (!frame.ok) {
			const id = typeof frame.header?.id === 'number' ? frame.header.id : null;
			this.respondError(id, { code: 'bad-request', message: frame.reason });
			return;
		}
		const req = validateRequest(frame.header, frame.data);
		if ('error' in req) {
			this.respondError(req.id, req.error);
			return;
		}
		const p = this.handle(req).then(
			(result) => this.out.write({ id: req.id, result: result ?? null }),
			(err: unknown) => this.respondError(req.id, HelperError.from(err).toPayload()),
		).then(() => undefined);
		this.inFlight.add(p);
		void p.finally(() => this.inFlight.delete(p));
	}

	private async handle(req: ValidRequest): Promise<unknown> {
		const { planner, host } = this.opts;
		if (this.closing && req.method !== 'cancel') throw new HelperError('cancelled', 'the helper is shutting down');
		switch (req.method) {
			case 'preflight':
				return planner.preflight(params<'preflight'>(req));
			case 'restore': {
				this.assertNoJob();
				// `output` is how bytes travel, not a runc flag: the planning core never sees it.
				const { output, ...restore } = params<'restore'>(req);
				this.setupCancelled = false;
				// Planning (validation, tool discovery, the runc argv) runs before anything starts.
				const plan = await planner.planRestore(restore);
				this.assertNoJob();
				let stdout: Socket | undefined;
				if (output === 'direct' && !plan.terminal && !plan.detach) stdout = await this.directStdout();
				else this.dropEarly();
				if (this.closing || this.setupCancelled) {
					stdout?.destroy();
					throw new HelperError('cancelled', `restore of '${plan.id}' cancelled before runc started`);
				}
				const job = new RestoreJob(plan, host, this.out, planner);
				if (stdout) job.useDirectStdout(stdout);
				this.job = job;
				await job.start();
				// The helper's code cache (when it may keep one) then holds what a restore compiles.
				saveCodeCacheAtExit();
				return job.started;
			}
			case 'checkpoint': {
				this.assertNoJob();
				const plan = await planner.planCheckpoint(params<'checkpoint'>(req));
				this.assertNoJob();
				const job = new CheckpointJob(plan, host, this.out, planner);
				this.job = job;
				return job.run();
			}
			case 'stdin': {
				const job = this.restoreJob();
				if (!job.writeStdin(req.data ?? Buffer.alloc(0))) {
					// The container reads slower than the client writes: stop reading frames until it catches up.
					this.opts.input.pause();
					job.onStdinDrain(() => this.opts.input.resume());
				}
				return null;
			}
			case 'resize': {
				const { cols, rows } = params<'resize'>(req);
				this.restoreJob().resize(cols, rows);
				return null;
			}
			case 'signal':
				await this.restoreJob().signal(params<'signal'>(req).signal);
				return null;
			case 'cancel': {
				this.abortSetup();
				const job = this.job;
				if (!job?.isActive) return null;
				const what = job instanceof RestoreJob ? await job.cancel('cancel request') : job.cancel('cancel request');
				this.event('log', { level: 'info', message: what });
				return null;
			}
			case 'list':
				return new RuncCommands(host, await planner.runc(params<'list'>(req))).list();
			case 'state': {
				const p = params<'state'>(req);
				return new RuncCommands(host, await planner.runc(p)).state(assertId(p.id));
			}
			case 'kill': {
				const p = params<'kill'>(req);
				await new RuncCommands(host, await planner.runc(p)).kill(assertId(p.id), p.signal ?? 'SIGTERM', p.all ?? false);
				return null;
			}
			case 'delete': {
				const p = params<'delete'>(req);
				await new RuncCommands(host, await planner.runc(p)).delete(assertId(p.id), p.force ?? false);
				return null;
			}
			case 'attach': {
				const p = params<'attach'>(req);
				const id = assertId(p.id);
				const size = attachSize(p.cols, p.rows);
				this.assertNoJob();
				const tool = await planner.runc(p);
				this.assertNoJob();
				const job = new AttachJob(id, attachSocketPath(id, tool.root), this.out, new RuncCommands(host, tool));
				this.job = job;
				return job.start(size);
			}
		}
		throw new HelperError('bad-request', `unknown method '${String(req.method)}'`);
	}

	/**
	 * The client's connection to a fresh output socket, to become the container's stdout; undefined
	 * (frames, with a log saying why) when the client is unknown or does not connect in time.
	 */
	private async directStdout(): Promise<Socket | undefined> {
		const client = this.opts.client;
		if (!client) {
			this.event('log', { level: 'debug', message: 'output: frames (the client\'s uid is unknown: the helper\'s stdin is not a pipe or socket)' });
			return undefined;
		}
		// The start-up socket serves the first restore; a later one in the same helper gets its own.
		const early = this.early;
		this.early = undefined;
		const direct = (early && (await early)) || (await this.openDirect(client));
		if (!direct) return undefined;
		this.pendingOutput = direct;
		const sock = await direct.accept(DIRECT_CONNECT_MS);
		this.pendingOutput = undefined;
		if (!sock && !direct.aborted) {
			this.event('log', { level: 'warn', message: `output: frames (the client did not connect to ${direct.path} within ${DIRECT_CONNECT_MS} ms)` });
		}
		return sock;
	}

	/** Creates and announces an output socket; undefined (with a log saying why) when it cannot. */
	private async openDirect(client: ClientIdentity): Promise<DirectOutput | undefined> {
		try {
			const direct = await DirectOutput.open(client);
			this.event('outputSocket', { stream: 'stdout', path: direct.path });
			return direct;
		} catch (err) {
			this.event('log', { level: 'warn', message: `output: frames (cannot create the output socket: ${(err as Error).message})` });
			return undefined;
		}
	}

	/** Closes the start-up output socket (and the client's connection to it) when no restore uses it. */
	private dropEarly(): void {
		const early = this.early;
		this.early = undefined;
		void early?.then((d) => d?.abort());
	}

	private abortSetup(): void {
		this.setupCancelled = true;
		this.pendingOutput?.abort();
		this.pendingOutput = undefined;
		this.dropEarly();
	}

	private assertNoJob(): void {
		if (this.job?.isActive) throw new HelperError('conflict', 'this helper already runs a job (one helper process per job)');
	}

	private restoreJob(): RestoreJob | AttachJob {
		if (this.job instanceof AttachJob && this.job.isActive) return this.job;
		if (!(this.job instanceof RestoreJob)) throw new HelperError('conflict', 'no restore is running in this helper');
		return this.job;
	}

	private respondError(id: number | null, error: ErrorPayload): void {
		this.out.write({ id, error });
	}

	private event<E extends keyof Events>(name: E, body: Events[E]): void {
		this.out.write({ event: name, ...body });
	}
}

/**
 * Decodes and validates frames like the wizard's first requests (a preflight, then a restore) without
 * handling them: the code every first request runs is compiled before one arrives.
 */
function warmUpProtocol(): void {
	const reader = new FrameReader((f) => void (f.ok && validateRequest(f.header, f.data)));
	const p = { id: 'oci-restore-warm-up', bundle: '/', imagePath: '/checkpoint' };
	for (const frame of [{ id: 0, method: 'preflight', params: p }, { id: 0, method: 'restore', params: { ...p, output: 'direct' } }]) {
		for (const part of encodeFrame(frame)) reader.push(part);
	}
}

function params<M extends Method>(req: ValidRequest): Requests[M]['params'] {
	return req.params as Requests[M]['params'];
}

/** An attach's initial terminal size: both or neither, each 1..10000. */
function attachSize(cols: number | undefined, rows: number | undefined): { cols: number; rows: number } | undefined {
	if (cols === undefined && rows === undefined) return undefined;
	if (cols === undefined || rows === undefined) throw new HelperError('bad-request', 'attach: cols and rows go together', cols === undefined ? 'cols' : 'rows');
	if (cols < 1 || rows < 1 || cols > 10000 || rows > 10000) throw new HelperError('bad-request', 'attach: cols and rows must be between 1 and 10000', 'cols');
	return { cols, rows };
}

/** runc's container id rule, checked before the id reaches runc's command line. */
function assertId(id: string): string {
	const problem = containerIdProblem(id);
	if (problem) throw new HelperError('bad-request', problem, 'id');
	return id;
}
