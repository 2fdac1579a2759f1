import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../lint/types';
import type { FileReport } from './fileReport';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = {
	error: 'error',
	warning: 'warning',
	information: 'note',
	hint: 'note',
};

const specHome = 'https://github.com/opencontainers/runtime-spec/blob/main/config.md';

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: one run, the rules seen (with their spec links as
 * helpUri), results with 1-based regions in UTF-16 columns, artifact URIs relative to the working
 * directory (`%SRCROOT%`) when the file lies under it, and the JSON pointer as a logical location.
 */
export function formatSarif(files: readonly FileReport[], toolVersion: string, cwd: string): string {
	const rules: { id: string; name: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] = [];
	const ruleIndex = new Map<string, number>();
	const results: unknown[] = [];
	for (const file of files) {
		const artifactLocation = artifact(file.path, cwd);
		for (const d of file.diagnostics) {
			let index = ruleIndex.get(d.code);
			if (index === undefined) {
				index = rules.length;
				ruleIndex.set(d.code, index);
				rules.push({
					id: d.code,
					name: ruleName(d.code),
					shortDescription: { text: d.code.replace(/-/g, ' ') },
					helpUri: d.href ?? specHome,
					defaultConfiguration: { level: levels[d.severity] },
				});
			}
			const { start, end } = d.range;
			const region: Record<string, number> = { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
			results.push({
				ruleId: d.code,
				ruleIndex: index,
				level: levels[d.severity],
				message: { text: d.message },
				locations: [
					{
						physicalLocation: { artifactLocation, region },
						...(d.pointer ? { logicalLocations: [{ fullyQualifiedName: d.pointer, kind: 'member' }] } : {}),
					},
				],
			});
		}
	}
	const log = {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [
			{
				tool: { driver: { name: 'oci-restore', semanticVersion: toolVersion, informationUri: 'https://github.com/opencontainers/runtime-spec', rules } },
				columnKind: 'utf16CodeUnits',
				originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
				results,
			},
		],
	};
	return JSON.stringify(log, null, 2) + '\n';
}

function artifact(path: string, cwd: string): { uri: string; uriBaseId?: string } {
	const rel = relative(cwd, isAbsolute(path) ? path : `${cwd}${sep}${path}`);
	if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
		return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
	}
	return { uri: pathToFileURL(isAbsolute(path) ? path : `${cwd}${sep}${path}`).href };
}

/** PascalCase name of a rule code, as SARIF viewers show rule names. */
function ruleName(code: string): string {
	return code.replace(/(^|[-_.])([a-z0-9])/gi, (_m, _s: string, c: string) => c.toUpperCase());
}
