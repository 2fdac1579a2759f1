/**
 * What test/extension/host/bench.suite.ts measures inside the real extension host and writes to its
 * results file, and bench/extension.ts reads: one shape for both sides. Times in ms.
 */

/** VS Code's activation times of one extension (Date.now() resolution, as VS Code keeps them). */
export interface ActivationTimes {
	loadCode: number;
	callActivate: number;
	finishActivate: number;
	/** What Show Running Extensions calls the activation time: load code + call activate. */
	total: number;
}

/** Milestones of one open, ms from the openTextDocument call. */
export interface OpenTimeline {
	/** onDidOpenTextDocument here: VS Code loaded the document and told the extension host. */
	hostOpen: number;
	/** The extension host's longest event-loop stall during the open, and when it ended. */
	stallMs: number;
	stallEnded: number;
	docResolved: number;
	/** The server's milestones: didOpen received, lint done, diagnostics published. */
	serverOpen: number;
	lintDone: number;
	published: number;
	/** Our diagnostics visible to the extension API (onDidChangeDiagnostics). */
	seen: number;
	/** The server process started and got `initialize` (negative when it was started ahead). */
	serverProcess: number;
	serverInitialize: number;
}

/** The window without bundles ('cold'). */
export interface ColdSample {
	activation: ActivationTimes;
	floors: Record<string, ActivationTimes & { wallMs: number }>;
	activationWallMs: number;
	coldOpenMs: number;
	coldServerMs: number;
	coldTimeline: OpenTimeline;
}

/** The window on a workspace with bundles; times from the open call. */
export interface BundlesSample {
	openMs: number;
	firstDiagnosticsMs: number;
	warmDiagnosticsMs: number;
	/**
	 * When the extension host saw the document open (onDidOpenTextDocument: VS Code loaded it),
	 * openTextDocument resolved, the server got the didOpen, finished the lint and published; `seen`
	 * is firstDiagnosticsMs.
	 */
	timeline: OpenTimeline;
	/** The same for the second bundle config. */
	warmTimeline: OpenTimeline;
}
