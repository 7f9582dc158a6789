/**
 * The whole check behind `npm run validate`: the source definitions, then a zip built from them
 * (or a given one) read back from its bytes.
 */
import { ACTIONS } from '../operations/catalog.ts';
import { buildPackage, PACKAGE_FILE } from './build-package.ts';
import { type Expectations, expectationsOf } from './expectations.ts';
import { loadSources } from './load-sources.ts';
import { readPingMessages } from './ping-messages.ts';
import { type Problem, problem } from './problem.ts';
import { parseSources, type RawSources } from './source-files.ts';
import { validateBuiltPackage } from './validate-built-package.ts';
import { validateDefinitions } from './validate-definitions.ts';
import { readZip, type ZipEntry } from './zip-reader.ts';

export interface ValidationInput {
  readonly raw: RawSources;
  readonly expected: Expectations;
  /** The zip to check; by default one built from `raw`. */
  readonly zip?: Buffer;
}

export async function validatePackage({ raw, expected, zip }: ValidationInput): Promise<Problem[]> {
  const { sources, problems } = parseSources(raw);
  if (sources === undefined) return [...problems];

  const definitionProblems = validateDefinitions(sources, expected);
  const bytes = zip ?? (await buildPackage(sources));
  const entries = readEntries(bytes);
  if (entries instanceof Error) {
    return [...definitionProblems, problem('package-layout', PACKAGE_FILE, entries.message)];
  }
  return [...definitionProblems, ...validateBuiltPackage(entries, sources)];
}

function readEntries(zip: Buffer): ZipEntry[] | Error {
  try {
    return readZip(zip);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The project's own sources, the catalog the scripts run, and Ping's real messages. */
export async function validateProject(root: string, zip?: Buffer): Promise<Problem[]> {
  const [raw, pingMessages] = await Promise.all([loadSources(root), readPingMessages()]);
  const expected = expectationsOf(ACTIONS, pingMessages);
  return validatePackage({ raw, expected, ...(zip === undefined ? {} : { zip }) });
}
