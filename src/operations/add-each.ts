/** Adds entries one call each through the bulk queue, and reports what happened to each. */
import type { ListEntry } from '../client/api-schemas.ts';
import type { ListName } from '../client/endpoints.ts';
import type { ProofpointClient } from '../client/proofpoint-client.ts';
import { type BulkOptions, runBulk } from './bulk-queue.ts';
import type { ValueOutcome } from './value-outcomes.ts';

export type EntryToAdd = ListEntry;

export async function addEach(
  client: ProofpointClient,
  list: ListName,
  clusterId: string,
  entries: readonly EntryToAdd[],
  bulk: BulkOptions,
): Promise<{ outcomes: ValueOutcome[]; refusal: Error | undefined }> {
  const add = (entry: EntryToAdd) => client.addEntry(list, clusterId, entry);
  const { results, refusal } = await runBulk(entries, add, bulk);

  const outcomes = entries.map((entry, index): ValueOutcome => {
    const { value, attribute } = entry;
    const result = results[index];
    if (result === undefined || result.kind === 'not_attempted') {
      return { value, attribute, status: 'not_attempted' };
    }
    if (result.kind === 'failed') {
      return { value, attribute, status: 'failed', reason: result.error.message };
    }
    return { value, attribute, status: result.value };
  });
  return { outcomes, refusal };
}
