import { performance } from 'node:perf_hooks';
import type { ServerStats } from '../common/lspProtocol';

/** Where milestones are echoed as they happen (the connection's tracer: `$/logTrace`, only while tracing). */
export interface TraceLog {
	log(message: string): void;
}

const MAX_EVENTS = 500;

/**
 * Records the server's milestones (initialize, opens, lints, publishes) with wall-clock times that
 * compare across processes, counts lints per document and configuration requests, and echoes each
 * milestone to the trace log: the timeline from a document's open to its diagnostics is read here.
 */
export class ServerStatsRecorder {
	private readonly events: { at: number; what: string }[] = [];
	private readonly lints = new Map<string, number>();
	private configurationRequests = 0;

	constructor(private readonly trace: TraceLog = { log: () => undefined }) {}

	/** Now, epoch ms with sub-millisecond precision (comparable with another process's). */
	static now(): number {
		return performance.timeOrigin + performance.now();
	}

	event(what: string): void {
		if (this.events.length >= MAX_EVENTS) this.events.shift();
		this.events.push({ at: ServerStatsRecorder.now(), what });
		this.trace.log(what);
	}

	/** A lint that ran (not a cached result). */
	lint(uri: string, version: number, diagnostics: number, ms: number, settingsFrom: string): void {
		this.lints.set(uri, (this.lints.get(uri) ?? 0) + 1);
		this.event(`lint ${uri} v${version}: ${diagnostics} diagnostics in ${ms.toFixed(1)} ms (settings ${settingsFrom})`);
	}

	configurationRequest(uri: string): void {
		this.configurationRequests++;
		this.event(`workspace/configuration asked for ${uri}`);
	}

	snapshot(): ServerStats {
		return {
			startedAt: performance.timeOrigin,
			events: [...this.events],
			lints: Object.fromEntries(this.lints),
			configurationRequests: this.configurationRequests,
		};
	}
}
