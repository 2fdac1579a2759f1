import type { Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../common/settings';
import type { DocumentLinter } from './documentLinter';

/** Hover for the key or value under the cursor (lands with the engine's schemaInfo). */
export function hover(_doc: TextDocument, _position: Position, _linter: DocumentLinter, _settings: ServerSettings): Hover | null {
	return null;
}
