import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  TimeoutError,
} from '../../src/client/errors.ts';
import { RETRY_POLICY } from '../../src/client/retry-policy.ts';
import {
  API_HOST,
  AUTH_HOST,
  BLOCK_PATH,
  CLUSTER,
  createTestClient,
  entriesBody,
  nockTokens,
  rejectionOf,
  TOKEN_PATH,
} from '../helpers/proofpoint-fixtures.ts';

/** The block list answering every GET with `status`; counts the GETs. */
function listAnswering(status: number, body: object = { errorMessage: 'boom' }): () => number {
  let calls = 0;
  nock(API_HOST)
    .get(BLOCK_PATH)
    .query(true)
    .times(50)
    .reply(() => {
      calls += 1;
      return [status, body];
    });
  return () => calls;
}

// With random() = 0.5: equal jitter gives 3/4 of 500·2^(n-1); a rate-limit pause 1.125 times
// 1000·2^(n-1), capped at 30 s.
const BACKOFF_SLEEPS = [375, 750, 1500];
const RATE_LIMIT_SLEEPS = [1125, 2250, 4500, 9000, 18_000, 30_000, 30_000, 30_000];

describe('which statuses retry, and how often', () => {
  it('the policy is the one these tables assume', () => {
    expect(RETRY_POLICY.maxRetries).toBe(3);
    expect(RETRY_POLICY.maxRateLimitRetries).toBe(8);
  });

  it.each([
    [400, ApiError, 1, []],
    [403, AuthenticationError, 1, []],
    [404, ApiError, 1, []],
    [409, ApiError, 1, []],
    [429, RateLimitError, RETRY_POLICY.maxRateLimitRetries + 1, RATE_LIMIT_SLEEPS],
    [500, ApiError, RETRY_POLICY.maxRetries + 1, BACKOFF_SLEEPS],
    [502, ApiError, RETRY_POLICY.maxRetries + 1, BACKOFF_SLEEPS],
    [503, ApiError, RETRY_POLICY.maxRetries + 1, BACKOFF_SLEEPS],
    [504, ApiError, RETRY_POLICY.maxRetries + 1, BACKOFF_SLEEPS],
  ])('HTTP %i fails as %o after %i tries, sleeping %j', async (status, kind, tries, sleeps) => {
    const tokens = nockTokens();
    const calls = listAnswering(status);
    const { client, clock } = createTestClient();

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(kind);
    expect(error.constructor).toBe(kind);
    expect((error as ApiError).status).toBe(status);
    expect(error.message).toBe(`reading the block list failed with HTTP ${status}: boom`);
    expect(calls()).toBe(tries);
    expect(clock.sleeps).toStrictEqual(sleeps);
    expect(tokens.issued()).toBe(1);
  });

  it.each([
    [500, 1, [375]],
    [503, 3, [375, 750, 1500]],
    [429, 2, [1125, 2250]],
  ])('recovers when HTTP %i clears after %i failures', async (status, failures, sleeps) => {
    nockTokens();
    nock(API_HOST).get(BLOCK_PATH).query(true).times(failures).reply(status, {});
    nock(API_HOST).get(BLOCK_PATH).query(true).reply(200, entriesBody());
    const { client, clock } = createTestClient();

    expect(await client.getEntries('block', CLUSTER)).toHaveLength(1);
    expect(clock.sleeps).toStrictEqual(sleeps);
  });

  it('the backoff follows random(): random() = 0 waits half the ceiling', async () => {
    nockTokens();
    listAnswering(500);
    const { client, clock } = createTestClient({ random: () => 0 });

    await rejectionOf(client.getEntries('block', CLUSTER));
    expect(clock.sleeps).toStrictEqual([250, 500, 1000]);
  });
});

describe('refresh once on 401', () => {
  it('a 401 from the list gets one new token and one retry', async () => {
    const tokens = nockTokens(5);
    const used: string[] = [];
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query(true)
      .reply((request: Request) => {
        used.push(request.headers.get('authorization') ?? '');
        return [401, { errorMessage: 'token expired' }];
      });
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query(true)
      .reply((request: Request) => {
        used.push(request.headers.get('authorization') ?? '');
        return [200, entriesBody()];
      });
    const { client, clock } = createTestClient();

    expect(await client.getEntries('block', CLUSTER)).toHaveLength(1);
    expect(used).toStrictEqual(['Bearer TOKEN-1', 'Bearer TOKEN-2']);
    expect(tokens.issued()).toBe(2);
    expect(clock.sleeps).toStrictEqual([]);
  });

  it('a second 401 fails with AuthenticationError, without a loop', async () => {
    const tokens = nockTokens(5);
    const calls = listAnswering(401, { errorMessage: 'invalid token' });
    const { client, clock } = createTestClient();

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect(error.message).toBe('reading the block list failed with HTTP 401: invalid token');
    expect(calls()).toBe(2);
    expect(tokens.issued()).toBe(2);
    expect(clock.sleeps).toStrictEqual([]);
  });

  it('a 401 from the token endpoint is not retried', async () => {
    let tokenCalls = 0;
    nock(AUTH_HOST)
      .post(TOKEN_PATH)
      .times(5)
      .reply(() => {
        tokenCalls += 1;
        return [401, { errorMessage: 'invalid client credentials' }];
      });
    const calls = listAnswering(200, entriesBody());
    const { client } = createTestClient();

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(tokenCalls).toBe(1);
    expect(calls()).toBe(0);
  });

  // KNOWN BUG (src/client/proofpoint-client.ts, #requestToken/#waitBeforeRetry): a 429 waits 0 ms
  // there, leaving the pause to the rate gate, but token requests do not pass the gate; so the
  // token endpoint is asked 9 times back to back.
  it('a 429 from the token endpoint is retried after rate-limit pauses', async () => {
    let tokenCalls = 0;
    nock(AUTH_HOST)
      .post(TOKEN_PATH)
      .times(20)
      .reply(() => {
        tokenCalls += 1;
        return [429, {}];
      });
    const { client, clock } = createTestClient();

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(RateLimitError);
    expect(tokenCalls).toBe(RETRY_POLICY.maxRateLimitRetries + 1);
    expect(clock.sleeps).toHaveLength(RETRY_POLICY.maxRateLimitRetries);
    for (const sleep of clock.sleeps) {
      expect(sleep).toBeGreaterThanOrEqual(RETRY_POLICY.rateLimitBaseDelayMs);
    }
  });

  it('a 5xx from the token endpoint is retried like any call', async () => {
    let tokenCalls = 0;
    nock(AUTH_HOST)
      .post(TOKEN_PATH)
      .times(2)
      .reply(() => {
        tokenCalls += 1;
        return [502, 'Bad Gateway'];
      });
    nockTokens();
    listAnswering(200, entriesBody());
    const { client, clock } = createTestClient();

    expect(await client.getEntries('block', CLUSTER)).toHaveLength(1);
    expect(tokenCalls).toBe(2);
    expect(clock.sleeps).toStrictEqual([375, 750]);
  });
});

describe('connection failures', () => {
  /** Every GET of the block list fails with `code`; counts the tries. */
  function failingWith(code: string): () => number {
    let calls = 0;
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query(true)
      .times(10)
      .replyWithError(Object.assign(new Error(`socket ${code}`), { code }))
      .on('request', () => {
        calls += 1;
      });
    return () => calls;
  }

  it.each([
    [
      'ECONNRESET',
      true,
      'the connection to threatprotection-api.proofpoint.com was dropped (ECONNRESET)',
    ],
    ['EPIPE', true, 'the connection to threatprotection-api.proofpoint.com was dropped (EPIPE)'],
    ['EAI_AGAIN', true, 'could not connect to threatprotection-api.proofpoint.com (EAI_AGAIN)'],
    [
      'ECONNREFUSED',
      false,
      'could not connect to threatprotection-api.proofpoint.com (ECONNREFUSED)',
    ],
    ['ENOTFOUND', false, 'could not connect to threatprotection-api.proofpoint.com (ENOTFOUND)'],
  ])('%s: retried %s, fails with "%s"', async (code, retried, message) => {
    nockTokens();
    const calls = failingWith(code);
    const { client, clock } = createTestClient();

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(message);
    expect(calls()).toBe(retried ? RETRY_POLICY.maxRetries + 1 : 1);
    expect(clock.sleeps).toStrictEqual(retried ? BACKOFF_SLEEPS : []);
  });

  it('a dropped connection that recovers succeeds after one backoff', async () => {
    nockTokens();
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query(true)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    nock(API_HOST).get(BLOCK_PATH).query(true).reply(200, entriesBody());
    const { client, clock } = createTestClient();

    expect(await client.getEntries('block', CLUSTER)).toHaveLength(1);
    expect(clock.sleeps).toStrictEqual([375]);
  });

  it('a timeout is retried, then fails naming its length', async () => {
    nockTokens();
    let calls = 0;
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query(true)
      .times(4)
      .delay(2_000)
      .reply(200, entriesBody())
      .on('request', () => {
        calls += 1;
      });
    const { client, clock } = createTestClient({ requestTimeoutMs: 200 });

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(
      'reading the block list to threatprotection-api.proofpoint.com timed out after 200 ms',
    );
    expect(clock.sleeps).toStrictEqual(BACKOFF_SLEEPS);
    expect(calls).toBe(RETRY_POLICY.maxRetries + 1);
  });
});
