/**
 * Runs one call per value with a bounded number in flight. The client's rate gate spaces the
 * calls after a 429; this queue stops starting calls when the deadline draws near, or when an
 * answer shows that no further call can succeed, so every value ends done, failed or not
 * attempted, and none is lost.
 */
import pLimit from 'p-limit';
import type { Deadline } from '../client/deadline.ts';
import {
  AuthenticationError,
  ConnectionError,
  DeadlineError,
  UnexpectedResponseError,
} from '../client/errors.ts';
import type { Logger } from '../runtime/logger.ts';

/**
 * Calls in flight at once. The calls in flight when a rate limit is first hit are all answered
 * 429, so more than 7 makes over 10 % of a rate-limited bulk run 429s; 6 is the least that makes
 * a bulk add 5 times faster than one call at a time (README, Performance).
 */
export const DEFAULT_CONCURRENCY = 6;

export type BulkResult<R> =
  | { kind: 'done'; value: R }
  | { kind: 'failed'; error: Error }
  | { kind: 'not_attempted' };

export interface BulkOptions {
  concurrency: number;
  deadline: Deadline;
  logger: Logger;
  /** What the calls do, for progress lines, e.g. `adding to the block list`. */
  activity: string;
}

export interface BulkRun<R> {
  /** One result per item, in the items' order. */
  results: BulkResult<R>[];
  /**
   * The first error that rules out every call (refused credentials or cluster, a token endpoint
   * answering nonsense, a refused connection, an untrusted certificate) when no call succeeded:
   * the run should then fail as a whole rather than value by value.
   */
  refusal: Error | undefined;
}

export async function runBulk<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  { concurrency, deadline, logger, activity }: BulkOptions,
): Promise<BulkRun<R>> {
  const limit = pLimit(concurrency);
  let refusal: Error | undefined;
  let finished = 0;

  const runOne = async (item: T): Promise<BulkResult<R>> => {
    if (refusal !== undefined) return { kind: 'failed', error: notSent(refusal) };
    if (!deadline.allowsStart()) return { kind: 'not_attempted' };

    const result = await settle(task(item));
    if (result.kind === 'failed' && rulesOutEveryCall(result.error)) refusal ??= result.error;
    finished += 1;
    logger.info(`${activity}: ${finished} of ${items.length} done`);
    return result;
  };

  const results = await Promise.all(items.map((item) => limit(() => runOne(item))));
  const anyDone = results.some((result) => result.kind === 'done');
  return { results, refusal: anyDone ? undefined : refusal };
}

async function settle<R>(call: Promise<R>): Promise<BulkResult<R>> {
  try {
    return { kind: 'done', value: await call };
  } catch (error) {
    if (error instanceof DeadlineError && !error.mayHaveLanded) return { kind: 'not_attempted' };
    return { kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) };
  }
}

function rulesOutEveryCall(error: Error): boolean {
  if (error instanceof AuthenticationError || error instanceof UnexpectedResponseError) return true;

  return error instanceof ConnectionError && !error.retryable;
}

function notSent(refusal: Error): Error {
  return new Error(`not sent, as an earlier call showed none can succeed: ${refusal.message}`);
}
