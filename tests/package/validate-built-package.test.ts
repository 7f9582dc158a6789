import { describe, expect, it } from 'vitest';
import {
  renderActionDefinition,
  renderIntegrationDefinition,
} from '../../src/definitions/render.ts';
import { ACTIONS } from '../../src/operations/catalog.ts';
import { type PackageEntry, packageEntries } from '../../src/package/package-layout.ts';
import type { Problem } from '../../src/package/problem.ts';
import { type ParsedSources, parseSources } from '../../src/package/source-files.ts';
import { validateBuiltPackage } from '../../src/package/validate-built-package.ts';
import { createZip } from '../../src/package/zip-archive.ts';
import { readZip, type ZipEntry } from '../../src/package/zip-reader.ts';

const sources = parsedSources();

function parsedSources(): ParsedSources {
  const actions = ACTIONS.map(renderActionDefinition);
  const parsed = parseSources({
    integration: renderIntegrationDefinition(),
    actions: new Map(actions.map((each) => [`${each.script_name}.json`, each])),
    releaseNotes: [
      {
        description: 'New integration added - Proofpoint Threat Protection.',
        integration_version: 1,
        item_name: 'Proofpoint Threat Protection',
        item_type: 'Integration',
        publish_time: '2026-12-03',
      },
    ],
    logo: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    scripts: new Map(actions.map((each) => [`${each.script_name}.js`, text(each.script_name)])),
  });
  if (parsed.sources === undefined) throw new Error('the fixture sources do not parse');
  return parsed.sources;
}

function text(content: string): Uint8Array {
  return new TextEncoder().encode(content);
}

function asZipEntries(entries: readonly PackageEntry[]): ZipEntry[] {
  return entries.map(({ path, data }) => ({
    path,
    data: Buffer.from(data),
    method: 8,
    dosTime: 0,
    dosDate: 33,
  }));
}

/** Validates the package built from the sources after `change` rewrote its entries. */
function problemsAfter(change: (entries: PackageEntry[]) => PackageEntry[]): Problem[] {
  return validateBuiltPackage(asZipEntries(change(packageEntries(sources))), sources);
}

function replace(entries: PackageEntry[], path: string, data: Uint8Array): PackageEntry[] {
  expect(entries.map((entry) => entry.path)).toContain(path);
  return entries.map((entry) => (entry.path === path ? { path, data } : entry));
}

function editJson(
  entries: PackageEntry[],
  path: string,
  edit: (json: Record<string, unknown>) => void,
): PackageEntry[] {
  const entry = entries.find((each) => each.path === path);
  const json = JSON.parse(new TextDecoder().decode(entry?.data)) as Record<string, unknown>;
  edit(json);
  return replace(entries, path, text(JSON.stringify(json)));
}

const PING_DEF = 'ActionsDefinitions/Ping.actiondef';

describe('validateBuiltPackage', () => {
  it('finds no problem in a zip built from the sources', async () => {
    const zip = readZip(await createZip(packageEntries(sources)));
    expect(validateBuiltPackage(zip, sources)).toEqual([]);
  });

  it('reports a missing file (package-layout)', () => {
    const problems = problemsAfter((entries) => entries.filter(({ path }) => path !== 'RN.json'));
    expect(problems).toEqual([
      { rule: 'package-layout', where: 'RN.json', message: 'is missing from the package' },
    ]);
  });

  it('reports a file that is not part of the package (package-layout)', () => {
    const problems = problemsAfter((entries) => [
      ...entries,
      { path: 'Managers/extra.js', data: text('') },
    ]);
    expect(problems).toEqual([
      { rule: 'package-layout', where: 'Managers/extra.js', message: 'is not part of the package' },
    ]);
  });

  it('names the field where an .actiondef differs from its source (built-definition)', () => {
    const problems = problemsAfter((entries) =>
      editJson(entries, PING_DEF, (json) => {
        json['ScriptResultName'] = 'result';
      }),
    );
    expect(problems).toEqual([
      {
        rule: 'built-definition',
        where: PING_DEF,
        message: 'differs at ScriptResultName from the sources',
      },
    ]);
  });

  it('reports a parameter type code SecOps does not know (built-definition)', () => {
    const path = 'ActionsDefinitions/Get Allow List Entries.actiondef';
    const problems = problemsAfter((entries) =>
      editJson(entries, path, (json) => {
        const [first] = json['Parameters'] as Record<string, unknown>[];
        if (first !== undefined) first['Type'] = -1;
      }),
    );
    expect(problems).toContainEqual({
      rule: 'built-definition',
      where: path,
      message: 'has a parameter of unknown type',
    });
  });

  it('reports an .actiondef whose file name is not its action name (built-definition)', () => {
    const problems = problemsAfter((entries) =>
      entries.map((entry) =>
        entry.path === PING_DEF ? { ...entry, path: 'ActionsDefinitions/ping.actiondef' } : entry,
      ),
    );
    expect(problems).toContainEqual({
      rule: 'built-definition',
      where: 'ActionsDefinitions/ping.actiondef',
      message: 'holds action "Ping"',
    });
  });

  it('reports an integration .def that is not JSON (built-definition)', () => {
    const path = 'Integration-ProofpointThreatProtection.def';
    const problems = problemsAfter((entries) => replace(entries, path, text('{')));
    expect(problems).toEqual([
      { rule: 'built-definition', where: path, message: 'is not valid JSON' },
    ]);
  });

  it('requires a script for every .actiondef (action-script)', () => {
    const problems = problemsAfter((entries) =>
      entries.filter(({ path }) => path !== 'ActionsScripts/ping.js'),
    );
    expect(problems).toContainEqual({
      rule: 'action-script',
      where: PING_DEF,
      message: 'no script in ActionsScripts/',
    });
  });

  it('reports a script that is not the bundled one (action-script)', () => {
    const path = 'ActionsScripts/ping.js';
    const problems = problemsAfter((entries) => replace(entries, path, text('stale')));
    expect(problems).toEqual([
      { rule: 'action-script', where: path, message: 'differs from the source it is built from' },
    ]);
  });

  it('compares RN.json with the release notes (built-release-notes)', () => {
    const problems = problemsAfter((entries) =>
      replace(entries, 'RN.json', text('[{"ChangeDescription": "Old"}]')),
    );
    expect(problems.map(({ rule }) => rule)).toEqual(['built-release-notes']);
  });

  it('compares the logo with resources/logo.svg (logo)', () => {
    const problems = problemsAfter((entries) => replace(entries, 'logo.svg', text('<svg/>')));
    expect(problems.map(({ rule }) => rule)).toEqual(['logo']);
  });
});
