/**
 * Public entry of the lint engine (pure core: no `vscode`, no LSP import).
 * The language server and the CLI import only this module.
 */
export { parseDocument } from './parseDocument';
export type { ParsedDocumentWithDiagnostics } from './parseDocument';
export { lintText, lintBytes } from './lintText';
export { hasTopLevelOciVersion } from './hasTopLevelOciVersion';
export { nodeFileSystem } from './nodeFileSystem';
export type * from './types';
export type { JsonNode, JsonPath, ParsedDocument, ReportInput, Rule, RuleContext } from './model';
export { describeAt, propertiesAt, enumValuesAt, valueKindAt, resolveSpecVersion } from './schemaInfo';
export type { FieldDescription, PropertyInfo, EnumValueInfo, ValueKind } from './schemaInfo';
