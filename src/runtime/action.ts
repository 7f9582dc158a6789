/** What an action is: its definition (as SecOps shows it) and the work it does. */

import type { Deadline } from '../client/deadline.ts';
import type { ProofpointClient } from '../client/proofpoint-client.ts';
import type { ActionOutcome } from './action-result.ts';
import type { IntegrationConfig } from './integration-config.ts';
import type { Logger } from './logger.ts';
import type { ParameterSpecs } from './parameters.ts';

export interface ActionRun<P> {
  params: P;
  config: IntegrationConfig;
  client: ProofpointClient;
  deadline: Deadline;
  logger: Logger;
  /** Calls a bulk action keeps in flight at once. */
  concurrency: number;
}

export interface Action<P> {
  /** The name SecOps shows, e.g. `Add IOC to Block List`. */
  readonly name: string;
  /** The script's file name under dist/actions, e.g. `add-ioc-to-block-list`. */
  readonly scriptName: string;
  readonly description: string;
  readonly parameters: ParameterSpecs<P>;
  /** An example of the JSON result, for actions that have one. */
  readonly jsonResultExample?: unknown;
  /** The failed-run message; by default `Error executing action "<name>". Reason: <reason>`. */
  readonly failureMessage?: (reason: string) => string;
  perform(run: ActionRun<P>): Promise<ActionOutcome>;
}
