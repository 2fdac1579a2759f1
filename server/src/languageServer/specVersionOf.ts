import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../common/settings';
import type { SpecVersion } from '../lint';
import { resolveSpecVersion } from '../lint/schemaInfo';
import type { DocumentLinter } from './documentLinter';

/**
 * The spec version hover and completion describe: the setting when given, else the document's
 * ociVersion (read from the text when a syntax error leaves no parsed value), as the linter does.
 */
export function specVersionOf(doc: TextDocument, linter: DocumentLinter, settings: ServerSettings): SpecVersion {
	if (settings.specVersion) return resolveSpecVersion(settings.specVersion).version;
	const value = linter.parsed(doc).value as { ociVersion?: unknown } | undefined;
	let ociVersion = value !== null && typeof value === 'object' ? value.ociVersion : undefined;
	if (ociVersion === undefined) ociVersion = /"ociVersion"\s*:\s*"([^"\n]*)"/.exec(doc.getText())?.[1];
	return resolveSpecVersion(ociVersion).version;
}
