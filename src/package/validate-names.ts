/**
 * Rules `integration-identifier`, `display-name` and `unique-name`: what the integration, its
 * actions and their parameters are called.
 */
import { DISPLAY_NAME_PATTERN, IDENTIFIER_PATTERN, nameFault } from './naming-rules.ts';
import { actionWhere, parameterOwners } from './parameter-owners.ts';
import { type Problem, problem } from './problem.ts';
import { ACTIONS_DIR, INTEGRATION_FILE, type ParsedSources } from './source-files.ts';

export function validateNames(sources: ParsedSources): Problem[] {
  return [
    ...identifierProblems(sources),
    ...displayNameProblems(sources),
    ...uniqueNameProblems(sources),
  ];
}

function identifierProblems({ integration, actions }: ParsedSources): Problem[] {
  const { identifier } = integration;
  const fault = nameFault(identifier, IDENTIFIER_PATTERN);
  const problems =
    fault === undefined ? [] : [problem('integration-identifier', INTEGRATION_FILE, fault)];
  const mismatch = (owner: string, other: string) =>
    problem('integration-identifier', owner, `names integration "${other}", not "${identifier}"`);

  for (const parameter of integration.parameters) {
    if (parameter.integration_identifier !== identifier) {
      problems.push(
        mismatch(
          `${INTEGRATION_FILE}: parameter "${parameter.name}"`,
          parameter.integration_identifier,
        ),
      );
    }
  }
  for (const action of actions) {
    const other = action.definition.integration_identifier;
    if (other !== identifier) problems.push(mismatch(actionWhere(action), other));
  }
  return problems;
}

function displayNameProblems({ integration, actions }: ParsedSources): Problem[] {
  const named = [
    { where: INTEGRATION_FILE, name: integration.name },
    ...actions.map((action) => ({ where: actionWhere(action), name: action.definition.name })),
  ];
  return named.flatMap(({ where, name }) => {
    const fault = nameFault(name, DISPLAY_NAME_PATTERN);
    return fault === undefined ? [] : [problem('display-name', where, fault)];
  });
}

function uniqueNameProblems(sources: ParsedSources): Problem[] {
  const { actions } = sources;
  const problems = [
    ...duplicates(
      actions.map(({ definition }) => definition.name),
      ACTIONS_DIR,
      'action name',
    ),
    ...duplicates(
      actions.map(({ definition }) => definition.script_name),
      ACTIONS_DIR,
      'script name',
    ),
  ];
  for (const owner of parameterOwners(sources)) {
    problems.push(
      ...duplicates(
        owner.parameters.map(({ name }) => name),
        owner.where,
        'parameter',
      ),
    );
  }
  return problems;
}

function duplicates(names: readonly string[], where: string, what: string): Problem[] {
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  return [...new Set(repeated)].map((name) =>
    problem('unique-name', where, `${what} "${name}" appears more than once`),
  );
}
