/** Builds the SecOps package zip from the source definitions and the bundled scripts. */

import { packageEntries } from './package-layout.ts';
import { formatProblem } from './problem.ts';
import { type ParsedSources, parseSources, type RawSources } from './source-files.ts';
import { createZip } from './zip-archive.ts';

export const PACKAGE_FILE = 'dist/ProofpointThreatProtection.zip';

export function buildPackage(sources: ParsedSources): Promise<Buffer> {
  return createZip(packageEntries(sources));
}

/** Parses the raw files first; a file without the expected shape cannot be packaged. */
export function buildPackageFromFiles(raw: RawSources): Promise<Buffer> {
  const { sources, problems } = parseSources(raw);
  if (sources === undefined) {
    throw new Error(`cannot build the package:\n${problems.map(formatProblem).join('\n')}`);
  }
  return buildPackage(sources);
}
