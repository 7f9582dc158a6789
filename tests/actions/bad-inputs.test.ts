/**
 * CONTRACT §3: input is checked before anything is sent, and bad input changes nothing on the
 * lists. Every row is a failed run (state 2, ResultValue false) whose message names the cause.
 */
import { describe, expect, it } from 'vitest';
import { addEntriesAction } from '../../src/operations/add-entries.ts';
import { addIocsAction } from '../../src/operations/add-iocs.ts';
import type { AnyAction } from '../../src/operations/catalog.ts';
import { getEntriesAction } from '../../src/operations/get-entries.ts';
import { removeEntriesAction } from '../../src/operations/remove-entries.ts';
import { CONFIG, contextOf, fakeApi, type RunOptions, run } from './support.ts';

const ADD_ENTRY_ALLOW = addEntriesAction('allow');
const ADD_ENTRY_BLOCK = addEntriesAction('block');
const ADD_IOC_ALLOW = addIocsAction('allow');
const ADD_IOC_BLOCK = addIocsAction('block');
const GET_ALLOW = getEntriesAction('allow');
const GET_BLOCK = getEntriesAction('block');
const REMOVE_ALLOW = removeEntriesAction('allow');
const REMOVE_BLOCK = removeEntriesAction('block');

const GOOD_ITEM = { attribute: '$from', operator: 'equal', value: 'a@evil.test' };
const LONG_COMMENT = 'c'.repeat(151);
const MAX_CHOICES =
  'must be one of: All, Recipient Email Address, Sender Email Address, Sender IP Address, ' +
  'Sender Hostname, Sender HELO Domain Name, Message Header From (Address Only)';
const ATTRIBUTE_CHOICES = 'must be one of $rcpt, $from, $ip, $host, $helo, $hfrom';
const ALLOW_OPERATORS = 'must be one of equal, contain, is_in_list on the allow list';
const BLOCK_OPERATORS =
  'must be one of equal, not_equal, contain, not_contain, is_in_list on the block list';
const OBJECT_EXPECTED = 'must be a JSON object {"attribute", "operator", "value", "comment"}';
const NO_IOC =
  'no IOC was given: fill in at least one of Recipient Email Address, Sender ' +
  'Email Address, Sender IP Address, Sender Hostname, Sender HELO Domain Name, Message Header ' +
  'From (Address Only)';
const EMPTY_IOCS = {
  'Recipient Email Address': '',
  'Sender Email Address': '',
  'Sender IP Address': '',
  'Sender Hostname': '',
  'Sender HELO Domain Name': '',
  'Message Header From (Address Only)': '',
};

function item(overrides: Record<string, unknown>, without?: string): string {
  const entry: Record<string, unknown> = { ...GOOD_ITEM, ...overrides };
  if (without !== undefined) delete entry[without];
  return JSON.stringify(entry);
}

function maxIocs(value: unknown): RunOptions {
  return { parameters: { 'Max IOCs To Return': value } };
}

function config(overrides: Record<string, unknown>, without?: string): RunOptions {
  const configuration: Record<string, unknown> = { ...CONFIG, ...overrides };
  if (without !== undefined) delete configuration[without];
  return { parameters: { Value: 'a@evil.test' }, config: configuration };
}

const mustBeInteger = (got: string) =>
  `Parameter "Max IOCs To Return" must be an integer from 1 to 1000; got "${got}"`;

/** [label, action, run options, the reason after `Reason: ` (a string is matched whole)] */
type Row = [string, AnyAction, RunOptions, string | RegExp];

/** A row for an item the Add Entry actions must refuse, with the exact reason. */
function itemRow(label: string, list: 'allow' | 'block', text: string, problem: string): Row {
  const parameter = list === 'allow' ? 'Allowlist Item' : 'Blocklist Item';
  const action = list === 'allow' ? ADD_ENTRY_ALLOW : ADD_ENTRY_BLOCK;
  const reason = `Parameter "${parameter}" ${problem}; got ${JSON.stringify(text)}`;
  return [label, action, { parameters: { [parameter]: text } }, reason];
}

const ROWS: Row[] = [
  // Get: Max IOCs To Return and IOC Type To Return.
  ['Max IOCs 0', GET_ALLOW, maxIocs('0'), mustBeInteger('0')],
  ['Max IOCs 1001', GET_BLOCK, maxIocs('1001'), mustBeInteger('1001')],
  ['Max IOCs -5', GET_ALLOW, maxIocs('-5'), mustBeInteger('-5')],
  ['Max IOCs abc', GET_BLOCK, maxIocs('abc'), mustBeInteger('abc')],
  ['Max IOCs "1.5"', GET_ALLOW, maxIocs('1.5'), mustBeInteger('1.5')],
  ['Max IOCs number 1.5', GET_BLOCK, maxIocs(1.5), mustBeInteger('1.5')],
  ['Max IOCs 1e3', GET_ALLOW, maxIocs('1e3'), mustBeInteger('1e3')],
  ['Max IOCs true', GET_BLOCK, maxIocs(true), mustBeInteger('true')],
  ['Max IOCs 10 0', GET_ALLOW, maxIocs('10 0'), mustBeInteger('10 0')],
  [
    'IOC Type To Return Domain',
    GET_BLOCK,
    { parameters: { 'IOC Type To Return': 'Domain' } },
    `Parameter "IOC Type To Return" ${MAX_CHOICES}; got "Domain"`,
  ],
  // Add Entry: the JSON item(s).
  [
    'Allowlist Item not JSON',
    ADD_ENTRY_ALLOW,
    { parameters: { 'Allowlist Item': '{attribute: $from}' } },
    'Parameter "Allowlist Item" must be valid JSON; got "{attribute: $from}"',
  ],
  [
    'Allowlist Item []',
    ADD_ENTRY_ALLOW,
    { parameters: { 'Allowlist Item': '[]' } },
    'Parameter "Allowlist Item" must hold at least one item; got "[]"',
  ],
  [
    'Blocklist Item {}',
    ADD_ENTRY_BLOCK,
    { parameters: { 'Blocklist Item': '{}' } },
    /^Parameter "Blocklist Item" is invalid at item 1, "attribute": .*; got "\{\}"$/,
  ],
  [
    'Allowlist Item without value',
    ADD_ENTRY_ALLOW,
    { parameters: { 'Allowlist Item': item({}, 'value') } },
    /^Parameter "Allowlist Item" is invalid at item 1, "value": /,
  ],
  itemRow(
    'Blocklist Item with a blank value',
    'block',
    item({ value: '  ' }),
    'is invalid at item 1, "value": must not be empty',
  ),
  [
    'Allowlist Item with a numeric value',
    ADD_ENTRY_ALLOW,
    { parameters: { 'Allowlist Item': item({ value: 42 }) } },
    /^Parameter "Allowlist Item" is invalid at item 1, "value": /,
  ],
  itemRow(
    'Allowlist Item attribute $foo',
    'allow',
    item({ attribute: '$foo' }),
    `is invalid at item 1, "attribute": ${ATTRIBUTE_CHOICES}`,
  ),
  [
    'Blocklist Item attribute in capitals',
    ADD_ENTRY_BLOCK,
    { parameters: { 'Blocklist Item': item({ attribute: '$FROM' }) } },
    /^Parameter "Blocklist Item" is invalid at item 1, "attribute": must be one of \$rcpt/,
  ],
  itemRow(
    'Allowlist Item operator not_equal (block list only)',
    'allow',
    item({ operator: 'not_equal' }),
    `is invalid at item 1, "operator": ${ALLOW_OPERATORS}`,
  ),
  itemRow(
    'Allowlist Item operator not_contain (block list only)',
    'allow',
    item({ operator: 'not_contain' }),
    `is invalid at item 1, "operator": ${ALLOW_OPERATORS}`,
  ),
  itemRow(
    'Blocklist Item operator like',
    'block',
    item({ operator: 'like' }),
    `is invalid at item 1, "operator": ${BLOCK_OPERATORS}`,
  ),
  [
    'Blocklist Item comment of 151 characters',
    ADD_ENTRY_BLOCK,
    { parameters: { 'Blocklist Item': item({ comment: LONG_COMMENT }) } },
    // The shown value is cut at 200 characters.
    new RegExp(
      '^Parameter "Blocklist Item" is invalid at item 1, "comment": must be at most 150 ' +
        'characters long; got "',
    ),
  ],
  itemRow(
    'Allowlist Item array whose third item is bad',
    'allow',
    `[${item({ value: 'x@a.test' })}, ${item({ value: 'y@a.test' })}, ${item({ operator: 'eq' })}]`,
    `is invalid at item 3, "operator": ${ALLOW_OPERATORS}`,
  ),
  itemRow(
    'Blocklist Item array with a string second item',
    'block',
    `[${item({})}, "x"]`,
    `is invalid at item 2: ${OBJECT_EXPECTED}`,
  ),
  [
    'Allowlist Item a JSON string',
    ADD_ENTRY_ALLOW,
    { parameters: { 'Allowlist Item': '"abc"' } },
    `Parameter "Allowlist Item" is invalid at item 1: ${OBJECT_EXPECTED}; got "\\"abc\\""`,
  ],
  [
    'Blocklist Item a number',
    ADD_ENTRY_BLOCK,
    { parameters: { 'Blocklist Item': '42' } },
    `Parameter "Blocklist Item" is invalid at item 1: ${OBJECT_EXPECTED}; got "42"`,
  ],
  [
    'Blocklist Item null',
    ADD_ENTRY_BLOCK,
    { parameters: { 'Blocklist Item': 'null' } },
    `Parameter "Blocklist Item" is invalid at item 1: ${OBJECT_EXPECTED}; got "null"`,
  ],
  [
    'Blocklist Item empty',
    ADD_ENTRY_BLOCK,
    { parameters: { 'Blocklist Item': '' } },
    'Parameter "Blocklist Item" is mandatory but empty',
  ],
  // Add IOC.
  ['Add IOC with all six values empty', ADD_IOC_ALLOW, { parameters: EMPTY_IOCS }, NO_IOC],
  ['Add IOC with no parameters', ADD_IOC_BLOCK, { parameters: {} }, NO_IOC],
  [
    'Add IOC with only commas and spaces',
    ADD_IOC_BLOCK,
    { parameters: { ...EMPTY_IOCS, 'Sender IP Address': ' , ,', 'Sender Hostname': ',' } },
    NO_IOC,
  ],
  [
    'Add IOC with a Comment of 151 characters',
    ADD_IOC_ALLOW,
    { parameters: { 'Sender Email Address': 'a@evil.test', Comment: LONG_COMMENT } },
    `Parameter "Comment" must be at most 150 characters long; got "${LONG_COMMENT}"`,
  ],
  [
    'Add IOC with a bad PROOFPOINT_CONCURRENCY',
    ADD_IOC_BLOCK,
    {
      parameters: { 'Sender Email Address': 'a@evil.test' },
      environment: { PROOFPOINT_CONCURRENCY: '51' },
    },
    'Parameter "PROOFPOINT_CONCURRENCY" must be an integer from 1 to 50; got "51"',
  ],
  // Remove.
  [
    'Remove with an empty Value',
    REMOVE_ALLOW,
    { parameters: { Value: '' } },
    'Parameter "Value" is mandatory but empty',
  ],
  [
    'Remove with a blank Value',
    REMOVE_BLOCK,
    { parameters: { Value: '   ' } },
    'Parameter "Value" is mandatory but empty',
  ],
  [
    'Remove without Value',
    REMOVE_BLOCK,
    { parameters: { 'Case Insensitive Search': 'true' } },
    'Parameter "Value" is mandatory but empty',
  ],
  [
    'Remove with a Value of only commas',
    REMOVE_ALLOW,
    { parameters: { Value: ' , ,' } },
    /^Parameter "Value" /,
  ],
  [
    'Remove with Case Insensitive Search yes',
    REMOVE_BLOCK,
    { parameters: { Value: 'a@evil.test', 'Case Insensitive Search': 'yes' } },
    'Parameter "Case Insensitive Search" must be true or false; got "yes"',
  ],
  [
    'Remove with IOC Type To Search bogus',
    REMOVE_ALLOW,
    { parameters: { Value: 'a@evil.test', 'IOC Type To Search': 'bogus' } },
    `Parameter "IOC Type To Search" ${MAX_CHOICES}; got "bogus"`,
  ],
  // Integration configuration.
  [
    'Verify SSL maybe',
    GET_ALLOW,
    config({ 'Verify SSL': 'maybe' }),
    'Parameter "Verify SSL" must be true or false; got "maybe"',
  ],
  [
    'API Root over plain http',
    REMOVE_BLOCK,
    config({ 'API Root': 'http://pp.example.test' }),
    'Parameter "API Root" must use https:// (plain http:// is allowed only for loopback hosts); ' +
      'got "http://pp.example.test"',
  ],
  [
    'API Root not a URL',
    ADD_IOC_ALLOW,
    { ...config({ 'API Root': 'not a url' }), parameters: { 'Sender IP Address': '10.0.0.1' } },
    'Parameter "API Root" must be an https:// URL; got "not a url"',
  ],
  [
    'API Root ftp',
    ADD_ENTRY_BLOCK,
    {
      ...config({ 'API Root': 'ftp://pp.example.test' }),
      parameters: { 'Blocklist Item': item({}) },
    },
    'Parameter "API Root" must be an https:// URL; got "ftp://pp.example.test"',
  ],
  [
    'missing Client ID',
    REMOVE_ALLOW,
    config({}, 'Client ID'),
    'Parameter "Client ID" is mandatory but empty',
  ],
  [
    'empty Client Secret',
    GET_BLOCK,
    config({ 'Client Secret': ' ' }),
    'Parameter "Client Secret" is mandatory but empty',
  ],
  [
    'missing Cluster ID in the configuration',
    REMOVE_BLOCK,
    config({}, 'Cluster ID'),
    'Parameter "Cluster ID" is mandatory but empty',
  ],
  // Standard input.
  [
    'stdin not JSON',
    ADD_IOC_BLOCK,
    { stdin: 'parameters=1' },
    'the action context on standard input is not valid JSON',
  ],
  [
    'stdin a JSON array',
    GET_ALLOW,
    { stdin: '[1, 2]' },
    'the action context on standard input must be a JSON object',
  ],
  [
    'stdin a JSON string',
    REMOVE_BLOCK,
    { stdin: '"Value=a@evil.test"' },
    'the action context on standard input must be a JSON object',
  ],
  [
    'stdin parameters not an object',
    ADD_ENTRY_ALLOW,
    { stdin: JSON.stringify({ parameters: 'x', integration_configuration: CONFIG }) },
    'the action context field "parameters" is invalid',
  ],
  [
    'stdin deadline not a number',
    ADD_ENTRY_BLOCK,
    {
      stdin: contextOf({ parameters: { 'Blocklist Item': item({}) } }).replace(
        /}$/,
        ', "execution_deadline_unix_time_ms": "soon"}',
      ),
    },
    'the action context field "execution_deadline_unix_time_ms" is invalid',
  ],
];

describe('bad input fails the run and changes nothing', () => {
  it('covers at least 40 bad inputs', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(ROWS)('%s', async (_, action, options, reason) => {
    const api = fakeApi({
      entries: { allow: [{ ...GOOD_ITEM }], block: [{ ...GOOD_ITEM }] },
    });

    const { result } = await run(action, options);

    const prefix = `Error executing action "${action.name}". Reason: `;
    expect(result.ExecutionState).toBe(2);
    expect(result.ResultValue).toBe(false);
    expect(result.ResultObjectJson).toBe('{}');
    expect(result.Message.startsWith(prefix)).toBe(true);
    const shownReason = result.Message.slice(prefix.length);
    if (typeof reason === 'string') expect(shownReason).toBe(reason);
    else expect(shownReason).toMatch(reason);
    // Nothing that changes a list was sent; input is checked before anything is sent at all.
    expect(api.posts()).toEqual([]);
    expect(api.requests).toEqual([]);
    expect(api.tokenRequests).toEqual([]);
  });
});
