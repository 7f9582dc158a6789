// Writes dist/ProofpointThreatProtection.zip from the source definitions and dist/actions/*.js.
// Run as `npm run package`, which bundles the scripts first.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { ACTIONS } from '../src/operations/catalog.ts';
import { buildPackage, PACKAGE_FILE } from '../src/package/build-package.ts';
import { expectationsOf } from '../src/package/expectations.ts';
import { loadSources } from '../src/package/load-sources.ts';
import { packageEntries } from '../src/package/package-layout.ts';
import { readPingMessages } from '../src/package/ping-messages.ts';
import { formatProblem } from '../src/package/problem.ts';
import { parseSources } from '../src/package/source-files.ts';
import { validateDefinitions } from '../src/package/validate-definitions.ts';

const { sources, problems } = parseSources(await loadSources('.'));
const expected = expectationsOf(ACTIONS, await readPingMessages());
const all = sources === undefined ? problems : validateDefinitions(sources, expected);

// A package that `npm run validate` would reject is not written at all.
if (sources === undefined || all.length > 0) {
  console.error(all.map(formatProblem).join('\n'));
  console.error(`not packaged: ${all.length} problem(s)`);
  process.exit(1);
}

const zip = await buildPackage(sources);
await writeFile(PACKAGE_FILE, zip);
const sha256 = createHash('sha256').update(zip).digest('hex');
console.log(`wrote ${PACKAGE_FILE}: ${packageEntries(sources).length} files, sha256 ${sha256}`);
