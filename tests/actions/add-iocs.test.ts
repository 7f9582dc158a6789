import { describe, expect, it } from 'vitest';
import { addIocsAction } from '../../src/operations/add-iocs.ts';
import { addCall, duplicateAnswer, fakeApi, okAnswer, run, sorted, TOKEN_FORM } from './support.ts';

const addIocToAllow = addIocsAction('allow');
const addIocToBlock = addIocsAction('block');

const ALL_SIX = {
  'Recipient Email Address': 'rcpt@corp.test',
  'Sender Email Address': 'from@evil.test',
  'Sender IP Address': '203.0.113.9',
  'Sender Hostname': 'mail.evil.test',
  'Sender HELO Domain Name': 'helo.evil.test',
  'Message Header From (Address Only)': 'hfrom@evil.test',
};

describe('Add IOC to Block List', () => {
  it('sends one equal entry per IOC type, with the mapped attribute and the Comment', async () => {
    const api = fakeApi();

    const { result, json } = await run(addIocToBlock, {
      parameters: { ...ALL_SIX, Comment: 'Case 4711' },
      environment: { PROOFPOINT_CONCURRENCY: '1' },
    });

    const comment = 'Case 4711';
    expect(api.tokenRequests.map((request) => request.body)).toEqual([TOKEN_FORM]);
    expect(api.requests).toEqual([
      addCall('block', { attribute: '$rcpt', operator: 'equal', value: 'rcpt@corp.test', comment }),
      addCall('block', { attribute: '$from', operator: 'equal', value: 'from@evil.test', comment }),
      addCall('block', { attribute: '$ip', operator: 'equal', value: '203.0.113.9', comment }),
      addCall('block', { attribute: '$host', operator: 'equal', value: 'mail.evil.test', comment }),
      addCall('block', { attribute: '$helo', operator: 'equal', value: 'helo.evil.test', comment }),
      addCall('block', {
        attribute: '$hfrom',
        operator: 'equal',
        value: 'hfrom@evil.test',
        comment,
      }),
    ]);
    expect(result).toEqual({
      Message:
        'Successfully added to the Proofpoint Threat Protection block list (6): rcpt@corp.test, ' +
        'from@evil.test, 203.0.113.9, mail.evil.test, helo.evil.test, hfrom@evil.test.',
      ResultValue: true,
      ExecutionState: 0,
      ResultObjectJson: JSON.stringify({
        JsonResult: { Title: 'JsonResult', RawJson: JSON.stringify(json) },
      }),
      DebugOutput: '',
    });
    expect(json).toEqual([
      { value: 'rcpt@corp.test', attribute: '$rcpt', status: 'added' },
      { value: 'from@evil.test', attribute: '$from', status: 'added' },
      { value: '203.0.113.9', attribute: '$ip', status: 'added' },
      { value: 'mail.evil.test', attribute: '$host', status: 'added' },
      { value: 'helo.evil.test', attribute: '$helo', status: 'added' },
      { value: 'hfrom@evil.test', attribute: '$hfrom', status: 'added' },
    ]);
  });

  it('splits and trims values, drops empty ones and sends repeats once', async () => {
    const api = fakeApi();

    const { result, json } = await run(addIocToBlock, {
      parameters: {
        'Sender Email Address': ' a@evil.test ,, b@evil.test, a@evil.test ,',
        'Sender IP Address': '198.51.100.1, 198.51.100.1',
      },
    });

    expect(sorted(api.requests)).toEqual(
      sorted([
        addCall('block', { attribute: '$from', operator: 'equal', value: 'a@evil.test' }),
        addCall('block', { attribute: '$from', operator: 'equal', value: 'b@evil.test' }),
        addCall('block', { attribute: '$ip', operator: 'equal', value: '198.51.100.1' }),
      ]),
    );
    expect(result.ResultValue).toBe(true);
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'added' },
      { value: 'b@evil.test', attribute: '$from', status: 'added' },
      { value: '198.51.100.1', attribute: '$ip', status: 'added' },
    ]);
  });

  it('reports invalid values with a reason and does not send them; the valid ones go', async () => {
    const api = fakeApi();

    const { result, json } = await run(addIocToBlock, {
      parameters: {
        'Sender Email Address': 'good@evil.test, not-an-email',
        'Sender IP Address': '999.1.1.1, 2001:db8::1',
        'Sender Hostname': '-bad-.host',
        'Sender HELO Domain Name': 'under_score.test',
        'Recipient Email Address': 'user@-bad.test',
      },
    });

    expect(sorted(api.requests)).toEqual(
      sorted([
        addCall('block', { attribute: '$from', operator: 'equal', value: 'good@evil.test' }),
        addCall('block', { attribute: '$ip', operator: 'equal', value: '2001:db8::1' }),
      ]),
    );
    expect(result.Message).toBe(
      'Successfully added to the Proofpoint Threat Protection block list (2): good@evil.test, ' +
        '2001:db8::1.\n' +
        'Invalid, not sent (5): user@-bad.test (not an e-mail address), not-an-email (not an ' +
        'e-mail address), 999.1.1.1 (not an IPv4 or IPv6 address), -bad-.host (not a host name), ' +
        'under_score.test (not a domain name).',
    );
    expect(result.ResultValue).toBe(false);
    expect(result.ExecutionState).toBe(0);
    expect(json).toEqual([
      { value: 'good@evil.test', attribute: '$from', status: 'added' },
      { value: '2001:db8::1', attribute: '$ip', status: 'added' },
      {
        value: 'user@-bad.test',
        attribute: '$rcpt',
        status: 'invalid',
        reason: 'not an e-mail address',
      },
      {
        value: 'not-an-email',
        attribute: '$from',
        status: 'invalid',
        reason: 'not an e-mail address',
      },
      {
        value: '999.1.1.1',
        attribute: '$ip',
        status: 'invalid',
        reason: 'not an IPv4 or IPv6 address',
      },
      { value: '-bad-.host', attribute: '$host', status: 'invalid', reason: 'not a host name' },
      {
        value: 'under_score.test',
        attribute: '$helo',
        status: 'invalid',
        reason: 'not a domain name',
      },
    ]);
  });

  it('fails as a whole when the credentials are refused, still reporting every value', async () => {
    const api = fakeApi({ onToken: () => ({ status: 401, body: { error: 'invalid_client' } }) });

    const { result, json } = await run(addIocToBlock, {
      parameters: { 'Sender IP Address': '203.0.113.7, 999.1.1.1' },
    });

    const refused = 'requesting a token from pp.example.test failed with HTTP 401: invalid_client';
    expect(api.posts()).toEqual([]);
    expect(result.ExecutionState).toBe(2);
    expect(result.Message).toBe(
      `Error executing action "Add IOC to Block List". Reason: ${refused} ` +
        '(check the Client ID and Client Secret)',
    );
    expect(json).toEqual([
      { value: '203.0.113.7', attribute: '$ip', status: 'failed', reason: refused },
      {
        value: '999.1.1.1',
        attribute: '$ip',
        status: 'invalid',
        reason: 'not an IPv4 or IPv6 address',
      },
    ]);
  });

  it('sends nothing at all when every value is invalid, and reports each', async () => {
    const api = fakeApi();

    const { result, json } = await run(addIocToBlock, {
      parameters: { 'Sender IP Address': '300.0.0.1', 'Sender Email Address': 'nobody' },
    });

    expect(api.requests).toEqual([]);
    expect(api.tokenRequests).toEqual([]);
    expect(result.Message).toBe(
      'Invalid, not sent (2): nobody (not an e-mail address), 300.0.0.1 (not an IPv4 or IPv6 ' +
        'address).',
    );
    expect(result.ResultValue).toBe(false);
    expect(result.ExecutionState).toBe(0);
    expect(json).toEqual([
      { value: 'nobody', attribute: '$from', status: 'invalid', reason: 'not an e-mail address' },
      {
        value: '300.0.0.1',
        attribute: '$ip',
        status: 'invalid',
        reason: 'not an IPv4 or IPv6 address',
      },
    ]);
  });

  it('reports a value already on the list as already_present', async () => {
    fakeApi({ onPost: (body) => (body.value === 'b@evil.test' ? duplicateAnswer : okAnswer) });

    const { result, json } = await run(addIocToBlock, {
      parameters: { 'Sender Email Address': 'a@evil.test, b@evil.test' },
    });

    expect(result.Message).toBe(
      'Successfully added to the Proofpoint Threat Protection block list (1): a@evil.test.\n' +
        'Already on the block list (1): b@evil.test.',
    );
    expect(result.ResultValue).toBe(true);
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'added' },
      { value: 'b@evil.test', attribute: '$from', status: 'already_present' },
    ]);
  });

  it('reports a value the API refuses as failed, next to the added ones', async () => {
    fakeApi({
      onPost: (body) =>
        body.value === '10.0.0.1'
          ? { status: 403, body: { errorMessage: 'forbidden for cluster' } }
          : okAnswer,
    });

    const { result, json } = await run(addIocToBlock, {
      parameters: { 'Sender IP Address': '10.0.0.1, 10.0.0.2' },
    });

    const reason =
      'adding $ip 10.0.0.1 to the block list failed with HTTP 403: forbidden for cluster';
    expect(result.Message).toBe(
      'Successfully added to the Proofpoint Threat Protection block list (1): 10.0.0.2.\n' +
        `Failed (1): 10.0.0.1 (${reason}).`,
    );
    expect(result.ResultValue).toBe(false);
    expect(result.ExecutionState).toBe(0);
    expect(json).toEqual([
      { value: '10.0.0.1', attribute: '$ip', status: 'failed', reason },
      { value: '10.0.0.2', attribute: '$ip', status: 'added' },
    ]);
  });

  it('stops near the deadline: values left are not_attempted and the run times out', async () => {
    const api = fakeApi({
      onPost: (_, __, index) => (index === 0 ? { ...okAnswer, delayMs: 700 } : okAnswer),
    });

    const { result, json } = await run(addIocToBlock, {
      parameters: { 'Sender Email Address': 'a@evil.test, b@evil.test, c@evil.test' },
      deadlineUnixMs: Date.now() + 2500,
      environment: { PROOFPOINT_CONCURRENCY: '1' },
    });

    expect(api.posts()).toEqual([
      addCall('block', { attribute: '$from', operator: 'equal', value: 'a@evil.test' }),
    ]);
    expect(result.ExecutionState).toBe(3);
    expect(result.ResultValue).toBe(false);
    expect(result.Message).toBe(
      'Successfully added to the Proofpoint Threat Protection block list (1): a@evil.test.\n' +
        'Not attempted: the action deadline was near (2): b@evil.test, c@evil.test.',
    );
    expect(json).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'added' },
      { value: 'b@evil.test', attribute: '$from', status: 'not_attempted' },
      { value: 'c@evil.test', attribute: '$from', status: 'not_attempted' },
    ]);
  });

  it('uses the action Cluster ID, or the integration one when it is empty', async () => {
    const api = fakeApi();
    const entry = { attribute: '$host', operator: 'equal', value: 'evil.test' };

    await run(addIocToBlock, {
      parameters: { 'Cluster ID': 'eu_cluster', 'Sender Hostname': 'evil.test' },
    });
    await run(addIocToBlock, { parameters: { 'Cluster ID': '', 'Sender Hostname': 'evil.test' } });

    expect(api.requests).toEqual([
      addCall('block', entry, 'eu_cluster'),
      addCall('block', entry, 'acme_hosted'),
    ]);
  });
});

describe('Add IOC to Allow List', () => {
  it('posts to the allow list, leaving out an empty Comment', async () => {
    const api = fakeApi();

    const { result, json } = await run(addIocToAllow, {
      parameters: { 'Sender Email Address': 'partner@corp.test', Comment: '' },
    });

    expect(api.requests).toEqual([
      addCall('allow', { attribute: '$from', operator: 'equal', value: 'partner@corp.test' }),
    ]);
    expect(result.Message).toBe(
      'Successfully added to the Proofpoint Threat Protection allow list (1): partner@corp.test.',
    );
    expect(json).toEqual([{ value: 'partner@corp.test', attribute: '$from', status: 'added' }]);
  });

  it('accepts a Comment of exactly 150 characters and sends it', async () => {
    const api = fakeApi();
    const comment = 'x'.repeat(150);

    const { result } = await run(addIocToAllow, {
      parameters: { 'Sender HELO Domain Name': 'mx.corp.test', Comment: comment },
    });

    expect(result.ResultValue).toBe(true);
    expect(api.requests).toEqual([
      addCall('allow', { attribute: '$helo', operator: 'equal', value: 'mx.corp.test', comment }),
    ]);
  });
});
