/** Get Allow List Entries / Get Block List Entries. */
import type { ListName } from '../client/endpoints.ts';
import { type IocTypeFilter, LIST_TITLE, matchesTypeFilter } from '../lists/ioc-types.ts';
import type { Action } from '../runtime/action.ts';
import { integerParameter } from '../runtime/parameters.ts';
import { clusterIdOf, clusterIdParameter, iocTypeFilterParameter } from './shared-parameters.ts';

interface GetEntriesParams {
  clusterId: string;
  iocType: IocTypeFilter;
  maxEntries: number;
}

const ACTION_NAME: Record<ListName, string> = {
  allow: 'Get Allow List Entries',
  block: 'Get Block List Entries',
};

export function getEntriesAction(list: ListName): Action<GetEntriesParams> {
  const title = LIST_TITLE[list];

  return {
    name: ACTION_NAME[list],
    scriptName: `get-${list}-list-entries`,
    description: `Retrieve entries from the Proofpoint Threat Protection ${title}.`,
    parameters: {
      clusterId: clusterIdParameter(list),
      iocType: iocTypeFilterParameter(
        'IOC Type To Return',
        'The type of IOCs to return. If All is selected, the action returns entries of every type.',
      ),
      maxEntries: integerParameter('Max IOCs To Return', {
        description: 'The number of IOCs to return, from 1 to 1000.',
        defaultValue: 100,
        min: 1,
        max: 1000,
      }),
    },
    jsonResultExample: [
      { attribute: '$from', operator: 'equal', value: 'test@example.com', comment: '' },
    ],

    async perform({ params, config, client }) {
      const entries = await client.getEntries(list, clusterIdOf(params.clusterId, config));
      const allMatching = entries.filter((entry) =>
        matchesTypeFilter(entry.attribute, params.iocType),
      );
      const matching = allMatching.slice(0, params.maxEntries);
      const ofType = params.iocType === 'All' ? '' : ` of type ${params.iocType}`;
      const firstOf =
        allMatching.length > matching.length ? ` (the first of ${allMatching.length})` : '';

      if (matching.length === 0) {
        return {
          message: `No entries${ofType} were found in the Proofpoint Threat Protection ${title}.`,
          resultValue: false,
          jsonResult: [],
        };
      }
      return {
        message:
          `Successfully retrieved ${countOf(matching.length, 'entry', 'entries')}${ofType}` +
          `${firstOf} from the Proofpoint Threat Protection ${title}.`,
        resultValue: true,
        jsonResult: matching,
      };
    },
  };
}

function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
