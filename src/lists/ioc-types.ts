/** The vocabulary of the lists: IOC types, their attributes, and the operators each list takes. */
import type { ListName } from '../client/endpoints.ts';

export const IOC_TYPES = [
  'Recipient Email Address',
  'Sender Email Address',
  'Sender IP Address',
  'Sender Hostname',
  'Sender HELO Domain Name',
  'Message Header From (Address Only)',
] as const;

export type IocType = (typeof IOC_TYPES)[number];

export const ATTRIBUTE_OF: Record<IocType, string> = {
  'Recipient Email Address': '$rcpt',
  'Sender Email Address': '$from',
  'Sender IP Address': '$ip',
  'Sender Hostname': '$host',
  'Sender HELO Domain Name': '$helo',
  'Message Header From (Address Only)': '$hfrom',
};

export const ATTRIBUTES = Object.values(ATTRIBUTE_OF);

/** `All` and the six IOC types, as the type filters of Get and Remove offer them. */
export const IOC_TYPE_FILTERS = ['All', ...IOC_TYPES] as const;

export type IocTypeFilter = (typeof IOC_TYPE_FILTERS)[number];

export const OPERATORS = ['equal', 'not_equal', 'contain', 'not_contain', 'is_in_list'] as const;

// The allow list refuses negated operators (Proofpoint's own safe-list validation, as the public
// integrations show it); the block list takes all five.
export const OPERATORS_OF_LIST: Record<ListName, readonly string[]> = {
  allow: ['equal', 'contain', 'is_in_list'],
  block: OPERATORS,
};

export const MAX_COMMENT_CHARS = 150;

export const LIST_TITLE: Record<ListName, string> = { allow: 'allow list', block: 'block list' };

export function matchesTypeFilter(attribute: string, filter: IocTypeFilter): boolean {
  return filter === 'All' || ATTRIBUTE_OF[filter] === attribute;
}
