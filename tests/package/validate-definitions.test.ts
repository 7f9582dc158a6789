import { describe, expect, it } from 'vitest';
import type {
  ActionDefinitionFile,
  IntegrationDefinitionFile,
  ParameterDefinition,
} from '../../src/definitions/render.ts';
import { ACTIONS } from '../../src/operations/catalog.ts';
import { expectationsOf } from '../../src/package/expectations.ts';
import { type PingMessages, readPingMessages } from '../../src/package/ping-messages.ts';
import type { Problem } from '../../src/package/problem.ts';
import { parseSources, type ReleaseNoteSource } from '../../src/package/source-files.ts';
import { validateDefinitions } from '../../src/package/validate-definitions.ts';

const realPingMessages = await readPingMessages();

/** Sources as `npm run definitions` writes them, each test breaking one rule. */
interface Fixture {
  integration: IntegrationDefinitionFile;
  actions: Map<string, ActionDefinitionFile>;
  releaseNotes: ReleaseNoteSource[];
  logo: string;
  scripts: Map<string, Uint8Array>;
}

function fixture(): Fixture {
  const expected = expectationsOf(ACTIONS, realPingMessages);
  return {
    integration: structuredClone(expected.integration),
    actions: new Map(
      expected.actions.map((each) => [`${each.script_name}.json`, structuredClone(each)]),
    ),
    releaseNotes: [
      {
        description: 'New integration added - Proofpoint Threat Protection.',
        integration_version: 1,
        item_name: 'Proofpoint Threat Protection',
        item_type: 'Integration',
        publish_time: '2026-12-03',
        new: true,
      },
    ],
    logo: '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
    scripts: new Map(
      expected.actions.map((each) => [`${each.script_name}.js`, new Uint8Array([1])]),
    ),
  };
}

function problemsAfter(
  breakIt: (sources: Fixture) => void,
  pingMessages: PingMessages = realPingMessages,
): Problem[] {
  const sources = fixture();
  breakIt(sources);
  const parsed = parseSources(sources);
  if (parsed.sources === undefined) return [...parsed.problems];
  return validateDefinitions(parsed.sources, expectationsOf(ACTIONS, pingMessages));
}

function rulesAfter(breakIt: (sources: Fixture) => void, pingMessages?: PingMessages): string[] {
  return problemsAfter(breakIt, pingMessages).map(({ rule }) => rule);
}

function action(sources: Fixture, scriptName: string): ActionDefinitionFile {
  const found = sources.actions.get(`${scriptName}.json`);
  if (found === undefined) throw new Error(`no ${scriptName}.json in the fixture`);
  return found;
}

function parameter(
  owner: { parameters: ParameterDefinition[] },
  name: string,
): ParameterDefinition {
  const found = owner.parameters.find((each) => each.name === name);
  if (found === undefined) throw new Error(`no parameter ${name}`);
  return found;
}

describe('validateDefinitions', () => {
  it('finds no problem in definitions rendered from the catalog', () => {
    expect(problemsAfter(() => {})).toEqual([]);
  });

  describe('source-format', () => {
    it('reports a definition file with a misspelt key', () => {
      const problems = problemsAfter((sources) => {
        Object.assign(action(sources, 'ping'), { is_asynch: false });
      });
      expect(problems).toEqual([
        expect.objectContaining({ rule: 'source-format', where: 'definitions/actions/ping.json' }),
      ]);
    });

    it('reports an integration definition that could not be read', () => {
      expect(rulesAfter((sources) => Object.assign(sources, { integration: undefined }))).toEqual([
        'source-format',
      ]);
    });
  });

  describe('ping', () => {
    it('requires an action named Ping', () => {
      expect(rulesAfter((sources) => sources.actions.delete('ping.json'))).toContain('ping-action');
    });

    it('requires the success message prefix', () => {
      const messages = { ...realPingMessages, success: 'Connected to Proofpoint.' };
      const problems = problemsAfter(() => {}, messages);
      expect(problems).toEqual([
        expect.objectContaining({
          rule: 'ping-message',
          message: expect.stringContaining('Successfully connected to the'),
        }),
      ]);
    });

    it('requires the failure message prefix', () => {
      const messages = { ...realPingMessages, failure: 'Error executing action "Ping".' };
      const problems = problemsAfter(() => {}, messages);
      expect(problems).toEqual([
        expect.objectContaining({
          rule: 'ping-message',
          message: expect.stringContaining('Failed to connect to the'),
        }),
      ]);
    });

    it('reads both messages from the Ping action', () => {
      expect(realPingMessages.success).toContain('Successfully connected to the Proofpoint');
      expect(realPingMessages.failure).toMatch(/^Failed to connect to the Proofpoint .* <reason>$/);
    });
  });

  describe('verify-ssl', () => {
    it('requires the Verify SSL parameter', () => {
      const rules = rulesAfter((sources) => {
        sources.integration.parameters = sources.integration.parameters.filter(
          ({ name }) => name !== 'Verify SSL',
        );
      });
      expect(rules).toContain('verify-ssl');
    });

    it('requires it to be a boolean', () => {
      const rules = rulesAfter((sources) => {
        parameter(sources.integration, 'Verify SSL').type = 'string';
      });
      expect(rules).toContain('verify-ssl');
    });

    it('requires it to default to true', () => {
      const problems = problemsAfter((sources) => {
        parameter(sources.integration, 'Verify SSL').default_value = false;
      });
      expect(problems).toContainEqual(
        expect.objectContaining({ rule: 'verify-ssl', message: 'defaults to false, not true' }),
      );
    });
  });

  describe('parameter-type', () => {
    it('rejects an action parameter type SecOps does not know', () => {
      const rules = rulesAfter((sources) => {
        parameter(action(sources, 'get-allow-list-entries'), 'Max IOCs To Return').type = 'number';
      });
      expect(rules).toContain('parameter-type');
    });

    it('rejects an action-only type on an integration parameter', () => {
      const rules = rulesAfter((sources) => {
        parameter(sources.integration, 'Cluster ID').type = 'ddl';
      });
      expect(rules).toContain('parameter-type');
    });
  });

  describe('choice-values', () => {
    const iocType = (sources: Fixture) =>
      parameter(action(sources, 'get-block-list-entries'), 'IOC Type To Return');

    it('requires a choice parameter to list its values', () => {
      const rules = rulesAfter((sources) => {
        delete iocType(sources).optional_values;
      });
      expect(rules).toContain('choice-values');
    });

    it('rejects an empty list of values', () => {
      expect(
        rulesAfter((sources) => Object.assign(iocType(sources), { optional_values: [] })),
      ).toContain('choice-values');
    });

    it('requires the default to be one of the values', () => {
      const problems = problemsAfter((sources) => {
        iocType(sources).default_value = 'Everything';
      });
      expect(problems).toContainEqual({
        rule: 'choice-values',
        where: 'definitions/actions/get-block-list-entries.json: parameter "IOC Type To Return"',
        message: 'the default "Everything" is not one of its optional_values',
      });
    });
  });

  it('rejects values on a parameter that is not a choice (no-choice-values)', () => {
    const rules = rulesAfter((sources) => {
      parameter(action(sources, 'remove-entry-from-allow-list'), 'Value').optional_values = ['a'];
    });
    expect(rules).toContain('no-choice-values');
  });

  describe('description', () => {
    it('requires every action parameter to be described', () => {
      const rules = rulesAfter((sources) => {
        parameter(action(sources, 'add-ioc-to-block-list'), 'Comment').description = ' ';
      });
      expect(rules).toContain('description');
    });

    it('requires every integration parameter to be described', () => {
      const rules = rulesAfter((sources) => {
        parameter(sources.integration, 'Client ID').description = '';
      });
      expect(rules).toContain('description');
    });

    it('requires every action to be described', () => {
      const rules = rulesAfter((sources) => {
        action(sources, 'ping').description = '';
      });
      expect(rules).toContain('description');
    });

    it('limits the length of a description', () => {
      const rules = rulesAfter((sources) => {
        action(sources, 'ping').description = 'x'.repeat(2051);
      });
      expect(rules).toContain('description');
    });
  });

  describe('parameter-name', () => {
    it('allows parentheses in action parameter names', () => {
      const name = 'Message Header From (Address Only)';
      const rules = rulesAfter((sources) => {
        expect(parameter(action(sources, 'add-ioc-to-allow-list'), name).name).toBe(name);
      });
      expect(rules).toEqual([]);
    });

    it('rejects parentheses in integration parameter names', () => {
      const rules = rulesAfter((sources) => {
        parameter(sources.integration, 'Cluster ID').name = 'Cluster (ID)';
      });
      expect(rules).toContain('parameter-name');
    });

    it('rejects other punctuation in action parameter names', () => {
      const rules = rulesAfter((sources) => {
        parameter(action(sources, 'add-ioc-to-allow-list'), 'Comment').name = 'Comment?';
      });
      expect(rules).toContain('parameter-name');
    });

    it('rejects a parameter name of more than seven words', () => {
      const rules = rulesAfter((sources) => {
        parameter(action(sources, 'add-ioc-to-allow-list'), 'Comment').name =
          'The comment that is stored with every entry';
      });
      expect(rules).toContain('parameter-name');
    });
  });

  describe('integration-identifier', () => {
    it('rejects an identifier with spaces', () => {
      const rules = rulesAfter((sources) => {
        sources.integration.identifier = 'Proofpoint Threat Protection';
      });
      expect(rules).toContain('integration-identifier');
    });

    it('requires every action to name the integration', () => {
      const rules = rulesAfter((sources) => {
        action(sources, 'ping').integration_identifier = 'ProofpointTAP';
      });
      expect(rules).toContain('integration-identifier');
    });
  });

  describe('display-name', () => {
    it('rejects punctuation in action names', () => {
      const rules = rulesAfter((sources) => {
        action(sources, 'ping').name = 'Ping (test)';
      });
      expect(rules).toContain('display-name');
    });

    it('rejects an integration name over 150 characters', () => {
      const rules = rulesAfter((sources) => {
        sources.integration.name = 'P'.repeat(151);
      });
      expect(rules).toContain('display-name');
    });
  });

  it('rejects two parameters of one action with the same name (unique-name)', () => {
    const rules = rulesAfter((sources) => {
      const definition = action(sources, 'add-entry-to-allow-list');
      definition.parameters.push({ ...parameter(definition, 'Cluster ID') });
    });
    expect(rules).toContain('unique-name');
  });

  describe('json-result-example', () => {
    it('requires an example for an action whose script writes a JSON result', () => {
      const rules = rulesAfter((sources) => {
        action(sources, 'get-allow-list-entries').dynamic_results_metadata = [];
      });
      expect(rules).toContain('json-result-example');
    });

    it('rejects an empty example', () => {
      const rules = rulesAfter((sources) => {
        const [result] = action(sources, 'add-ioc-to-block-list').dynamic_results_metadata;
        if (result !== undefined) result.result_example = [];
      });
      expect(rules).toContain('json-result-example');
    });
  });

  it('requires a bundled script for every action (action-script)', () => {
    const problems = problemsAfter((sources) => sources.scripts.delete('ping.js'));
    expect(problems).toEqual([
      {
        rule: 'action-script',
        where: 'definitions/actions/ping.json',
        message: 'no bundled script dist/actions/ping.js',
      },
    ]);
  });

  describe('definition-matches-script', () => {
    it('names the field where a definition differs from its script', () => {
      const problems = problemsAfter((sources) => {
        parameter(action(sources, 'get-allow-list-entries'), 'Max IOCs To Return').default_value =
          '50';
      });
      expect(problems).toEqual([
        expect.objectContaining({
          rule: 'definition-matches-script',
          where: 'definitions/actions/get-allow-list-entries.json',
          message: expect.stringContaining('differs at parameters[2].default_value'),
        }),
      ]);
    });

    it('reports a definition no script reads', () => {
      const problems = problemsAfter((sources) => {
        sources.actions.set('ping-again.json', { ...action(sources, 'ping'), name: 'Ping Again' });
      });
      expect(problems).toContainEqual(
        expect.objectContaining({
          rule: 'definition-matches-script',
          where: 'definitions/actions/ping-again.json',
        }),
      );
    });

    it('compares the integration definition with the integration parameters', () => {
      const problems = problemsAfter((sources) => {
        parameter(sources.integration, 'API Root').is_mandatory = false;
      });
      expect(problems).toEqual([
        expect.objectContaining({
          rule: 'definition-matches-script',
          where: 'integration.def.json',
          message: expect.stringContaining('parameters[0].is_mandatory'),
        }),
      ]);
    });
  });

  describe('release-notes', () => {
    it.each(['03/12/2026', '2026-12-3', '2026-02-30'])('rejects the date %s', (date) => {
      const rules = rulesAfter((sources) => {
        Object.assign(sources.releaseNotes[0] ?? {}, { publish_time: date });
      });
      expect(rules).toEqual(['release-notes']);
    });

    it('requires a note for the current version', () => {
      const rules = rulesAfter((sources) => {
        Object.assign(sources.releaseNotes[0] ?? {}, { integration_version: 0.9 });
      });
      expect(rules).toEqual(['release-notes']);
    });
  });

  it('requires an SVG logo (logo)', () => {
    expect(rulesAfter((sources) => Object.assign(sources, { logo: 'PNG' }))).toEqual(['logo']);
  });
});
