// Checks the source definitions and the built package against the SecOps marketplace rules.
// `npm run validate` checks a package built in memory; pass a zip path to check that file.
import { readFile } from 'node:fs/promises';
import { formatProblem } from '../src/package/problem.ts';
import { validateProject } from '../src/package/validate-package.ts';

const zipPath = process.argv[2];
const zip = zipPath === undefined ? undefined : await readZipFile(zipPath);
const problems = await validateProject('.', zip);

for (const each of problems) console.error(formatProblem(each));
if (problems.length > 0) {
  console.error(`${problems.length} problem(s) found`);
  process.exit(1);
}
console.log(`no problems: definitions and ${zipPath ?? 'a freshly built package'} pass`);

async function readZipFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    console.error(`cannot read ${path}: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
