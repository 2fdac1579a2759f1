import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

/** Where runSafe reports a handler's failure (the connection's console in the server). */
export interface ErrorLog {
	error(message: string): void;
}

/** Formats an error with its stack for the log. */
export function formatError(message: string, err: unknown): string {
	if (err instanceof Error) {
		return `${message}: ${err.message}\n${err.stack ?? ''}`;
	}
	return `${message}: ${String(err)}`;
}

/**
 * Runs a request handler so that it never throws and honours cancellation: it yields once
 * (so a cancel notification already queued is seen), checks the token before and after the work,
 * answers a cancelled request with `RequestCancelled`, and turns any failure into a log line plus
 * `fallback`.
 */
export function runSafe<T>(
	log: ErrorLog,
	work: () => T | Promise<T>,
	fallback: T,
	what: string,
	token: CancellationToken,
): Promise<T | ResponseError<never>> {
	return new Promise((resolve) => {
		setImmediate(() => {
			if (token.isCancellationRequested) {
				resolve(cancelled());
				return;
			}
			Promise.resolve()
				.then(work)
				.then(
					(result) => resolve(token.isCancellationRequested ? cancelled() : result),
					(err: unknown) => {
						log.error(formatError(what, err));
						resolve(fallback);
					},
				);
		});
	});
}

function cancelled(): ResponseError<never> {
	return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
