/**
 * Scenario 3, under a rate limit: Add IOC to Block List with 60 values while the emulator allows
 * 20 list requests a second and answers 429 beyond, at each concurrency of the trade-off table.
 * The emulator's request log gives the share of list requests answered 429.
 */
import { actionContext } from './action-io.ts';
import { type BenchContext, runNode, runProblem } from './bench-context.ts';
import { addProblem, bulkValues, lostValues } from './bulk-add.ts';
import { rotate } from './stats.ts';

export const LIMITED_VALUES = 60;
export const RATE_LIMIT = { requests: 20, windowMs: 1000 } as const;
/** 60 values at 20 a second: the first 20 go at once, the last 20 two seconds later. */
export const LIMITED_IDEAL_MS = 3000;

export interface LimitedRun {
  wallMs: number;
  listRequests: number;
  rateLimited: number;
}

export interface RateLimitSamples {
  byConcurrency: Map<number, LimitedRun[]>;
  failures: Map<number, string[]>;
  /** Per run, failed ones included: values not reported added or not on the list. */
  lostValues: Map<number, number[]>;
}

const LIST_PATH_SUFFIX = '/orgBlockList';

export async function measureRateLimit(context: BenchContext): Promise<RateLimitSamples> {
  const { emulator, scripts } = context;
  const values = bulkValues(LIMITED_VALUES, 'r');
  const input = actionContext(emulator.integrationConfiguration, {
    'Sender Email Address': values.join(', '),
  });
  const samples: RateLimitSamples = {
    byConcurrency: new Map(context.concurrencies.map((c) => [c, []])),
    failures: new Map(context.concurrencies.map((c) => [c, []])),
    lostValues: new Map(context.concurrencies.map((c) => [c, []])),
  };
  emulator.setLatency(0);

  for (let round = 0; round < context.rounds; round += 1) {
    for (const concurrency of rotate(context.concurrencies, round)) {
      await emulator.setEntries('block', []);
      // Setting the limit starts a fresh window, so no run inherits another's count.
      emulator.setRateLimit(RATE_LIMIT);
      emulator.resetRequestLog();

      const env = { PROOFPOINT_CONCURRENCY: String(concurrency) };
      const result = await runNode(context, { script: scripts.addIocToBlockList, input, env });
      emulator.setRateLimit(undefined);

      const listRequests = emulator.requests().filter((r) => r.path.endsWith(LIST_PATH_SUFFIX));
      const onList = new Set(emulator.entries('block').map((entry) => entry.value));
      const lost = lostValues(result.stdout, values, onList);
      samples.lostValues.get(concurrency)?.push(new Set([...lost.notAdded, ...lost.missing]).size);
      const problem =
        runProblem(result, `Add IOC under the limit at concurrency ${concurrency}`) ??
        addProblem(result.stdout, values, onList);
      if (problem !== undefined) {
        samples.failures.get(concurrency)?.push(problem);
        continue;
      }
      samples.byConcurrency.get(concurrency)?.push({
        wallMs: result.wallMs,
        listRequests: listRequests.length,
        rateLimited: listRequests.filter((r) => r.status === 429).length,
      });
    }
    context.progress(`rate limit: round ${round + 1} of ${context.rounds}`);
  }
  await emulator.setEntries('block', []);
  emulator.resetRequestLog();
  return samples;
}
