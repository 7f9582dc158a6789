/**
 * Runs one call per value with a bounded number in flight. The client's rate gate spaces the
 * calls after a 429; this queue stops starting calls when the deadline draws near, so every value
 * ends done, failed or not attempted, and none is lost.
 */
import pLimit from 'p-limit';
import type { Deadline } from '../client/deadline.ts';
import { DeadlineError } from '../client/errors.ts';
import type { Logger } from '../runtime/logger.ts';

/**
 * Calls in flight at once. Proofpoint documents a per-minute limit and answers 429 to a burst;
 * five keeps a burst small while a slow API still overlaps well (see the README's benchmarks).
 */
export const DEFAULT_CONCURRENCY = 5;

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

export async function runBulk<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  { concurrency, deadline, logger, activity }: BulkOptions,
): Promise<BulkResult<R>[]> {
  const limit = pLimit(concurrency);
  let finished = 0;

  const runOne = async (item: T): Promise<BulkResult<R>> => {
    if (!deadline.allowsStart()) return { kind: 'not_attempted' };

    const result = await settle(task(item));
    finished += 1;
    logger.info(`${activity}: ${finished} of ${items.length} done`);
    return result;
  };

  return Promise.all(items.map((item) => limit(() => runOne(item))));
}

async function settle<R>(call: Promise<R>): Promise<BulkResult<R>> {
  try {
    return { kind: 'done', value: await call };
  } catch (error) {
    if (error instanceof DeadlineError && !error.attempted) return { kind: 'not_attempted' };
    return { kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) };
  }
}
