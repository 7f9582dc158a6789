import { describe, expect, it } from 'vitest';
import { getEntriesAction } from '../../src/operations/get-entries.ts';
import {
  expectFailure,
  fakeApi,
  listCall,
  run,
  type StoredEntry,
  TOKEN_FORM,
  withFakeTimeouts,
} from './support.ts';

const getAllow = getEntriesAction('allow');
const getBlock = getEntriesAction('block');

const STORED: StoredEntry[] = [
  { attribute: '$from', operator: 'equal', value: 'one@evil.test', comment: 'first' },
  { attribute: '$ip', operator: 'equal', value: '203.0.113.1' },
  { attribute: '$from', operator: 'contain', value: 'two.evil.test' },
  { attribute: '$host', operator: 'not_equal', value: 'evil.test', comment: 'host' },
  { attribute: '$from', operator: 'equal', value: 'three@evil.test', comment: '' },
  { attribute: '$hfrom', operator: 'equal', value: 'hf@evil.test' },
];

/** The entries as the JSON result gives them: every key present, `comment` "" when absent. */
function asResult(entries: readonly StoredEntry[]): object[] {
  return entries.map(({ attribute, operator, value, comment }) => ({
    attribute,
    operator,
    value,
    comment: comment ?? '',
  }));
}

describe('Get Block List Entries', () => {
  it('reads the list once and returns every entry by default', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    const { result, json } = await run(getBlock, {});

    expect(api.tokenRequests.map((request) => request.body)).toEqual([TOKEN_FORM]);
    expect(api.requests).toEqual([listCall('GET', 'block')]);
    expect(result).toEqual({
      Message: 'Successfully retrieved 6 entries from the Proofpoint Threat Protection block list.',
      ResultValue: true,
      ExecutionState: 0,
      ResultObjectJson: JSON.stringify({
        JsonResult: { Title: 'JsonResult', RawJson: JSON.stringify(asResult(STORED)) },
      }),
      DebugOutput: '',
    });
    expect(json).toEqual(asResult(STORED));
  });

  it('returns the first N entries of the type in list order, saying how many matched', async () => {
    fakeApi({ entries: { block: STORED } });

    const { result, json } = await run(getBlock, {
      parameters: { 'IOC Type To Return': 'Sender Email Address', 'Max IOCs To Return': '2' },
    });

    expect(result.Message).toBe(
      'Successfully retrieved 2 entries of type Sender Email Address (the first of 3) from the ' +
        'Proofpoint Threat Protection block list.',
    );
    expect(result.ResultValue).toBe(true);
    expect(json).toEqual([
      { attribute: '$from', operator: 'equal', value: 'one@evil.test', comment: 'first' },
      { attribute: '$from', operator: 'contain', value: 'two.evil.test', comment: '' },
    ]);
  });

  it.each([
    ['Recipient Email Address', []],
    ['Sender IP Address', [STORED[1]]],
    ['Sender Hostname', [STORED[3]]],
    ['Message Header From (Address Only)', [STORED[5]]],
  ])('filters on %s', async (type, expected) => {
    fakeApi({ entries: { block: STORED } });

    const { json } = await run(getBlock, { parameters: { 'IOC Type To Return': type } });

    expect(json).toEqual(asResult(expected.filter((entry) => entry !== undefined)));
  });

  it('matches the IOC type ignoring case and names it as the definition spells it', async () => {
    fakeApi({ entries: { block: STORED } });

    const { result } = await run(getBlock, {
      parameters: { 'IOC Type To Return': 'sender ip address' },
    });

    expect(result.Message).toBe(
      'Successfully retrieved 1 entry of type Sender IP Address from the Proofpoint Threat ' +
        'Protection block list.',
    );
  });

  it('completes with ResultValue false when no entry is of the type', async () => {
    fakeApi({ entries: { block: STORED } });

    const { result, json } = await run(getBlock, {
      parameters: { 'IOC Type To Return': 'Sender HELO Domain Name' },
    });

    expect(result).toEqual({
      Message:
        'No entries of type Sender HELO Domain Name were found in the Proofpoint Threat ' +
        'Protection block list.',
      ResultValue: false,
      ExecutionState: 0,
      ResultObjectJson: JSON.stringify({ JsonResult: { Title: 'JsonResult', RawJson: '[]' } }),
      DebugOutput: '',
    });
    expect(json).toEqual([]);
  });

  it('completes with ResultValue false when the list is empty', async () => {
    fakeApi({ entries: { block: [] } });

    const { result } = await run(getBlock, {});

    expect(result.Message).toBe(
      'No entries were found in the Proofpoint Threat Protection block list.',
    );
    expect(result.ResultValue).toBe(false);
    expect(result.ExecutionState).toBe(0);
  });

  it.each([
    ['1', 1, '1 entry'],
    ['1000', 1000, '1000 entries'],
    [' 7 ', 7, '7 entries'],
    [3, 3, '3 entries'],
  ])('accepts Max IOCs To Return %j', async (max, expectedCount, counted) => {
    const many = Array.from({ length: 1001 }, (_, index) => ({
      attribute: '$ip',
      operator: 'equal',
      value: `10.0.${Math.floor(index / 256)}.${index % 256}`,
    }));
    fakeApi({ entries: { block: many } });

    const { result, json } = await run(getBlock, { parameters: { 'Max IOCs To Return': max } });

    expect(result.ResultValue).toBe(true);
    expect(result.Message).toBe(
      `Successfully retrieved ${counted} (the first of 1001) from the Proofpoint ` +
        'Threat Protection block list.',
    );
    expect(json).toEqual(asResult(many.slice(0, expectedCount)));
  });

  it('defaults Max IOCs To Return to 100 when it is empty', async () => {
    const many = Array.from({ length: 150 }, (_, index) => ({
      attribute: '$from',
      operator: 'equal',
      value: `u${index}@evil.test`,
    }));
    fakeApi({ entries: { block: many } });

    const { result, json } = await run(getBlock, { parameters: { 'Max IOCs To Return': '' } });

    expect(result.Message).toBe(
      'Successfully retrieved 100 entries (the first of 150) from the Proofpoint Threat ' +
        'Protection block list.',
    );
    expect(json).toEqual(asResult(many.slice(0, 100)));
  });

  it('reads the Cluster ID of the action, or falls back to the integration one', async () => {
    const api = fakeApi({ entries: { block: STORED } });

    await run(getBlock, { parameters: { 'Cluster ID': 'us_cluster_2' } });
    await run(getBlock, { parameters: { 'Cluster ID': '' } });

    expect(api.requests).toEqual([
      listCall('GET', 'block', undefined, 'us_cluster_2'),
      listCall('GET', 'block', undefined, 'acme_hosted'),
    ]);
  });

  it('fails naming the status and the API message when the read is refused', async () => {
    fakeApi({ onGet: () => ({ status: 403, body: { errorMessage: 'cluster not allowed' } }) });

    const outcome = await run(getBlock, {});

    expectFailure(
      outcome,
      'Error executing action "Get Block List Entries". Reason: reading the block list failed ' +
        'with HTTP 403: cluster not allowed (the API key may not be entitled to this cluster or ' +
        'to the lists)',
    );
  });

  it('fails when the token endpoint refuses the credentials', async () => {
    const api = fakeApi({
      onToken: () => ({
        status: 401,
        body: { error: 'invalid_client', error_description: 'Bad client credentials' },
      }),
    });

    const outcome = await run(getBlock, {});

    expect(api.requests).toEqual([]);
    expectFailure(
      outcome,
      'Error executing action "Get Block List Entries". Reason: requesting a token from ' +
        'pp.example.test failed with HTTP 401: invalid_client: Bad client credentials (check the ' +
        'Client ID and Client Secret)',
    );
  });

  it('fails when the list answer is not {"entries": [...]}', async () => {
    fakeApi({ onGet: () => ({ status: 200, body: { items: [] } }) });

    const outcome = await run(getBlock, {});

    expectFailure(
      outcome,
      'Error executing action "Get Block List Entries". Reason: the block list response is not ' +
        '{"entries": [...]}',
    );
  });

  it('retries a 500 once and then returns the entries', async () => {
    let gets = 0;
    const api = fakeApi({
      onGet: () => {
        gets += 1;
        return gets === 1
          ? { status: 500, body: { errorMessage: 'busy' } }
          : { status: 200, body: { entries: STORED } };
      },
    });

    const { result } = await withFakeTimeouts(() => run(getBlock, {}));

    expect(api.requests).toEqual([listCall('GET', 'block'), listCall('GET', 'block')]);
    expect(result.ResultValue).toBe(true);
  });
});

describe('Get Allow List Entries', () => {
  it('reads the allow list and fills in a missing comment', async () => {
    const stored = [
      { attribute: '$rcpt', operator: 'equal', value: 'ceo@corp.test' },
      { attribute: '$from', operator: 'contain', value: 'corp.test', comment: 'partner' },
    ];
    const api = fakeApi({ entries: { allow: stored, block: STORED } });

    const { result, json } = await run(getAllow, {
      parameters: { 'IOC Type To Return': 'All', 'Max IOCs To Return': '10' },
    });

    expect(api.requests).toEqual([listCall('GET', 'allow')]);
    expect(result.Message).toBe(
      'Successfully retrieved 2 entries from the Proofpoint Threat Protection allow list.',
    );
    expect(json).toEqual([
      { attribute: '$rcpt', operator: 'equal', value: 'ceo@corp.test', comment: '' },
      { attribute: '$from', operator: 'contain', value: 'corp.test', comment: 'partner' },
    ]);
  });

  it('says none were found on the allow list', async () => {
    fakeApi({ entries: { allow: [{ attribute: '$from', operator: 'equal', value: 'a@b.test' }] } });

    const { result, json } = await run(getAllow, {
      parameters: { 'IOC Type To Return': 'Recipient Email Address' },
    });

    expect(result.Message).toBe(
      'No entries of type Recipient Email Address were found in the Proofpoint Threat ' +
        'Protection allow list.',
    );
    expect(result.ResultValue).toBe(false);
    expect(json).toEqual([]);
  });
});
