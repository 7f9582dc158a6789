/** Add IOC to Allow List / Add IOC to Block List: one `equal` entry per value. */
import type { ListName } from '../client/endpoints.ts';
import {
  ATTRIBUTE_OF,
  IOC_TYPES,
  type IocType,
  LIST_TITLE,
  MAX_COMMENT_CHARS,
} from '../lists/ioc-types.ts';
import type { Action } from '../runtime/action.ts';
import { InvalidParameterError, MissingInputError } from '../runtime/errors.ts';
import { listParameter, type ParameterSpecs, textParameter } from '../runtime/parameters.ts';
import { addEach, type EntryToAdd } from './add-each.ts';
import { invalidReason } from './ioc-validation.ts';
import { clusterIdOf, clusterIdParameter } from './shared-parameters.ts';
import { reportOutcomes, type ValueOutcome } from './value-outcomes.ts';

type AddIocsParams = { clusterId: string; comment: string } & Record<IocType, string[]>;

const ACTION_NAME: Record<ListName, string> = {
  allow: 'Add IOC to Allow List',
  block: 'Add IOC to Block List',
};

export function addIocsAction(list: ListName): Action<AddIocsParams> {
  const title = LIST_TITLE[list];
  const iocParameters = Object.fromEntries(
    IOC_TYPES.map((type) => [
      type,
      listParameter(type, {
        description: `A comma-separated list of ${type} values to add to the ${title}.`,
      }),
    ]),
  ) as ParameterSpecs<Record<IocType, string[]>>;

  return {
    name: ACTION_NAME[list],
    scriptName: `add-ioc-to-${list}-list`,
    description:
      `Add IOCs to the Proofpoint Threat Protection ${title}, one entry with the operator ` +
      'equal per value. Invalid values are reported and not sent; the valid ones still go.',
    parameters: {
      clusterId: clusterIdParameter(list),
      ...iocParameters,
      comment: textParameter('Comment', {
        description: `A description or justification stored with the ${title} entries.`,
      }),
    },
    jsonResultExample: [
      { value: 'attacker@evil.example', attribute: '$from', status: 'added' },
      { value: '203.0.113.7', attribute: '$ip', status: 'already_present' },
      {
        value: 'not an ip',
        attribute: '$ip',
        status: 'invalid',
        reason: 'not an IPv4 or IPv6 address',
      },
    ],

    async perform({ params, config, client, deadline, logger, concurrency }) {
      if (params.comment.length > MAX_COMMENT_CHARS) {
        const problem = `must be at most ${MAX_COMMENT_CHARS} characters long`;
        throw new InvalidParameterError('Comment', problem, params.comment);
      }

      const { toAdd, invalid } = checkValues(params, params.comment);
      if (toAdd.length === 0 && invalid.length === 0) {
        const names = IOC_TYPES.join(', ');
        throw new MissingInputError(`no IOC was given: fill in at least one of ${names}`);
      }

      const clusterId = clusterIdOf(params.clusterId, config);
      const bulk = { concurrency, deadline, logger, activity: `adding to the ${title}` };
      const { outcomes, refusal } = await addEach(client, list, clusterId, toAdd, bulk);
      return reportOutcomes([...outcomes, ...invalid], title, refusal);
    },
  };
}

/** Splits the values into entries to send and values reported invalid; repeats go once. */
function checkValues(
  params: AddIocsParams,
  comment: string,
): { toAdd: EntryToAdd[]; invalid: ValueOutcome[] } {
  const toAdd: EntryToAdd[] = [];
  const invalid: ValueOutcome[] = [];

  for (const type of IOC_TYPES) {
    const attribute = ATTRIBUTE_OF[type];
    for (const value of new Set(params[type])) {
      const reason = invalidReason(type, value);
      if (reason === undefined) toAdd.push({ attribute, operator: 'equal', value, comment });
      else invalid.push({ value, attribute, status: 'invalid', reason });
    }
  }
  return { toAdd, invalid };
}
