/**
 * The validator on the real project: the committed definitions, the resources, and the scripts
 * in dist/actions (`npm test` bundles them before vitest runs).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackageFromFiles } from '../../src/package/build-package.ts';
import { loadSources } from '../../src/package/load-sources.ts';
import { formatProblem } from '../../src/package/problem.ts';
import { validateProject } from '../../src/package/validate-package.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const COPIED = ['integration.def.json', 'definitions', 'resources', 'dist/actions'];
const run = promisify(execFile);

let brokenRoot = '';

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/actions/ping.js'))) {
    throw new Error('dist/actions is missing: run `npm run build` before these tests');
  }
  brokenRoot = await mkdtemp(join(tmpdir(), 'ptp-package-'));
  for (const path of COPIED)
    await cp(join(ROOT, path), join(brokenRoot, path), { recursive: true });
  await breakChoiceDefault(join(brokenRoot, 'definitions/actions/get-allow-list-entries.json'));
});

afterAll(async () => {
  if (brokenRoot !== '') await rm(brokenRoot, { recursive: true, force: true });
});

async function breakChoiceDefault(file: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace('"default_value": "All"', '"default_value": "Every"'));
}

describe('the project package', () => {
  it('passes every rule, sources and freshly built zip alike', async () => {
    const problems = await validateProject(ROOT);
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('builds byte-identical zips from the same sources', async () => {
    const first = await buildPackageFromFiles(await loadSources(ROOT));
    const second = await buildPackageFromFiles(await loadSources(ROOT));

    expect(second.equals(first)).toBe(true);
    expect(await validateProject(ROOT, first)).toEqual([]);
  });

  it('reports a broken definition by its rule', async () => {
    const problems = await validateProject(brokenRoot);

    expect(problems).toContainEqual({
      rule: 'choice-values',
      where: 'definitions/actions/get-allow-list-entries.json: parameter "IOC Type To Return"',
      message: 'the default "Every" is not one of its optional_values',
    });
  });

  it('reports a file that is not a zip', async () => {
    const problems = await validateProject(ROOT, Buffer.from('PK but not really'));
    expect(problems).toEqual([expect.objectContaining({ rule: 'package-layout' })]);
  });
});

describe('the validate command', () => {
  const tool = join(ROOT, 'dist/tools/validate.js');

  it('exits 1 and names the rule a definition breaks', async () => {
    const failure = await run('node', [tool], { cwd: brokenRoot }).catch(
      (error: { code: number; stderr: string }) => error,
    );

    expect(failure).toMatchObject({ code: 1 });
    expect(failure.stderr).toContain('[choice-values] definitions/actions/get-allow-list-entries');
  });

  it('exits 0 on the project', async () => {
    const { stdout } = await run('node', [tool], { cwd: ROOT });
    expect(stdout).toContain('no problems');
  });
});
