/**
 * What happened to each requested value, and the message that names the values in each group
 * (CONTRACT §4: no value is ever left unreported).
 */
import { type ActionOutcome, ExecutionState } from '../runtime/action-result.ts';
import { FailureWithResult } from '../runtime/errors.ts';

export const VALUE_STATUSES = [
  'added',
  'already_present',
  'removed',
  'not_found',
  'invalid',
  'failed',
  'not_attempted',
] as const;

export type ValueStatus = (typeof VALUE_STATUSES)[number];

export interface ValueOutcome {
  value: string;
  attribute: string;
  status: ValueStatus;
  reason?: string;
}

const DONE: ReadonlySet<ValueStatus> = new Set(['added', 'already_present', 'removed']);

/** How each group opens its line of the message; `{list}` names the list. */
const GROUP_HEADING: Record<ValueStatus, string> = {
  added: 'Successfully added to the Proofpoint Threat Protection {list}',
  already_present: 'Already on the {list}',
  removed: 'Successfully removed from the Proofpoint Threat Protection {list}',
  not_found: 'Not found on the {list}',
  invalid: 'Invalid, not sent',
  failed: 'Failed',
  not_attempted: 'Not attempted: the action deadline was near',
};

export function summariseOutcomes(
  outcomes: readonly ValueOutcome[],
  listTitle: string,
): ActionOutcome {
  const lines = VALUE_STATUSES.flatMap((status) => {
    const group = outcomes.filter((outcome) => outcome.status === status);
    if (group.length === 0) return [];

    const heading = GROUP_HEADING[status].replace('{list}', listTitle);
    return [`${heading} (${group.length}): ${group.map(describeValue).join(', ')}.`];
  });
  const timedOut = outcomes.some((outcome) => outcome.status === 'not_attempted');

  return {
    message: lines.join('\n'),
    resultValue: outcomes.length > 0 && outcomes.every((outcome) => DONE.has(outcome.status)),
    state: timedOut ? ExecutionState.timedOut : ExecutionState.completed,
    jsonResult: outcomes,
  };
}

/**
 * The outcome of a bulk run, or, when `refusal` says no call could succeed, a failed run that
 * still reports every value as its JSON result.
 */
export function reportOutcomes(
  outcomes: readonly ValueOutcome[],
  listTitle: string,
  refusal: Error | undefined,
): ActionOutcome {
  if (refusal !== undefined) throw new FailureWithResult(refusal, outcomes);

  return summariseOutcomes(outcomes, listTitle);
}

function describeValue(outcome: ValueOutcome): string {
  return outcome.reason === undefined ? outcome.value : `${outcome.value} (${outcome.reason})`;
}
