import { describe, expect, it } from 'vitest';
import { removeEntriesAction } from '../../src/operations/remove-entries.ts';
import {
  deleteCall,
  expectFailure,
  fakeApi,
  listCall,
  okAnswer,
  run,
  type StoredEntry,
  sorted,
  withFakeTimeouts,
} from './support.ts';

const removeFromAllow = removeEntriesAction('allow');
const removeFromBlock = removeEntriesAction('block');

const STORED: StoredEntry[] = [
  { attribute: '$from', operator: 'equal', value: 'a@evil.test', comment: 'phish' },
  { attribute: '$rcpt', operator: 'equal', value: 'A@evil.test' },
  { attribute: '$ip', operator: 'not_equal', value: '203.0.113.5' },
  { attribute: '$from', operator: 'contain', value: 'Evil@X.test' },
  { attribute: '$rcpt', operator: 'equal', value: 'shared@evil.test' },
  { attribute: '$from', operator: 'equal', value: 'shared@evil.test' },
];

describe('Remove Entry from Block List', () => {
  it('reads the list once and deletes exact matches as stored', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    const { result, json } = await run(removeFromBlock, {
      parameters: { Value: 'a@evil.test, 203.0.113.5' },
    });

    expect(api.tokenRequests).toHaveLength(1);
    expect(api.gets()).toEqual([listCall('GET', 'block')]);
    expect(api.requests[0]).toEqual(listCall('GET', 'block'));
    expect(sorted(api.posts())).toEqual(
      sorted([
        deleteCall('block', { attribute: '$from', operator: 'equal', value: 'a@evil.test' }),
        deleteCall('block', { attribute: '$ip', operator: 'not_equal', value: '203.0.113.5' }),
      ]),
    );
    expect(result).toEqual({
      Message:
        'Successfully removed from the Proofpoint Threat Protection block list (2): ' +
        'a@evil.test, 203.0.113.5.',
      ResultValue: true,
      ExecutionState: 0,
      ResultObjectJson: JSON.stringify({
        JsonResult: { Title: 'JsonResult', RawJson: JSON.stringify(json) },
      }),
      DebugOutput: '',
    });
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'removed' },
      { value: '203.0.113.5', attribute: '$ip', status: 'removed' },
    ]);
  });

  it('matches ignoring case when asked and deletes the stored value', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    const { result, json } = await run(removeFromBlock, {
      parameters: { Value: 'evil@x.test', 'Case Insensitive Search': 'TRUE' },
    });

    expect(api.gets()).toHaveLength(1);
    expect(api.posts()).toEqual([
      deleteCall('block', { attribute: '$from', operator: 'contain', value: 'Evil@X.test' }),
    ]);
    expect(result.Message).toBe(
      'Successfully removed from the Proofpoint Threat Protection block list (1): Evil@X.test.',
    );
    expect(result.ResultValue).toBe(true);
    expect(json).toEqual([{ value: 'Evil@X.test', attribute: '$from', status: 'removed' }]);
  });

  it('removes every entry, of any type, that matches a value ignoring case', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    const { json } = await run(removeFromBlock, {
      parameters: { Value: 'A@EVIL.TEST', 'Case Insensitive Search': 'true' },
    });

    expect(sorted(api.posts())).toEqual(
      sorted([
        deleteCall('block', { attribute: '$from', operator: 'equal', value: 'a@evil.test' }),
        deleteCall('block', { attribute: '$rcpt', operator: 'equal', value: 'A@evil.test' }),
      ]),
    );
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'removed' },
      { value: 'A@evil.test', attribute: '$rcpt', status: 'removed' },
    ]);
  });

  it('does not match a different case without Case Insensitive Search', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    const { result, json } = await run(removeFromBlock, {
      parameters: { Value: 'evil@x.test', 'Case Insensitive Search': 'false' },
    });

    expect(api.gets()).toHaveLength(1);
    expect(api.posts()).toEqual([]);
    expect(result.Message).toBe('Not found on the block list (1): evil@x.test.');
    expect(result.ResultValue).toBe(false);
    expect(result.ExecutionState).toBe(0);
    expect(json).toEqual([{ value: 'evil@x.test', attribute: '', status: 'not_found' }]);
  });

  it('restricts matches to the IOC Type To Search', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    const { json } = await run(removeFromBlock, {
      parameters: { Value: 'shared@evil.test', 'IOC Type To Search': 'Recipient Email Address' },
    });

    expect(api.posts()).toEqual([
      deleteCall('block', { attribute: '$rcpt', operator: 'equal', value: 'shared@evil.test' }),
    ]);
    expect(json).toEqual([{ value: 'shared@evil.test', attribute: '$rcpt', status: 'removed' }]);
  });

  it('reports a value whose only match is of another type as not_found', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    const { result, json } = await run(removeFromBlock, {
      parameters: { Value: '203.0.113.5', 'IOC Type To Search': 'Sender Hostname' },
    });

    expect(api.posts()).toEqual([]);
    expect(result.Message).toBe('Not found on the block list (1): 203.0.113.5.');
    expect(result.ResultValue).toBe(false);
    expect(json).toEqual([{ value: '203.0.113.5', attribute: '', status: 'not_found' }]);
  });

  it('removes what matched and reports unmatched values not_found', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    const { result, json } = await run(removeFromBlock, {
      parameters: { Value: 'nobody@evil.test, a@evil.test, 198.51.100.99' },
    });

    expect(api.posts()).toEqual([
      deleteCall('block', { attribute: '$from', operator: 'equal', value: 'a@evil.test' }),
    ]);
    expect(result.Message).toBe(
      'Successfully removed from the Proofpoint Threat Protection block list (1): a@evil.test.\n' +
        'Not found on the block list (2): nobody@evil.test, 198.51.100.99.',
    );
    expect(result.ResultValue).toBe(false);
    expect(result.ExecutionState).toBe(0);
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'removed' },
      { value: 'nobody@evil.test', attribute: '', status: 'not_found' },
      { value: '198.51.100.99', attribute: '', status: 'not_found' },
    ]);
  });

  it('reports a delete answered 500 after the retries as failed, with the reason', async () => {
    const api = fakeApi({
      entries: { block: STORED },
      onPost: (body) =>
        body.value === 'a@evil.test'
          ? { status: 500, body: { errorMessage: 'internal error' } }
          : okAnswer,
    });

    const { result, json } = await withFakeTimeouts(() =>
      run(removeFromBlock, { parameters: { Value: 'a@evil.test, 203.0.113.5' } }),
    );

    const reason =
      'removing $from a@evil.test from the block list failed with HTTP 500: internal error';
    const failing = deleteCall('block', {
      attribute: '$from',
      operator: 'equal',
      value: 'a@evil.test',
    });
    // The first try and three retries.
    expect(api.posts().filter((post) => JSON.stringify(post) === JSON.stringify(failing))).toEqual([
      failing,
      failing,
      failing,
      failing,
    ]);
    expect(result.Message).toBe(
      'Successfully removed from the Proofpoint Threat Protection block list (1): 203.0.113.5.\n' +
        `Failed (1): a@evil.test (${reason}).`,
    );
    expect(result.ResultValue).toBe(false);
    expect(result.ExecutionState).toBe(0);
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'failed', reason },
      { value: '203.0.113.5', attribute: '$ip', status: 'removed' },
    ]);
  });

  it('reports an entry removed by someone else meanwhile (404) as not_found', async () => {
    fakeApi({
      entries: { block: STORED },
      onPost: () => ({ status: 404, body: { errorMessage: 'entry not found' } }),
    });

    const { result, json } = await run(removeFromBlock, { parameters: { Value: 'a@evil.test' } });

    expect(result.Message).toBe('Not found on the block list (1): a@evil.test (already removed).');
    expect(result.ResultValue).toBe(false);
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'not_found', reason: 'already removed' },
    ]);
  });

  it('stops near the deadline: matches left are not_attempted and the run times out', async () => {
    const api = fakeApi({
      entries: { block: STORED },
      onPost: (_, __, index) => (index === 0 ? { ...okAnswer, delayMs: 700 } : okAnswer),
    });

    const { result, json } = await run(removeFromBlock, {
      parameters: { Value: 'a@evil.test, 203.0.113.5, shared@evil.test' },
      deadlineUnixMs: Date.now() + 2500,
      environment: { PROOFPOINT_CONCURRENCY: '1' },
    });

    expect(api.gets()).toHaveLength(1);
    expect(api.posts()).toEqual([
      deleteCall('block', { attribute: '$from', operator: 'equal', value: 'a@evil.test' }),
    ]);
    expect(result.ExecutionState).toBe(3);
    expect(result.ResultValue).toBe(false);
    expect(result.Message).toBe(
      'Successfully removed from the Proofpoint Threat Protection block list (1): a@evil.test.\n' +
        'Not attempted: the action deadline was near (3): 203.0.113.5, shared@evil.test, ' +
        'shared@evil.test.',
    );
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'removed' },
      { value: '203.0.113.5', attribute: '$ip', status: 'not_attempted' },
      { value: 'shared@evil.test', attribute: '$rcpt', status: 'not_attempted' },
      { value: 'shared@evil.test', attribute: '$from', status: 'not_attempted' },
    ]);
  });

  it('sends nothing when the deadline leaves no time for a call', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    const { result } = await run(removeFromBlock, {
      parameters: { Value: 'a@evil.test, 203.0.113.5' },
      deadlineUnixMs: Date.now() + 1000,
    });

    expect(api.requests).toEqual([]);
    expect(api.tokenRequests).toEqual([]);
    expect(result.ExecutionState).toBe(3);
    expect(result.ResultValue).toBe(false);
  });

  // CONTRACT §4: "No value is ever left unreported"; near the deadline "the values left are
  // reported not_attempted ... and the message says how many are left". When the deadline stops
  // the read itself, every requested value is left.
  it('reports every value not_attempted when the deadline stops the read', async () => {
    fakeApi({ entries: { block: STORED } });

    const { result, json } = await run(removeFromBlock, {
      parameters: { Value: 'a@evil.test, 203.0.113.5' },
      deadlineUnixMs: Date.now() + 1000,
    });

    expect(result.ExecutionState).toBe(3);
    expect(result.Message).toBe(
      'Not attempted: the action deadline was near (2): a@evil.test, 203.0.113.5.',
    );
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '', status: 'not_attempted' },
      { value: '203.0.113.5', attribute: '', status: 'not_attempted' },
    ]);
  });

  it('uses the action Cluster ID for the read and the deletes', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    await run(removeFromBlock, {
      parameters: { 'Cluster ID': 'apac_1', Value: '203.0.113.5' },
    });

    expect(api.requests).toEqual([
      listCall('GET', 'block', undefined, 'apac_1'),
      deleteCall(
        'block',
        { attribute: '$ip', operator: 'not_equal', value: '203.0.113.5' },
        'apac_1',
      ),
    ]);
  });

  it('fails, deleting nothing, when the list cannot be read', async () => {
    const api = fakeApi({
      onGet: () => ({ status: 400, body: { errorMessage: 'error.api.invalid.cluster' } }),
    });

    const outcome = await run(removeFromBlock, { parameters: { Value: 'a@evil.test' } });

    expect(api.posts()).toEqual([]);
    expectFailure(
      outcome,
      'Error executing action "Remove Entry from Block List". Reason: reading the block list ' +
        'failed with HTTP 400: error.api.invalid.cluster',
    );
  });
});

describe('Remove Entry from Allow List', () => {
  it('reads and deletes on the allow list, with the integration Cluster ID', async () => {
    const allow: StoredEntry[] = [
      { attribute: '$hfrom', operator: 'is_in_list', value: 'partners' },
      { attribute: '$from', operator: 'equal', value: 'ok@corp.test', comment: 'vendor' },
    ];
    const api = fakeApi({ entries: { allow, block: STORED } });

    const { result, json } = await run(removeFromAllow, {
      parameters: { 'Cluster ID': '', Value: 'ok@corp.test', 'IOC Type To Search': 'All' },
    });

    expect(api.requests).toEqual([
      listCall('GET', 'allow'),
      deleteCall('allow', { attribute: '$from', operator: 'equal', value: 'ok@corp.test' }),
    ]);
    expect(result.Message).toBe(
      'Successfully removed from the Proofpoint Threat Protection allow list (1): ok@corp.test.',
    );
    expect(json).toEqual([{ value: 'ok@corp.test', attribute: '$from', status: 'removed' }]);
  });

  it('reports nothing matched on the allow list', async () => {
    const api = fakeApi({ entries: { allow: [] } });

    const { result, json } = await run(removeFromAllow, {
      parameters: { Value: 'x@corp.test, y@corp.test' },
    });

    expect(api.posts()).toEqual([]);
    expect(result.Message).toBe('Not found on the allow list (2): x@corp.test, y@corp.test.');
    expect(result.ResultValue).toBe(false);
    expect(result.ExecutionState).toBe(0);
    expect(json).toEqual([
      { value: 'x@corp.test', attribute: '', status: 'not_found' },
      { value: 'y@corp.test', attribute: '', status: 'not_found' },
    ]);
  });
});
