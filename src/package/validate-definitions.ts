/**
 * Checks the source definitions the way `mp validate` checks an integration (secops-format.md
 * §5.3). Pure: it reads parsed sources and returns every problem found, in a stable order.
 */
import type { Expectations } from './expectations.ts';
import {
  ACTION_PARAMETER_NAME_PATTERN,
  DESCRIPTION_MAX_LENGTH,
  descriptionFault,
  INTEGRATION_DESCRIPTION_MAX_LENGTH,
  PARAMETER_NAME_PATTERN,
  parameterNameFault,
} from './naming-rules.ts';
import { actionWhere, type ParameterOwner, parameterOwners } from './parameter-owners.ts';
import {
  ACTION_PARAMETER_TYPES,
  CHOICE_TYPES,
  INTEGRATION_PARAMETER_TYPES,
  typeCode,
  UNKNOWN_TYPE_CODE,
} from './parameter-types.ts';
import { PING_FAILURE_TEXT, PING_SUCCESS_TEXT, type PingMessages } from './ping-messages.ts';
import { type Problem, problem } from './problem.ts';
import {
  ACTIONS_DIR,
  INTEGRATION_FILE,
  type ParameterSource,
  type ParsedSources,
} from './source-files.ts';
import { validateConsistency } from './validate-consistency.ts';
import { validateNames } from './validate-names.ts';
import { validateLogo, validateReleaseNotes } from './validate-release-notes.ts';

const PING_SOURCE = 'src/operations/ping.ts';
const VERIFY_SSL = 'Verify SSL';

export function validateDefinitions(sources: ParsedSources, expected: Expectations): Problem[] {
  return [
    ...pingProblems(sources, expected.pingMessages),
    ...verifySslProblems(sources),
    ...parameterOwners(sources).flatMap(parameterProblems),
    ...validateNames(sources),
    ...descriptionProblems(sources),
    ...jsonResultProblems(sources, expected),
    ...scriptProblems(sources),
    ...validateConsistency(sources, expected),
    ...validateReleaseNotes(sources),
    ...validateLogo(sources),
  ];
}

function pingProblems({ actions }: ParsedSources, messages: PingMessages): Problem[] {
  const problems: Problem[] = [];
  if (!actions.some(({ definition }) => definition.name.toLowerCase() === 'ping')) {
    problems.push(problem('ping-action', ACTIONS_DIR, 'no action is named Ping'));
  }
  if (!messages.success.includes(PING_SUCCESS_TEXT)) {
    const message = `the success message does not contain "${PING_SUCCESS_TEXT}"`;
    problems.push(problem('ping-message', PING_SOURCE, message));
  }
  if (!messages.failure.includes(PING_FAILURE_TEXT)) {
    const message = `the failure message does not contain "${PING_FAILURE_TEXT}"`;
    problems.push(problem('ping-message', PING_SOURCE, message));
  }
  return problems;
}

function verifySslProblems({ integration }: ParsedSources): Problem[] {
  const where = `${INTEGRATION_FILE}: parameter "${VERIFY_SSL}"`;
  const parameter = integration.parameters.find(({ name }) => name === VERIFY_SSL);
  if (parameter === undefined) {
    return [problem('verify-ssl', INTEGRATION_FILE, `no "${VERIFY_SSL}" parameter`)];
  }
  if (parameter.type !== 'boolean') {
    return [problem('verify-ssl', where, `is of type ${parameter.type}, not boolean`)];
  }
  if (String(parameter.default_value).toLowerCase() !== 'true') {
    return [problem('verify-ssl', where, `defaults to ${parameter.default_value}, not true`)];
  }
  return [];
}

function parameterProblems(owner: ParameterOwner): Problem[] {
  return owner.parameters.flatMap((parameter) => {
    const where = `${owner.where}: parameter "${parameter.name}"`;
    const namePattern =
      owner.kind === 'integration' ? PARAMETER_NAME_PATTERN : ACTION_PARAMETER_NAME_PATTERN;
    const faults: [string, string | undefined][] = [
      ['parameter-type', typeFault(owner, parameter)],
      ...choiceFaults(owner, parameter),
      ['description', descriptionFault(parameter.description, DESCRIPTION_MAX_LENGTH)],
      ['parameter-name', parameterNameFault(parameter.name, namePattern)],
    ];
    return faults.flatMap(([rule, fault]) =>
      fault === undefined ? [] : [problem(rule, where, fault)],
    );
  });
}

function typeFault(owner: ParameterOwner, { type }: ParameterSource): string | undefined {
  const codes = owner.kind === 'integration' ? INTEGRATION_PARAMETER_TYPES : ACTION_PARAMETER_TYPES;
  if (typeCode(codes, type) !== UNKNOWN_TYPE_CODE) return undefined;
  return `"${type}" is not a SecOps ${owner.kind} parameter type`;
}

function choiceFaults(
  owner: ParameterOwner,
  parameter: ParameterSource,
): [string, string | undefined][] {
  const values = parameter.optional_values;
  const isChoice = owner.kind === 'action' && CHOICE_TYPES.has(parameter.type);
  if (!isChoice) {
    const fault =
      values === undefined ? undefined : `a ${parameter.type} parameter has optional_values`;
    return [['no-choice-values', fault]];
  }
  if (values === undefined || values.length === 0) {
    return [['choice-values', `a ${parameter.type} parameter has no optional_values`]];
  }
  const fault = values.includes(String(parameter.default_value))
    ? undefined
    : `the default "${parameter.default_value}" is not one of its optional_values`;
  return [['choice-values', fault]];
}

function descriptionProblems({ integration, actions }: ParsedSources): Problem[] {
  const described = [
    {
      where: INTEGRATION_FILE,
      text: integration.description,
      max: INTEGRATION_DESCRIPTION_MAX_LENGTH,
    },
    ...actions.map((action) => ({
      where: actionWhere(action),
      text: action.definition.description,
      max: DESCRIPTION_MAX_LENGTH,
    })),
  ];
  return described.flatMap(({ where, text, max }) => {
    const fault = descriptionFault(text, max);
    return fault === undefined ? [] : [problem('description', where, fault)];
  });
}

/** Every action whose script writes a JSON result shows an example of it. */
function jsonResultProblems({ actions }: ParsedSources, expected: Expectations): Problem[] {
  const withJsonResult = new Set(
    expected.actions
      .filter((each) => each.dynamic_results_metadata.length > 0)
      .map((each) => each.name),
  );
  return actions.flatMap((action): Problem[] => {
    const results = action.definition.dynamic_results_metadata;
    const where = actionWhere(action);
    if (withJsonResult.has(action.definition.name) && results.length === 0) {
      return [
        problem(
          'json-result-example',
          where,
          'the script writes a JSON result but no example is given',
        ),
      ];
    }
    return results.flatMap((result) => {
      if (result.result_name === 'JsonResult' && !isEmptyExample(result.result_example)) return [];
      const message = `result "${result.result_name}" needs the name JsonResult and an example`;
      return [problem('json-result-example', where, message)];
    });
  });
}

function isEmptyExample(example: unknown): boolean {
  if (example === undefined || example === null || example === '') return true;
  if (Array.isArray(example)) return example.length === 0;
  return typeof example === 'object' && Object.keys(example).length === 0;
}

function scriptProblems({ actions, scripts }: ParsedSources): Problem[] {
  return actions.flatMap((action) => {
    const file = `${action.definition.script_name}.js`;
    const script = scripts.get(file);
    if (script !== undefined && script.length > 0) return [];
    return [
      problem('action-script', actionWhere(action), `no bundled script dist/actions/${file}`),
    ];
  });
}
