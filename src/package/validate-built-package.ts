/**
 * Checks a built zip against the sources it claims to package: the SecOps layout, each built
 * definition, a script for every action definition, and the release notes.
 */
import { describeDifference } from './json-difference.ts';
import {
  ACTIONS_DEFINITIONS_DIR,
  ACTIONS_SCRIPTS_DIR,
  LOGO_ENTRY,
  type PackageEntry,
  packageEntries,
  RELEASE_NOTES_ENTRY,
} from './package-layout.ts';
import { UNKNOWN_TYPE_CODE } from './parameter-types.ts';
import { type Problem, problem } from './problem.ts';
import type { ParsedSources } from './source-files.ts';
import type { ZipEntry } from './zip-reader.ts';

export function validateBuiltPackage(zip: readonly ZipEntry[], sources: ParsedSources): Problem[] {
  const expected = packageEntries(sources);
  const inZip = new Map(zip.map((entry) => [entry.path, entry.data]));

  return [
    ...layoutProblems(zip, expected),
    ...expected.flatMap((entry) => entryProblems(entry, inZip.get(entry.path))),
    ...zip.flatMap((entry) => actionDefinitionProblems(entry, inZip, sources)),
  ];
}

function layoutProblems(zip: readonly ZipEntry[], expected: readonly PackageEntry[]): Problem[] {
  const expectedPaths = new Set(expected.map(({ path }) => path));
  const zipPaths = new Set(zip.map(({ path }) => path));
  const missing = [...expectedPaths].filter((path) => !zipPaths.has(path));
  const unexpected = [...zipPaths].filter((path) => !expectedPaths.has(path));

  return [
    ...missing.map((path) => problem('package-layout', path, 'is missing from the package')),
    ...unexpected.map((path) => problem('package-layout', path, 'is not part of the package')),
  ];
}

/** The rule a mismatch of this file breaks. */
function ruleOf(path: string): string {
  if (path.startsWith(`${ACTIONS_SCRIPTS_DIR}/`)) return 'action-script';
  if (path === RELEASE_NOTES_ENTRY) return 'built-release-notes';
  if (path === LOGO_ENTRY) return 'logo';
  return 'built-definition';
}

function entryProblems(entry: PackageEntry, actual: Uint8Array | undefined): Problem[] {
  if (actual === undefined) return [];
  const rule = ruleOf(entry.path);
  if (!isJsonEntry(entry.path)) {
    const same = Buffer.compare(Buffer.from(actual), Buffer.from(entry.data)) === 0;
    return same ? [] : [problem(rule, entry.path, 'differs from the source it is built from')];
  }
  const parsed = parseJson(actual);
  if (parsed === undefined) return [problem(rule, entry.path, 'is not valid JSON')];

  const difference = describeDifference(parsed, parseJson(entry.data));
  return difference === undefined
    ? []
    : [problem(rule, entry.path, `${difference} from the sources`)];
}

// JSON files compare by content, so a mismatch names the field that differs.
function isJsonEntry(path: string): boolean {
  return path.endsWith('.def') || path.endsWith('.actiondef') || path === RELEASE_NOTES_ENTRY;
}

/** Checks each .actiondef on its own terms: its name, its type codes, its script. */
function actionDefinitionProblems(
  entry: ZipEntry,
  inZip: ReadonlyMap<string, Uint8Array>,
  sources: ParsedSources,
): Problem[] {
  if (!entry.path.startsWith(`${ACTIONS_DEFINITIONS_DIR}/`)) return [];
  const built = parseJson(entry.data);
  if (!isRecord(built)) return [];

  const name = String(built['Name']);
  const problems: Problem[] = [];
  if (entry.path !== `${ACTIONS_DEFINITIONS_DIR}/${name}.actiondef`) {
    problems.push(problem('built-definition', entry.path, `holds action "${name}"`));
  }
  if (builtTypes(built).includes(UNKNOWN_TYPE_CODE)) {
    problems.push(problem('built-definition', entry.path, 'has a parameter of unknown type'));
  }
  const source = sources.actions.find(({ definition }) => definition.name === name);
  const script = source && `${ACTIONS_SCRIPTS_DIR}/${source.definition.script_name}.js`;
  if (script === undefined || !inZip.has(script)) {
    problems.push(problem('action-script', entry.path, `no script in ${ACTIONS_SCRIPTS_DIR}/`));
  }
  return problems;
}

function builtTypes(built: Record<string, unknown>): unknown[] {
  const parameters = built['Parameters'];
  return Array.isArray(parameters)
    ? parameters.map((each: unknown) => (isRecord(each) ? each['Type'] : UNKNOWN_TYPE_CODE))
    : [];
}

function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
