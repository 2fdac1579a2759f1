import type { ParsedDocument } from '../model';
import type { LintDiagnostic, SpecVersion } from '../types';

/** Schema stage: validates the document against our schema for `v` (filled in next). */
export function validateSchema(_doc: ParsedDocument, _v: SpecVersion): LintDiagnostic[] {
	return [];
}
