import type { CompletionList, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../common/settings';
import type { DocumentLinter } from './documentLinter';

/** Completion at the cursor (lands with the engine's schemaInfo). */
export function completion(_doc: TextDocument, _position: Position, _linter: DocumentLinter, _settings: ServerSettings, _snippets: boolean): CompletionList | null {
	return null;
}
