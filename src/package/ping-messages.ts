/**
 * Ping's two messages, taken from the Ping action itself so the validator checks what the
 * script prints, as mp's "Ping Message Format Validation" reads the Python source.
 */
import { pingAction } from '../operations/ping.ts';
import type { ActionRun } from '../runtime/action.ts';

export interface PingMessages {
  readonly success: string;
  readonly failure: string;
}

export const PING_SUCCESS_TEXT = 'Successfully connected to the';
export const PING_FAILURE_TEXT = 'Failed to connect to the';

export async function readPingMessages(): Promise<PingMessages> {
  const outcome = await pingAction.perform(stubRun());
  const failure = pingAction.failureMessage?.('<reason>');

  return {
    success: outcome.message,
    failure: failure ?? 'Error executing action "Ping". Reason: <reason>',
  };
}

// Ping only reads the block list of the configured cluster; an empty list is a success.
function stubRun(): ActionRun<Record<string, never>> {
  const run = {
    params: {},
    config: { clusterId: 'validator' },
    client: { getEntries: () => Promise.resolve([]) },
  };
  return run as unknown as ActionRun<Record<string, never>>;
}
