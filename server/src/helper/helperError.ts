import type { ErrorCode, ErrorPayload } from '../common/helperProtocol';

/** An error with a protocol code: thrown by the helper's jobs, rebuilt from error responses by the client. */
export class HelperError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly details?: unknown,
	) {
		super(message);
		this.name = 'HelperError';
	}

	/** The wire form of this error. */
	toPayload(): ErrorPayload {
		return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
	}

	/** Any thrown value as a HelperError (unknown errors become `internal`). */
	static from(err: unknown): HelperError {
		if (err instanceof HelperError) return err;
		return new HelperError('internal', err instanceof Error ? err.message : String(err));
	}
}
