import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { Deadline, START_MARGIN_MS } from '../../src/client/deadline.ts';
import { ApiError, DeadlineError } from '../../src/client/errors.ts';
import { ProofpointClient } from '../../src/client/proofpoint-client.ts';
import type { HttpRequest, HttpResponse, Transport } from '../../src/client/transport.ts';
import { createFakeClock, type FakeClock } from '../helpers/fake-clock.ts';
import {
  API_HOST,
  BLOCK_PATH,
  CLUSTER,
  createTestClient,
  entriesBody,
  FIXED_RANDOM,
  nockTokens,
  rejectionOf,
} from '../helpers/proofpoint-fixtures.ts';

const leaving = (ms: number) => (clock: FakeClock) => new Deadline(clock.now() + ms, clock.now);

describe('the client and the deadline', () => {
  it('START_MARGIN_MS is 2 s', () => {
    expect(START_MARGIN_MS).toBe(2000);
  });

  it('does not request a token with less than START_MARGIN_MS left', async () => {
    const tokens = nockTokens();
    const { client } = createTestClient({ deadline: leaving(START_MARGIN_MS) });

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(DeadlineError);
    expect(error.message).toBe('the deadline came before a token could be requested');
    expect((error as DeadlineError).mayHaveLanded).toBe(false);
    expect(tokens.issued()).toBe(0);
  });

  it('does not start a list call with less than START_MARGIN_MS left', async () => {
    nockTokens();
    const list = nock(API_HOST).get(BLOCK_PATH).query(true).times(2).reply(200, entriesBody());
    const { client, clock } = createTestClient({ deadline: leaving(10_000) });

    await client.getEntries('block', CLUSTER);
    clock.advance(10_000 - START_MARGIN_MS);
    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(DeadlineError);
    expect(error.message).toBe('the deadline came before the rate limit allowed this call');
    expect((error as DeadlineError).mayHaveLanded).toBe(false);
    expect(list.pendingMocks()).toHaveLength(1);
  });

  it('does not sleep past the deadline to retry; DeadlineError names the error', async () => {
    nockTokens();
    let calls = 0;
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query(true)
      .times(4)
      .reply(() => {
        calls += 1;
        return [500, { errorMessage: 'internal failure' }];
      });
    // 2300 ms left: the first try may start, the 375 ms backoff would leave under 2 s.
    const { client, clock } = createTestClient({ deadline: leaving(2300) });

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(DeadlineError);
    expect(error.message).toBe(
      'reading the block list failed with HTTP 500: internal failure; ' +
        'the deadline left no time to retry',
    );
    // A read changes nothing, whatever its answer.
    expect((error as DeadlineError).mayHaveLanded).toBe(false);
    expect(calls).toBe(1);
    expect(clock.sleeps).toStrictEqual([]);
  });

  it('retries while the backoff still leaves START_MARGIN_MS', async () => {
    nockTokens();
    nock(API_HOST).get(BLOCK_PATH).query(true).reply(503, {});
    nock(API_HOST).get(BLOCK_PATH).query(true).reply(200, entriesBody());
    const { client, clock } = createTestClient({ deadline: leaving(2376) });

    expect(await client.getEntries('block', CLUSTER)).toHaveLength(1);
    expect(clock.sleeps).toStrictEqual([375]);
  });

  it('does not wait out a rate-limit pause that passes the deadline', async () => {
    nockTokens();
    nock(API_HOST).get(BLOCK_PATH).query(true).reply(429, {});
    const { client, clock } = createTestClient({ deadline: leaving(3000) });

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(DeadlineError);
    expect(error.message).toBe('the deadline came before the rate limit allowed this call');
    expect((error as DeadlineError).mayHaveLanded).toBe(false);
    expect(clock.sleeps).toStrictEqual([]);
  });

  const entry = { attribute: '$from', operator: 'equal', value: 'a@evil.test', comment: '' };

  it.each([
    [500, true],
    [429, false],
  ])('an add answered %i with no time to retry may have landed: %s', async (status, landed) => {
    nockTokens();
    nock(API_HOST).post(BLOCK_PATH).query(true).reply(status, { errorMessage: 'no' });
    const { client } = createTestClient({ deadline: leaving(2300) });

    const error = await rejectionOf(client.addEntry('block', CLUSTER, entry));

    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).mayHaveLanded).toBe(landed);
  });

  it('lets a final 400 stand, since no retry is due', async () => {
    nockTokens();
    nock(API_HOST).post(BLOCK_PATH).query(true).reply(400, { errorMessage: 'no' });
    const { client } = createTestClient({ deadline: leaving(2300) });

    const error = await rejectionOf(client.addEntry('block', CLUSTER, entry));

    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(
      'adding $from a@evil.test to the block list failed with HTTP 400: no',
    );
  });

  it('cuts the request timeout so a call ends before the deadline', async () => {
    const clock = createFakeClock();
    const sent: HttpRequest[] = [];
    const answers: HttpResponse[] = [
      { status: 200, body: '{"access_token":"T","expires_in":3600}' },
      { status: 200, body: '{"entries":[]}' },
    ];
    const transport: Transport = {
      send: async (request) => {
        sent.push(request);
        const answer = answers.shift();
        if (answer === undefined) throw new Error('no answer left');
        return answer;
      },
      close: () => {},
    };
    const client = new ProofpointClient({
      apiRoot: API_HOST,
      clientId: 'id',
      clientSecret: 'secret',
      verifySsl: true,
      transport,
      clock,
      random: FIXED_RANDOM,
      requestTimeoutMs: 30_000,
      deadline: new Deadline(clock.now() + 12_000, clock.now),
    });

    await client.getEntries('block', CLUSTER);

    expect(sent.map((request) => request.timeoutMs)).toStrictEqual([11_500, 11_500]);
  });
});
