/**
 * Remove Entry from Allow List / Remove Entry from Block List. The API deletes by the exact
 * attribute, operator and value, so the list is read once and each match is deleted as stored.
 */
import type { ListEntry } from '../client/api-schemas.ts';
import type { ListName } from '../client/endpoints.ts';
import { ApiError, DeadlineError } from '../client/errors.ts';
import { type IocTypeFilter, LIST_TITLE, matchesTypeFilter } from '../lists/ioc-types.ts';
import type { Action } from '../runtime/action.ts';
import { booleanParameter, listParameter } from '../runtime/parameters.ts';
import { type BulkResult, runBulk } from './bulk-queue.ts';
import { clusterIdOf, clusterIdParameter, iocTypeFilterParameter } from './shared-parameters.ts';
import { reportOutcomes, summariseOutcomes, type ValueOutcome } from './value-outcomes.ts';

interface RemoveEntriesParams {
  clusterId: string;
  iocType: IocTypeFilter;
  values: string[];
  caseInsensitive: boolean;
}

const ACTION_NAME: Record<ListName, string> = {
  allow: 'Remove Entry from Allow List',
  block: 'Remove Entry from Block List',
};

export function removeEntriesAction(list: ListName): Action<RemoveEntriesParams> {
  const title = LIST_TITLE[list];

  return {
    name: ACTION_NAME[list],
    scriptName: `remove-entry-from-${list}-list`,
    description:
      `Remove every entry whose value matches from the Proofpoint Threat Protection ${title}, ` +
      'exactly or ignoring case.',
    parameters: {
      clusterId: clusterIdParameter(list),
      iocType: iocTypeFilterParameter(
        'IOC Type To Search',
        'The type of IOCs to search for. If All is selected, entries of every type that match ' +
          'the value are removed.',
      ),
      values: listParameter('Value', {
        description: `The value to remove from the ${title}, or several separated by commas.`,
        mandatory: true,
      }),
      caseInsensitive: booleanParameter('Case Insensitive Search', {
        description: 'If enabled, values match entries regardless of letter case.',
        defaultValue: false,
      }),
    },
    jsonResultExample: [
      { value: 'attacker@evil.example', attribute: '$from', status: 'removed' },
      { value: 'unknown@evil.example', attribute: '', status: 'not_found' },
    ],

    async perform({ params, config, client, deadline, logger, concurrency }) {
      const clusterId = clusterIdOf(params.clusterId, config);
      const entries = await readUnlessDeadline(client.getEntries(list, clusterId));
      if (entries === undefined) {
        const outcomes = params.values.map(
          (value): ValueOutcome => ({ value, attribute: '', status: 'not_attempted' }),
        );
        return summariseOutcomes(outcomes, title);
      }
      const { matches, unmatched } = findMatches(entries, params);

      const bulk = { concurrency, deadline, logger, activity: `removing from the ${title}` };
      const remove = (entry: ListEntry) => client.deleteEntry(list, clusterId, entry);
      const { results, refusal } = await runBulk(matches, remove, bulk);
      const outcomes = [
        ...matches.map((match, index) => removalOutcome(match, results[index])),
        ...unmatched.map((value): ValueOutcome => ({ value, attribute: '', status: 'not_found' })),
      ];
      return reportOutcomes(outcomes, title, refusal);
    },
  };
}

/** The list, or `undefined` when the deadline came before it could be read. */
async function readUnlessDeadline(read: Promise<ListEntry[]>): Promise<ListEntry[] | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof DeadlineError && !error.mayHaveLanded) return undefined;
    throw error;
  }
}

/** The stored entries some requested value matches, and the requested values nothing matched. */
function findMatches(
  entries: readonly ListEntry[],
  { values, iocType, caseInsensitive }: RemoveEntriesParams,
): { matches: ListEntry[]; unmatched: string[] } {
  const normalise = (text: string) => (caseInsensitive ? text.toLowerCase() : text);
  const requestedByKey = new Map<string, string>();
  for (const value of values) {
    if (!requestedByKey.has(normalise(value))) requestedByKey.set(normalise(value), value);
  }

  const matches: ListEntry[] = [];
  const matchedKeys = new Set<string>();
  for (const entry of entries) {
    const key = normalise(entry.value);
    if (!requestedByKey.has(key) || !matchesTypeFilter(entry.attribute, iocType)) continue;

    matches.push(entry);
    matchedKeys.add(key);
  }

  const unmatched = [...requestedByKey].filter(([key]) => !matchedKeys.has(key)).map(([, v]) => v);
  return { matches, unmatched };
}

function removalOutcome(entry: ListEntry, result: BulkResult<void> | undefined): ValueOutcome {
  const { value, attribute } = entry;
  if (result === undefined || result.kind === 'not_attempted') {
    return { value, attribute, status: 'not_attempted' };
  }
  if (result.kind === 'done') return { value, attribute, status: 'removed' };

  // Another run may have removed the entry between the read and the delete.
  if (result.error instanceof ApiError && result.error.status === 404) {
    return { value, attribute, status: 'not_found', reason: 'already removed' };
  }
  return { value, attribute, status: 'failed', reason: result.error.message };
}
