/**
 * The one runner every action script calls: it reads the context from standard input, runs the
 * action, and writes exactly one result object to standard output whatever happens.
 */
import { Deadline } from '../client/deadline.ts';
import { AuthenticationError, DeadlineError } from '../client/errors.ts';
import { ProofpointClient } from '../client/proofpoint-client.ts';
import { DEFAULT_CONCURRENCY } from '../operations/bulk-queue.ts';
import type { Action } from './action.ts';
import { parseActionContext } from './action-context.ts';
import {
  type ActionOutcome,
  type ActionResult,
  ExecutionState,
  toActionResult,
} from './action-result.ts';
import { FailureWithResult } from './errors.ts';
import { readIntegrationConfig } from './integration-config.ts';
import { createLogger, type Logger, parseLogLevel } from './logger.ts';
import { integerParameter, readParameter, readParameters } from './parameters.ts';

/** An environment setting, not a SecOps parameter: benchmarks and tuning change it. */
const CONCURRENCY_SETTING = integerParameter('PROOFPOINT_CONCURRENCY', {
  description: 'Calls a bulk action keeps in flight at once.',
  defaultValue: DEFAULT_CONCURRENCY,
  min: 1,
  max: 50,
});

export interface RunIo {
  stdin: string;
  environment: NodeJS.ProcessEnv;
  logger: Logger;
}

/** Runs `action` in this process and sets the exit code to the execution state. */
export async function runActionScript<P>(action: Action<P>): Promise<void> {
  const logger = createLogger({ level: parseLogLevel(process.env['PROOFPOINT_LOG_LEVEL']) });
  const stdin = process.stdin.isTTY ? '' : await readStream(process.stdin);

  const result = await runAction(action, { stdin, environment: process.env, logger });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = result.ExecutionState;
}

export async function runAction<P>(action: Action<P>, io: RunIo): Promise<ActionResult> {
  const { logger } = io;
  let client: ProofpointClient | undefined;
  let outcome: ActionOutcome;

  try {
    const context = parseActionContext(io.stdin);
    const config = readIntegrationConfig(context.integrationConfiguration, io.environment);
    logger.addSecret(config.clientSecret);
    const params = readParameters(action.parameters, context.parameters);
    const deadline = new Deadline(context.deadlineUnixMs);

    client = new ProofpointClient({
      ...config,
      deadline,
      logger,
      ...authUrlFrom(io.environment),
    });
    const concurrency = readParameter(
      CONCURRENCY_SETTING,
      io.environment['PROOFPOINT_CONCURRENCY'],
    );
    outcome = await action.perform({ params, config, client, deadline, logger, concurrency });
  } catch (error) {
    outcome = failedOutcome(action, error, logger);
  } finally {
    client?.close();
  }

  // Messages and reasons quote API answers and user input; mask any secret that found its way
  // in, before serialising, as JSON escapes would hide a secret holding a quote or a backslash.
  const redacted = {
    ...outcome,
    message: logger.redact(outcome.message),
    jsonResult: redactStrings(outcome.jsonResult, logger.redact),
  };
  return toActionResult(redacted, logger.lines());
}

function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (value === null || typeof value !== 'object') return value;

  const entries = Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]);
  return Object.fromEntries(entries);
}

function failedOutcome<P>(action: Action<P>, error: unknown, logger: Logger): ActionOutcome {
  const failure = error instanceof FailureWithResult ? error.failure : error;
  const reason = reasonFor(failure);
  logger.error(reason);
  if (failure instanceof Error && failure.stack !== undefined) logger.debug(failure.stack);

  const message =
    action.failureMessage?.(reason) ?? `Error executing action "${action.name}". Reason: ${reason}`;
  const state = failure instanceof DeadlineError ? ExecutionState.timedOut : ExecutionState.failed;
  const jsonResult = error instanceof FailureWithResult ? { jsonResult: error.jsonResult } : {};
  return { message, resultValue: false, state, ...jsonResult };
}

/** The failure in words a person can act on. */
export function reasonFor(error: unknown): string {
  if (!(error instanceof Error)) return 'an unexpected error occurred';
  if (error instanceof AuthenticationError && error.status === 403) {
    return `${error.message} (the API key may not be entitled to this cluster or to the lists)`;
  }
  if (error instanceof AuthenticationError) {
    return `${error.message} (check the Client ID and Client Secret)`;
  }

  return error.message;
}

function authUrlFrom(environment: NodeJS.ProcessEnv): { authUrl?: string } {
  const authUrl = environment['PROOFPOINT_AUTH_URL'];
  return authUrl === undefined || authUrl === '' ? {} : { authUrl };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));

  return Buffer.concat(chunks).toString('utf8');
}
