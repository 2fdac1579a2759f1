/**
 * A request runc cannot carry out as asked, found before running it: a flag the installed runc
 * (or CRIU) lacks, or a combination runc refuses. `field` names the request field.
 */
export class RuncPlanError extends Error {
	constructor(
		message: string,
		readonly field: string,
		/** The runc (or CRIU) version the field needs, when a newer one would do. */
		readonly needs?: string,
	) {
		super(message);
		this.name = 'RuncPlanError';
	}
}
