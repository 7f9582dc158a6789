import { describe, expect, it } from 'vitest';
import { addEntriesAction } from '../../src/operations/add-entries.ts';
import {
  addCall,
  BEARER,
  CLUSTER,
  duplicateAnswer,
  fakeApi,
  okAnswer,
  run,
  sorted,
  TOKEN_FORM,
  withFakeTimeouts,
} from './support.ts';

const addToAllow = addEntriesAction('allow');
const addToBlock = addEntriesAction('block');

const FROM_A = { attribute: '$from', operator: 'equal', value: 'a@evil.test', comment: 'phish' };
const IP_B = { attribute: '$ip', operator: 'not_equal', value: '203.0.113.7' };
const HOST_C = { attribute: '$host', operator: 'contain', value: 'evil.test', comment: '' };

describe('Add Entry to Block List', () => {
  it('sends one add per item, with the token, cluster and body, and reports each', async () => {
    const api = fakeApi();

    const { result, json } = await run(addToBlock, {
      parameters: { 'Blocklist Item': JSON.stringify([FROM_A, IP_B, HOST_C]) },
    });

    expect(api.tokenRequests).toEqual([
      { contentType: 'application/x-www-form-urlencoded', authorization: null, body: TOKEN_FORM },
    ]);
    expect(sorted(api.requests)).toEqual(
      sorted([
        addCall('block', FROM_A),
        addCall('block', IP_B),
        // An empty comment is left out of the body.
        addCall('block', { attribute: '$host', operator: 'contain', value: 'evil.test' }),
      ]),
    );
    expect(result).toEqual({
      Message:
        'Successfully added to the Proofpoint Threat Protection block list (3): a@evil.test, ' +
        '203.0.113.7, evil.test.',
      ResultValue: true,
      ExecutionState: 0,
      ResultObjectJson: expect.any(String),
      DebugOutput: '',
    });
    expect(JSON.parse(result.ResultObjectJson)).toEqual({
      JsonResult: { Title: 'JsonResult', RawJson: JSON.stringify(json) },
    });
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'added' },
      { value: '203.0.113.7', attribute: '$ip', status: 'added' },
      { value: 'evil.test', attribute: '$host', status: 'added' },
    ]);
  });

  it('takes every operator on the block list, including the negated ones', async () => {
    const api = fakeApi();
    const operators = ['equal', 'not_equal', 'contain', 'not_contain', 'is_in_list'];
    const items = operators.map((operator, index) => ({
      attribute: '$from',
      operator,
      value: `v${index}@evil.test`,
    }));

    const { result } = await run(addToBlock, {
      parameters: { 'Blocklist Item': JSON.stringify(items) },
    });

    expect(result.ExecutionState).toBe(0);
    expect(result.ResultValue).toBe(true);
    expect(sorted(api.posts())).toEqual(sorted(items.map((item) => addCall('block', item))));
  });

  it('reports an entry already on the list as already_present, and still succeeds', async () => {
    const api = fakeApi({
      onPost: (body) => (body.value === '203.0.113.7' ? duplicateAnswer : okAnswer),
    });

    const { result, json } = await run(addToBlock, {
      parameters: { 'Blocklist Item': JSON.stringify([FROM_A, IP_B]) },
    });

    expect(api.posts()).toHaveLength(2);
    expect(result.Message).toBe(
      'Successfully added to the Proofpoint Threat Protection block list (1): a@evil.test.\n' +
        'Already on the block list (1): 203.0.113.7.',
    );
    expect(result.ResultValue).toBe(true);
    expect(result.ExecutionState).toBe(0);
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'added' },
      { value: '203.0.113.7', attribute: '$ip', status: 'already_present' },
    ]);
  });

  it('reports a refused item as failed with the API message, and the rest as added', async () => {
    fakeApi({
      onPost: (body) =>
        body.value === 'evil.test'
          ? { status: 400, body: { errorMessage: 'error.api.lists.invalid.value' } }
          : okAnswer,
    });

    const { result, json } = await run(addToBlock, {
      parameters: { 'Blocklist Item': JSON.stringify([FROM_A, HOST_C, IP_B]) },
    });

    const reason =
      'adding $host evil.test to the block list failed with HTTP 400: ' +
      'error.api.lists.invalid.value';
    expect(result.Message).toBe(
      'Successfully added to the Proofpoint Threat Protection block list (2): a@evil.test, ' +
        `203.0.113.7.\nFailed (1): evil.test (${reason}).`,
    );
    expect(result.ResultValue).toBe(false);
    expect(result.ExecutionState).toBe(0);
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'added' },
      { value: 'evil.test', attribute: '$host', status: 'failed', reason },
      { value: '203.0.113.7', attribute: '$ip', status: 'added' },
    ]);
  });

  it('sends to the Cluster ID of the action when one is given', async () => {
    const api = fakeApi();

    await run(addToBlock, {
      parameters: { 'Cluster ID': 'other_cluster', 'Blocklist Item': JSON.stringify(IP_B) },
    });

    expect(api.requests).toEqual([addCall('block', IP_B, 'other_cluster')]);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['absent', undefined],
  ])('falls back to the integration Cluster ID when the action one is %s', async (_, cluster) => {
    const api = fakeApi();
    const parameters: Record<string, unknown> = { 'Blocklist Item': JSON.stringify(IP_B) };
    if (cluster !== undefined) parameters['Cluster ID'] = cluster;

    await run(addToBlock, { parameters });

    expect(api.requests).toEqual([addCall('block', IP_B, CLUSTER)]);
  });

  it('retries a 500 once and reports the entry added', async () => {
    const api = fakeApi({
      onPost: (_, __, index) => (index === 0 ? { status: 500, body: 'oops' } : okAnswer),
    });

    const { result, json } = await withFakeTimeouts(() =>
      run(addToBlock, { parameters: { 'Blocklist Item': JSON.stringify(FROM_A) } }),
    );

    expect(api.posts()).toEqual([addCall('block', FROM_A), addCall('block', FROM_A)]);
    expect(result.ResultValue).toBe(true);
    expect(json).toEqual([{ value: 'a@evil.test', attribute: '$from', status: 'added' }]);
  });

  it('counts a duplicate answer to a retry after a 500 as added', async () => {
    const api = fakeApi({
      onPost: (_, __, index) => (index === 0 ? { status: 502 } : duplicateAnswer),
    });

    const { json } = await withFakeTimeouts(() =>
      run(addToBlock, { parameters: { 'Blocklist Item': JSON.stringify(FROM_A) } }),
    );

    expect(api.posts()).toHaveLength(2);
    expect(json).toEqual([{ value: 'a@evil.test', attribute: '$from', status: 'added' }]);
  });

  it('waits out a 429 and retries', async () => {
    const api = fakeApi({
      onPost: (_, __, index) => (index === 0 ? { status: 429 } : okAnswer),
    });

    const { result } = await withFakeTimeouts(() =>
      run(addToBlock, { parameters: { 'Blocklist Item': JSON.stringify(IP_B) } }),
    );

    expect(api.posts()).toEqual([addCall('block', IP_B), addCall('block', IP_B)]);
    expect(result.Message).toBe(
      'Successfully added to the Proofpoint Threat Protection block list (1): 203.0.113.7.',
    );
  });

  it('stops starting adds near the deadline and reports the rest not_attempted', async () => {
    const api = fakeApi({
      onPost: (_, __, index) => (index === 0 ? { ...okAnswer, delayMs: 700 } : okAnswer),
    });

    const { result, json } = await run(addToBlock, {
      parameters: { 'Blocklist Item': JSON.stringify([FROM_A, IP_B, HOST_C]) },
      deadlineUnixMs: Date.now() + 2500,
      environment: { PROOFPOINT_CONCURRENCY: '1' },
    });

    expect(api.posts()).toEqual([addCall('block', FROM_A)]);
    expect(result.ExecutionState).toBe(3);
    expect(result.ResultValue).toBe(false);
    expect(result.Message).toBe(
      'Successfully added to the Proofpoint Threat Protection block list (1): a@evil.test.\n' +
        'Not attempted: the action deadline was near (2): 203.0.113.7, evil.test.',
    );
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'added' },
      { value: '203.0.113.7', attribute: '$ip', status: 'not_attempted' },
      { value: 'evil.test', attribute: '$host', status: 'not_attempted' },
    ]);
  });

  it('sends nothing when the deadline is already too near, and times out', async () => {
    const api = fakeApi();

    const { result, json } = await run(addToBlock, {
      parameters: { 'Blocklist Item': JSON.stringify([FROM_A, IP_B]) },
      deadlineUnixMs: Date.now() + 1500,
    });

    expect(api.requests).toEqual([]);
    expect(api.tokenRequests).toEqual([]);
    expect(result.ExecutionState).toBe(3);
    expect(result.ResultValue).toBe(false);
    expect(result.Message).toBe(
      'Not attempted: the action deadline was near (2): a@evil.test, 203.0.113.7.',
    );
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'not_attempted' },
      { value: '203.0.113.7', attribute: '$ip', status: 'not_attempted' },
    ]);
  });

  it('sends one call at a time with PROOFPOINT_CONCURRENCY=1', async () => {
    const api = fakeApi({ onPost: () => ({ ...okAnswer, delayMs: 20 }) });
    const items = [FROM_A, IP_B, HOST_C];

    await run(addToBlock, {
      parameters: { 'Blocklist Item': JSON.stringify(items) },
      environment: { PROOFPOINT_CONCURRENCY: '1' },
    });

    expect(api.maxInFlight()).toBe(1);
    // Sequential calls go in the order the items were given.
    expect(api.posts().map((post) => (post.body as { value: string }).value)).toEqual([
      'a@evil.test',
      '203.0.113.7',
      'evil.test',
    ]);
  });

  it('keeps several calls in flight by default', async () => {
    const api = fakeApi({ onPost: () => ({ ...okAnswer, delayMs: 20 }) });

    await run(addToBlock, {
      parameters: { 'Blocklist Item': JSON.stringify([FROM_A, IP_B, HOST_C]) },
    });

    expect(api.maxInFlight()).toBe(3);
  });

  // CONTRACT §3: refused credentials mean the API could not be used, which is a failed run
  // naming the HTTP status and the API's message, not a completed run with every value failed.
  it('fails the run when the token endpoint refuses the credentials', async () => {
    const api = fakeApi({
      onToken: () => ({ status: 401, body: { error: 'invalid_client' } }),
    });

    const outcome = await run(addToBlock, {
      parameters: { 'Blocklist Item': JSON.stringify([FROM_A, IP_B]) },
    });

    const refused = 'requesting a token from pp.example.test failed with HTTP 401: invalid_client';
    expect(api.posts()).toEqual([]);
    expect(outcome.result).toMatchObject({
      Message:
        `Error executing action "Add Entry to Block List". Reason: ${refused} ` +
        '(check the Client ID and Client Secret)',
      ResultValue: false,
      ExecutionState: 2,
    });
    // The run fails as a whole, and still says what became of each value.
    expect(outcome.json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'failed', reason: refused },
      { value: '203.0.113.7', attribute: '$ip', status: 'failed', reason: refused },
    ]);
  });
});

describe('Add Entry to Allow List', () => {
  it('takes a single JSON object, trims the value, and posts to the allow list', async () => {
    const api = fakeApi();

    const { result, json } = await run(addToAllow, {
      parameters: {
        'Allowlist Item':
          '{"attribute": "$rcpt", "operator": "equal", "value": "  ceo@corp.test ", ' +
          '"comment": "VIP"}',
      },
    });

    expect(api.requests).toEqual([
      addCall('allow', {
        attribute: '$rcpt',
        operator: 'equal',
        value: 'ceo@corp.test',
        comment: 'VIP',
      }),
    ]);
    expect(api.requests[0]?.authorization).toBe(BEARER);
    expect(result).toEqual({
      Message:
        'Successfully added to the Proofpoint Threat Protection allow list (1): ceo@corp.test.',
      ResultValue: true,
      ExecutionState: 0,
      ResultObjectJson: JSON.stringify({
        JsonResult: {
          Title: 'JsonResult',
          RawJson: JSON.stringify([
            { value: 'ceo@corp.test', attribute: '$rcpt', status: 'added' },
          ]),
        },
      }),
      DebugOutput: '',
    });
    expect(json).toEqual([{ value: 'ceo@corp.test', attribute: '$rcpt', status: 'added' }]);
  });

  it('takes the item as a JSON object in the context, with a null comment left out', async () => {
    const api = fakeApi();
    const item = { attribute: '$hfrom', operator: 'is_in_list', value: 'partners', comment: null };

    const { result } = await run(addToAllow, { parameters: { 'Allowlist Item': item } });

    expect(result.ResultValue).toBe(true);
    expect(api.requests).toEqual([
      addCall('allow', { attribute: '$hfrom', operator: 'is_in_list', value: 'partners' }),
    ]);
  });

  it('accepts a comment of exactly 150 characters', async () => {
    const api = fakeApi();
    const comment = 'c'.repeat(150);
    const item = { attribute: '$from', operator: 'contain', value: 'corp.test', comment };

    const { result } = await run(addToAllow, {
      parameters: { 'Allowlist Item': JSON.stringify(item) },
    });

    expect(result.ResultValue).toBe(true);
    expect(api.requests).toEqual([addCall('allow', item)]);
  });

  it('reports duplicates as already_present on the allow list', async () => {
    fakeApi({ onPost: () => duplicateAnswer });
    const item = { attribute: '$from', operator: 'equal', value: 'ok@corp.test' };

    const { result, json } = await run(addToAllow, {
      parameters: { 'Allowlist Item': JSON.stringify([item]) },
    });

    expect(result.Message).toBe('Already on the allow list (1): ok@corp.test.');
    expect(result.ResultValue).toBe(true);
    expect(json).toEqual([
      { value: 'ok@corp.test', attribute: '$from', status: 'already_present' },
    ]);
  });
});
