import { describe, expect, it } from 'vitest';
import {
  renderActionDefinition,
  renderIntegrationDefinition,
} from '../../src/definitions/render.ts';
import { ACTIONS } from '../../src/operations/catalog.ts';
import { buildAction, buildIntegration } from '../../src/package/built-layout.ts';
import { firstDifference } from '../../src/package/json-difference.ts';
import { packageEntries } from '../../src/package/package-layout.ts';
import { buildReleaseNotes, isIsoDate } from '../../src/package/release-notes.ts';
import { parseSources } from '../../src/package/source-files.ts';

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
const NOTE = {
  description: 'New integration added - Proofpoint Threat Protection.',
  integration_version: 1,
  item_name: 'Proofpoint Threat Protection',
  item_type: 'Integration',
  publish_time: '2026-12-03',
  new: true,
};

function renderedAction(name: string) {
  const action = ACTIONS.find((each) => each.name === name);
  if (action === undefined) throw new Error(`no action ${name}`);
  return renderActionDefinition(action);
}

describe('buildIntegration', () => {
  const built = buildIntegration(renderIntegrationDefinition(), LOGO);

  it('uses the built field names and integration type codes', () => {
    expect(built).toMatchObject({
      Identifier: 'ProofpointThreatProtection',
      DisplayName: 'Proofpoint Threat Protection',
      Version: 1,
      SVGImage: LOGO,
    });
    expect(
      built.IntegrationProperties.map((each) => [each.PropertyName, each.PropertyType]),
    ).toEqual([
      ['API Root', 2],
      ['Client ID', 2],
      ['Client Secret', 3],
      ['Cluster ID', 2],
      ['Verify SSL', 0],
    ]);
  });

  it('keeps a parameter default as its Value', () => {
    expect(built.IntegrationProperties.at(-1)).toEqual({
      PropertyName: 'Verify SSL',
      PropertyDisplayName: 'Verify SSL',
      Value: true,
      PropertyDescription:
        'If enabled, verify the TLS certificate of the Proofpoint server. On by default.',
      IsMandatory: false,
      PropertyType: 0,
      IntegrationIdentifier: 'ProofpointThreatProtection',
    });
  });
});

describe('buildAction', () => {
  it('uses the action type codes and fills Value and OptionalValues', () => {
    const built = buildAction(renderedAction('Remove Entry from Block List'));

    expect(built.Parameters.map(({ Name, Type }) => [Name, Type])).toEqual([
      ['Cluster ID', 0],
      ['IOC Type To Search', 15],
      ['Value', 0],
      ['Case Insensitive Search', 1],
    ]);
    expect(built.Parameters[1]).toMatchObject({ DefaultValue: 'All', Value: 'All' });
    expect(built.Parameters[1]?.OptionalValues).toContain('Message Header From (Address Only)');
    expect(built.Parameters[3]).toMatchObject({ DefaultValue: false, OptionalValues: null });
  });

  it('stores the JSON result example as JSON text', () => {
    const source = renderedAction('Get Block List Entries');
    const [result] = buildAction(source).DynamicResultsMetadata;

    expect(result).toMatchObject({ ResultName: 'JsonResult', ShowResult: true });
    expect(JSON.parse(result?.ResultExample ?? '')).toEqual(
      source.dynamic_results_metadata[0]?.result_example,
    );
  });

  it('marks the action synchronous with the is_success script result', () => {
    expect(buildAction(renderedAction('Ping'))).toMatchObject({
      Name: 'Ping',
      IntegrationIdentifier: 'ProofpointThreatProtection',
      Parameters: [],
      DynamicResultsMetadata: [],
      ScriptResultName: 'is_success',
      IsAsync: false,
    });
  });

  it('gives a type SecOps does not know the code -1', () => {
    const source = renderedAction('Get Allow List Entries');
    const broken = {
      ...source,
      parameters: source.parameters.map((each) => ({ ...each, type: 'number' })),
    };
    expect(buildAction(broken).Parameters.map(({ Type }) => Type)).toEqual([-1, -1, -1]);
  });
});

describe('release notes', () => {
  it('converts the publish day to epoch seconds at midnight UTC', () => {
    expect(buildReleaseNotes([NOTE])).toEqual([
      {
        ChangeDescription: NOTE.description,
        Deprecated: false,
        New: true,
        ItemName: 'Proofpoint Threat Protection',
        ItemType: 'Integration',
        PublishTime: Date.UTC(2026, 11, 3) / 1000,
        Regressive: false,
        Removed: false,
        TicketNumber: null,
        IntroducedInIntegrationVersion: 1,
      },
    ]);
  });

  it.each([
    ['2026-12-03', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-12-3', false],
    ['3 December 2026', false],
  ])('isIsoDate(%s) is %s', (text, valid) => {
    expect(isIsoDate(text)).toBe(valid);
  });
});

describe('packageEntries', () => {
  it('lays the files out as SecOps imports them, sorted by path', () => {
    const actions = ACTIONS.map(renderActionDefinition);
    const { sources } = parseSources({
      integration: renderIntegrationDefinition(),
      actions: new Map(actions.map((each) => [`${each.script_name}.json`, each])),
      releaseNotes: [{ ...NOTE }],
      logo: LOGO,
      scripts: new Map([['ping.js', new Uint8Array([1])]]),
    });
    if (sources === undefined) throw new Error('the sources do not parse');
    const paths = packageEntries(sources).map(({ path }) => path);

    expect(paths).toEqual([...paths].sort());
    expect(paths).toContain('Integration-ProofpointThreatProtection.def');
    expect(paths).toContain('ActionsDefinitions/Add IOC to Block List.actiondef');
    expect(paths).toContain('RN.json');
    expect(paths).toContain('logo.svg');
    expect(paths.filter((path) => path.startsWith('ActionsScripts/'))).toEqual([
      'ActionsScripts/ping.js',
    ]);
    expect(paths.filter((path) => path.endsWith('.actiondef'))).toHaveLength(ACTIONS.length);
  });
});

describe('firstDifference', () => {
  it('names the first path where two JSON values differ', () => {
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBeUndefined();
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe('a[1].b');
    expect(firstDifference({ a: 1 }, { a: 1, c: 2 })).toBe('c');
    expect(firstDifference([1], [1, 2])).toBe('[1]');
    expect(firstDifference('x', 'y')).toBe('(root)');
  });
});
