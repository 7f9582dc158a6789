/** Add Entry to Allow List / Add Entry to Block List: entries given as JSON, checked first. */
import * as z from 'zod/mini';
import type { ListName } from '../client/endpoints.ts';
import {
  ATTRIBUTES,
  LIST_TITLE,
  MAX_COMMENT_CHARS,
  OPERATORS_OF_LIST,
} from '../lists/ioc-types.ts';
import type { Action } from '../runtime/action.ts';
import { jsonParameter } from '../runtime/parameters.ts';
import { addEach, type EntryToAdd } from './add-each.ts';
import { clusterIdOf, clusterIdParameter } from './shared-parameters.ts';
import { reportOutcomes } from './value-outcomes.ts';

interface AddEntriesParams {
  clusterId: string;
  items: EntryToAdd[];
}

const ACTION_NAME: Record<ListName, string> = {
  allow: 'Add Entry to Allow List',
  block: 'Add Entry to Block List',
};

const ITEM_PARAMETER: Record<ListName, string> = {
  allow: 'Allowlist Item',
  block: 'Blocklist Item',
};

const DEFAULT_ITEM =
  '{"attribute": "$from", "operator": "equal", "value": "sender@example.com", "comment": ""}';

function itemSchema(list: ListName) {
  const operators = OPERATORS_OF_LIST[list];
  const comment = z.string().check(
    z.maxLength(MAX_COMMENT_CHARS, {
      error: `must be at most ${MAX_COMMENT_CHARS} characters long`,
    }),
  );

  return z.object(
    {
      attribute: z.string().check(
        z.refine((attribute) => ATTRIBUTES.includes(attribute), {
          error: `must be one of ${ATTRIBUTES.join(', ')}`,
        }),
      ),
      operator: z.string().check(
        z.refine((operator) => operators.includes(operator), {
          error: `must be one of ${operators.join(', ')} on the ${LIST_TITLE[list]}`,
        }),
      ),
      value: z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty' })),
      comment: z.pipe(
        z.nullish(comment),
        z.transform((text) => text ?? ''),
      ),
    },
    { error: 'must be a JSON object {"attribute", "operator", "value", "comment"}' },
  );
}

/** One entry object or an array of them; every item is checked before any is sent. */
function itemsSchema(list: ListName): z.ZodMiniType<EntryToAdd[]> {
  const items = z
    .array(itemSchema(list))
    .check(z.minLength(1, { error: 'must hold at least one item' }));
  return z.pipe(
    z.transform((value: unknown) => (Array.isArray(value) ? value : [value])),
    items,
  );
}

export function addEntriesAction(list: ListName): Action<AddEntriesParams> {
  const title = LIST_TITLE[list];

  return {
    name: ACTION_NAME[list],
    scriptName: `add-entry-to-${list}-list`,
    description:
      `Add entries to the Proofpoint Threat Protection ${title}. Every entry is checked before ` +
      'any is sent.',
    parameters: {
      clusterId: clusterIdParameter(list),
      items: jsonParameter(
        ITEM_PARAMETER[list],
        {
          description:
            `The JSON object of the ${title} entry to add, {"attribute", "operator", "value", ` +
            '"comment"}, or a JSON array of such objects.',
          mandatory: true,
          defaultValue: DEFAULT_ITEM,
        },
        itemsSchema(list),
      ),
    },
    jsonResultExample: [{ value: 'sender@example.com', attribute: '$from', status: 'added' }],

    async perform({ params, config, client, deadline, logger, concurrency }) {
      const clusterId = clusterIdOf(params.clusterId, config);
      const bulk = { concurrency, deadline, logger, activity: `adding to the ${title}` };

      const { outcomes, refusal } = await addEach(client, list, clusterId, params.items, bulk);
      return reportOutcomes(outcomes, title, refusal);
    },
  };
}
