/**
 * Scenario 4, large lists: Get Block List Entries (one IOC type, at most 1000) and Remove Entry
 * from Block List (50 values, ignoring case) on a block list of 100 000 entries of every type,
 * against the bare script reading and parsing the same list. Peak RSS comes from the runner.
 */
import type { EntryInput } from '../../emulator/create-emulator.ts';
import { actionContext, parseActionResult, valueRecords } from './action-io.ts';
import { type BenchContext, runNode, runProblem } from './bench-context.ts';
import type { RunResult } from './measure.ts';
import { rotate } from './stats.ts';

export const LARGE_LIST_SIZE = 100_000;
export const GET_MAX = 1000;
export const REMOVE_COUNT = 50;

const ATTRIBUTES = ['$from', '$rcpt', '$ip', '$host', '$helo', '$hfrom'] as const;

export type LargeCommand = 'bare' | 'get' | 'remove';

export interface LargeSamples {
  wallMs: Map<LargeCommand, number[]>;
  peakRssMb: Map<LargeCommand, number[]>;
  failures: Map<LargeCommand, string[]>;
}

/** A mix of the six types, mostly `equal`, a third with a comment. */
export function largeList(size: number): EntryInput[] {
  return Array.from({ length: size }, (_, index) => {
    const attribute = ATTRIBUTES[index % ATTRIBUTES.length] ?? '$from';
    return {
      attribute,
      operator: index % 10 === 9 ? 'contain' : 'equal',
      value: seedValue(attribute, index),
      comment: index % 3 === 0 ? `seeded entry ${index}` : '',
    };
  });
}

function seedValue(attribute: string, index: number): string {
  switch (attribute) {
    case '$ip':
      return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
    case '$host':
      return `mx${index}.relay${index % 89}.example.net`;
    case '$helo':
      return `helo${index}.example.org`;
    default:
      return `Sender.${index}@Campaign${index % 97}.example`;
  }
}

export async function measureLargeList(context: BenchContext): Promise<LargeSamples> {
  const { emulator, scripts } = context;
  const entries = largeList(LARGE_LIST_SIZE);
  // Sender addresses stored with `equal`, asked for in upper case.
  const toRemove = entries
    .filter((entry) => entry.attribute === '$from' && entry.operator === 'equal')
    .slice(0, REMOVE_COUNT)
    .map((entry) => entry.value);
  const config = emulator.integrationConfiguration;
  const inputs: Record<LargeCommand, string> = {
    bare: actionContext(config),
    get: actionContext(config, {
      'IOC Type To Return': 'Sender IP Address',
      'Max IOCs To Return': String(GET_MAX),
    }),
    remove: actionContext(config, {
      'IOC Type To Search': 'Sender Email Address',
      Value: toRemove.map((value) => value.toUpperCase()).join(', '),
      'Case Insensitive Search': 'true',
    }),
  };
  const scriptOf: Record<LargeCommand, string> = {
    bare: scripts.bare,
    get: scripts.getBlockListEntries,
    remove: scripts.removeEntryFromBlockList,
  };
  const commands: LargeCommand[] = ['bare', 'get', 'remove'];
  const samples: LargeSamples = {
    wallMs: new Map(commands.map((command) => [command, []])),
    peakRssMb: new Map(commands.map((command) => [command, []])),
    failures: new Map(commands.map((command) => [command, []])),
  };
  emulator.setLatency(0);
  emulator.setRateLimit(undefined);
  await emulator.setEntries('block', entries);

  for (let round = 0; round < context.rounds; round += 1) {
    for (const command of rotate(commands, round)) {
      const result = await runNode(context, { script: scriptOf[command], input: inputs[command] });
      const problem = runProblem(result, command) ?? checkLarge(command, result, context);

      // Put back what a Remove run deleted, so every run starts from the same 100 000.
      if (command === 'remove') await emulator.setEntries('block', entries);
      emulator.resetRequestLog();

      if (problem !== undefined) {
        samples.failures.get(command)?.push(problem);
        continue;
      }
      samples.wallMs.get(command)?.push(result.wallMs);
      if (result.peakRssMb !== undefined) samples.peakRssMb.get(command)?.push(result.peakRssMb);
    }
    context.progress(`large list: round ${round + 1} of ${context.rounds}`);
  }
  await emulator.setEntries('block', []);
  return samples;
}

function checkLarge(
  command: LargeCommand,
  result: RunResult,
  context: BenchContext,
): string | undefined {
  try {
    return checkOutput(command, result.stdout, context);
  } catch (error) {
    return `${command} wrote no result: ${(error as Error).message}`;
  }
}

function checkOutput(
  command: LargeCommand,
  stdout: string,
  context: BenchContext,
): string | undefined {
  if (command === 'bare') {
    const read = JSON.parse(stdout) as { entries?: unknown };
    return read.entries === LARGE_LIST_SIZE ? undefined : `the bare script read ${read.entries}`;
  }

  const parsed = parseActionResult(stdout);
  if (command === 'get') {
    const count = Array.isArray(parsed.jsonResult) ? parsed.jsonResult.length : 0;
    return count === GET_MAX ? undefined : `Get returned ${count} entries: ${parsed.message}`;
  }

  const removed = valueRecords(parsed).filter((record) => record.status === 'removed').length;
  const left = context.emulator.entries('block').length;
  const expectedLeft = LARGE_LIST_SIZE - REMOVE_COUNT;
  return removed === REMOVE_COUNT && left === expectedLeft
    ? undefined
    : `Remove removed ${removed} of ${REMOVE_COUNT}; ${left} entries left: ${parsed.message}`;
}
