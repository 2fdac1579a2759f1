/**
 * Types of the generated module validators.js (git-ignored; written by scripts/generateValidators.mjs,
 * which esbuild.mjs runs before bundling): ajv standalone validators of our schema, one per spec
 * version, compiled from toValidationSchema.ts with the keywords of ociKeywords.ts.
 */
import type { ValidationContext } from '../ociKeywords';

/** The part of an ajv error the engine reads. */
export interface ValidatorError {
	/** JSON pointer of the value the error is about. */
	instancePath: string;
	/** The failing keyword: type, enum, pattern, minItems, required, or one of ours (ociKeywords.ts). */
	keyword: string;
	params: { missingProperty?: string; key?: string };
}

/** Validates a document's value; errors are left in `errors` (null when there are none). */
export interface GeneratedValidator {
	(this: ValidationContext, data: unknown): boolean;
	errors?: ValidatorError[] | null;
}

export const v1_0_2: GeneratedValidator;
export const v1_1_0: GeneratedValidator;
export const v1_2: GeneratedValidator;
export const v1_3_0: GeneratedValidator;
