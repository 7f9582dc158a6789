/**
 * Scenario 2, bulk add: Add IOC to Block List with 200 sender addresses against an API that
 * takes 25 ms per call, at each concurrency of the trade-off table, with the bare script's
 * start-up measured in the same rounds for the floor. The block list is emptied before each run,
 * so every run adds the same 200 entries.
 */
import { actionContext, parseActionResult, type ValueRecord, valueRecords } from './action-io.ts';
import { type BenchContext, runNode, runProblem } from './bench-context.ts';
import { rotate } from './stats.ts';

export const BULK_VALUES = 200;
export const BULK_LATENCY_MS = 25;
/** The trade-off table's concurrencies unless --concurrencies says otherwise. */
export const CONCURRENCIES: readonly number[] = [1, 2, 5, 6, 7, 10, 20];

export interface BulkSamples {
  /** Bare script start-up per round, latency 0. */
  bare: number[];
  /** Wall time per concurrency. */
  byConcurrency: Map<number, number[]>;
  failures: Map<number | 'bare', string[]>;
}

export function bulkValues(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}@phish.example`);
}

/** The values not reported added, or not on the list, after an add run. */
export function lostValues(
  stdout: string,
  values: readonly string[],
  onList: ReadonlySet<string>,
): { notAdded: string[]; missing: string[]; statuses: string[] } {
  let records: ValueRecord[] = [];
  try {
    records = valueRecords(parseActionResult(stdout));
  } catch {
    // No result on standard output: nothing was reported added.
  }
  const added = new Set(records.filter((r) => r.status === 'added').map((r) => r.value));
  return {
    notAdded: values.filter((value) => !added.has(value)),
    missing: values.filter((value) => !onList.has(value)),
    statuses: [...new Set(records.map((r) => r.status))],
  };
}

/** What is wrong with an add run, or undefined when every value was added and is on the list. */
export function addProblem(
  stdout: string,
  values: readonly string[],
  onList: ReadonlySet<string>,
): string | undefined {
  const { notAdded, missing, statuses } = lostValues(stdout, values, onList);
  if (notAdded.length === 0 && missing.length === 0) return undefined;

  return (
    `${notAdded.length} of ${values.length} not reported added ` +
    `(statuses: ${statuses.join(', ')}), ${missing.length} missing from the list`
  );
}

export async function measureBulkAdd(context: BenchContext): Promise<BulkSamples> {
  const { emulator, scripts } = context;
  emulator.setRateLimit(undefined);
  const values = bulkValues(BULK_VALUES, 'u');
  const input = actionContext(emulator.integrationConfiguration, {
    'Sender Email Address': values.join(', '),
    Comment: 'phishing wave (bench)',
  });
  const bareInput = actionContext(emulator.integrationConfiguration);

  const order: (number | 'bare')[] = ['bare', ...context.concurrencies];
  const samples: BulkSamples = {
    bare: [],
    byConcurrency: new Map(context.concurrencies.map((c) => [c, []])),
    failures: new Map(order.map((item) => [item, []])),
  };

  for (let round = 0; round < context.rounds; round += 1) {
    for (const item of rotate(order, round)) {
      await emulator.setEntries('block', []);
      emulator.resetRequestLog();
      if (item === 'bare') {
        emulator.setLatency(0);
        const result = await runNode(context, { script: scripts.bare, input: bareInput });
        const problem = runProblem(result, 'the bare script');
        if (problem === undefined) samples.bare.push(result.wallMs);
        else samples.failures.get('bare')?.push(problem);
        continue;
      }

      emulator.setLatency(BULK_LATENCY_MS);
      const env = { PROOFPOINT_CONCURRENCY: String(item) };
      const result = await runNode(context, { script: scripts.addIocToBlockList, input, env });
      const onList = new Set(emulator.entries('block').map((entry) => entry.value));
      const problem =
        runProblem(result, `Add IOC at concurrency ${item}`) ??
        addProblem(result.stdout, values, onList);
      if (problem === undefined) samples.byConcurrency.get(item)?.push(result.wallMs);
      else samples.failures.get(item)?.push(problem);
    }
    emulator.setLatency(0);
    context.progress(`bulk add: round ${round + 1} of ${context.rounds}`);
  }
  await emulator.setEntries('block', []);
  return samples;
}

/** The floor: the bare script's start-up plus one latency per batch of `concurrency` calls. */
export function bulkFloorMs(bareMs: number, concurrency: number): number {
  return bareMs + Math.ceil(BULK_VALUES / concurrency) * BULK_LATENCY_MS;
}
