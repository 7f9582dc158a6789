/**
 * The one object an action writes to standard output, shaped as the SecOps SDK writes it when a
 * script ends (`SiemplifyAction.end`).
 */

export const ExecutionState = { completed: 0, failed: 2, timedOut: 3 } as const;
export type ExecutionState = (typeof ExecutionState)[keyof typeof ExecutionState];

/** What an action's operation returns; the runner turns it into an {@link ActionResult}. */
export interface ActionOutcome {
  message: string;
  resultValue: boolean;
  state?: ExecutionState;
  jsonResult?: unknown;
}

export interface ActionResult {
  Message: string;
  ResultValue: boolean;
  ExecutionState: ExecutionState;
  ResultObjectJson: string;
  DebugOutput: string;
}

export function toActionResult(
  outcome: ActionOutcome,
  debugLines: readonly string[],
): ActionResult {
  return {
    Message: outcome.message,
    ResultValue: outcome.resultValue,
    ExecutionState: outcome.state ?? ExecutionState.completed,
    ResultObjectJson: serialiseJsonResult(outcome.jsonResult),
    DebugOutput: debugLines.join('\n'),
  };
}

function serialiseJsonResult(jsonResult: unknown): string {
  if (jsonResult === undefined) return '{}';

  return JSON.stringify({
    JsonResult: { Title: 'JsonResult', RawJson: JSON.stringify(jsonResult) },
  });
}
