/**
 * Rule `definition-matches-script`: each source definition is exactly what the catalog renders
 * for the script that reads it, so SecOps shows the parameters the script parses.
 */

import type { Expectations } from './expectations.ts';
import { describeDifference } from './json-difference.ts';
import { type Problem, problem } from './problem.ts';
import { ACTIONS_DIR, INTEGRATION_FILE, type ParsedSources } from './source-files.ts';

const RULE = 'definition-matches-script';
const REGENERATE = 'run `npm run definitions` after changing the catalog';

export function validateConsistency(sources: ParsedSources, expected: Expectations): Problem[] {
  return [...integrationProblems(sources, expected), ...actionProblems(sources, expected)];
}

function integrationProblems(sources: ParsedSources, expected: Expectations): Problem[] {
  const difference = describeDifference(asJson(sources.integration), asJson(expected.integration));
  if (difference === undefined) return [];
  return [
    problem(RULE, INTEGRATION_FILE, `${difference} from the integration parameters; ${REGENERATE}`),
  ];
}

function actionProblems(sources: ParsedSources, expected: Expectations): Problem[] {
  const byFile = new Map(sources.actions.map((each) => [each.file, each.definition]));
  const problems: Problem[] = [];

  for (const rendered of expected.actions) {
    const file = `${rendered.script_name}.json`;
    const where = `${ACTIONS_DIR}/${file}`;
    const source = byFile.get(file);
    byFile.delete(file);
    if (source === undefined) {
      problems.push(
        problem(RULE, where, `missing: the catalog has "${rendered.name}"; ${REGENERATE}`),
      );
      continue;
    }
    const difference = describeDifference(asJson(source), asJson(rendered));
    if (difference !== undefined) {
      const message = `${difference} from the "${rendered.name}" script; ${REGENERATE}`;
      problems.push(problem(RULE, where, message));
    }
  }
  for (const file of byFile.keys()) {
    problems.push(
      problem(RULE, `${ACTIONS_DIR}/${file}`, 'no action script in the catalog has it'),
    );
  }
  return problems;
}

/** Drops `undefined` members the way writing the file would, so only saved content compares. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
