import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { UnexpectedResponseError } from '../../src/client/errors.ts';
import { TokenProvider } from '../../src/client/token-provider.ts';
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

/** A token endpoint stand-in: answers TOKEN-1, TOKEN-2, … with `expiresIn` seconds. */
function fakeEndpoint(expiresIn?: number | string): {
  requests: () => number;
  request: () => Promise<unknown>;
} {
  let count = 0;
  return {
    requests: () => count,
    request: async () => {
      count += 1;
      const lifetime = expiresIn === undefined ? {} : { expires_in: expiresIn };
      return { access_token: `TOKEN-${count}`, ...lifetime };
    },
  };
}

describe('TokenProvider', () => {
  it('shares one request among concurrent callers', async () => {
    let release: (value: unknown) => void = () => {};
    let requests = 0;
    const provider = new TokenProvider(() => {
      requests += 1;
      return new Promise((resolve) => {
        release = resolve;
      });
    });

    const callers = Array.from({ length: 5 }, () => provider.getToken());
    release({ access_token: 'SHARED', expires_in: 3600 });

    expect(await Promise.all(callers)).toStrictEqual(Array(5).fill('SHARED'));
    expect(requests).toBe(1);
  });

  it.each<[number | string | undefined, number, string]>([
    // [expires_in, when the refresh is due (ms after the request), why]
    [3600, 3_540_000, 'one-hour token: refreshed 60 s before expiry'],
    [undefined, 3_540_000, 'no expires_in is taken as one hour'],
    [90, 45_000, 'short token: refreshed at half its lifetime'],
    [120, 60_000, 'two-minute token: margin and half-life coincide'],
    ['600', 540_000, 'expires_in as a string'],
  ])(
    'reuses the token until the margin, then refreshes (expires_in %s: %s ms, %s)',
    async (expiresIn, refreshAtMs) => {
      let nowMs = 1_000_000;
      const endpoint = fakeEndpoint(expiresIn);
      const provider = new TokenProvider(endpoint.request, () => nowMs);

      expect(await provider.getToken()).toBe('TOKEN-1');
      nowMs += refreshAtMs - 1;
      expect(await provider.getToken()).toBe('TOKEN-1');
      expect(endpoint.requests()).toBe(1);

      nowMs += 1;
      expect(await provider.getToken()).toBe('TOKEN-2');
      expect(endpoint.requests()).toBe(2);
    },
  );

  it('keeps serving a token whose early refresh failed, until the token expires', async () => {
    let nowMs = 0;
    let requests = 0;
    const provider = new TokenProvider(
      async () => {
        requests += 1;
        if (requests === 1) return { access_token: 'STILL-VALID', expires_in: 3600 };
        throw new Error('auth host down');
      },
      () => nowMs,
    );

    await provider.getToken();
    nowMs = 3_540_000; // inside the 60 s refresh margin
    expect(await provider.getToken()).toBe('STILL-VALID');
    nowMs = 3_600_000; // expired
    await expect(provider.getToken()).rejects.toThrow('auth host down');
    expect(requests).toBe(3);
  });

  it('tells each new token to onToken (so the logger can mask it)', async () => {
    const seen: string[] = [];
    const endpoint = fakeEndpoint(3600);
    const provider = new TokenProvider(
      endpoint.request,
      () => 0,
      (token) => seen.push(token),
    );

    await provider.getToken();
    await provider.getToken();
    provider.invalidate('TOKEN-1');
    await provider.getToken();

    expect(seen).toStrictEqual(['TOKEN-1', 'TOKEN-2']);
  });

  it('invalidate drops the rejected token only if it is still the current one', async () => {
    const endpoint = fakeEndpoint(3600);
    const provider = new TokenProvider(endpoint.request, () => 0);

    await provider.getToken();
    provider.invalidate('TOKEN-1');
    expect(await provider.getToken()).toBe('TOKEN-2');

    provider.invalidate('TOKEN-1');
    expect(await provider.getToken()).toBe('TOKEN-2');
    expect(endpoint.requests()).toBe(2);
  });

  it.each([
    [{ token: 'x' }, 'the token response lacks a valid access_token'],
    [{ access_token: '' }, 'the token response lacks a valid access_token'],
    [{ access_token: 'T', expires_in: -5 }, 'the token response lacks a valid expires_in'],
  ])('rejects the token response %j', async (response, message) => {
    const provider = new TokenProvider(async () => response);
    const error = await rejectionOf(provider.getToken());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toBe(message);
  });

  // KNOWN BUG (src/client/token-provider.ts, #refresh): a response that is not an object (the
  // body was not JSON) yields issues with an empty path, so the message names no field.
  it.each<[unknown]>([[undefined], ['text'], [['T']]])(
    'rejects the non-object token response %j naming access_token',
    async (response) => {
      const provider = new TokenProvider(async () => response);
      const error = await rejectionOf(provider.getToken());
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error.message).toMatch(/^the token response .*access_token/);
    },
  );

  it('does not cache a failure: the next caller asks again', async () => {
    let requests = 0;
    const provider = new TokenProvider(async () => {
      requests += 1;
      if (requests === 1) throw new Error('refused');
      return { access_token: 'SECOND' };
    });

    await expect(provider.getToken()).rejects.toThrow('refused');
    expect(await provider.getToken()).toBe('SECOND');
  });
});

describe('ProofpointClient tokens', () => {
  it('5 concurrent getEntries make exactly one POST /v1/token', async () => {
    const tokens = nockTokens(5);
    const lists = nock(API_HOST)
      .get(BLOCK_PATH)
      .query({ clusterId: CLUSTER })
      .times(5)
      .matchHeader('authorization', 'Bearer TOKEN-1')
      .reply(200, entriesBody());
    const { client } = createTestClient();

    await Promise.all(Array.from({ length: 5 }, () => client.getEntries('block', CLUSTER)));

    expect(lists.isDone()).toBe(true);
    expect(tokens.issued()).toBe(1);
  });

  it('reuses the cached token until 60 s before expiry, then requests a new one', async () => {
    let issued = 0;
    nock(AUTH_HOST)
      .post(TOKEN_PATH)
      .times(3)
      .reply(() => {
        issued += 1;
        return [200, { access_token: `TOKEN-${issued}`, expires_in: 3600 }];
      });
    const used: string[] = [];
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query(true)
      .times(3)
      .reply((request: Request) => {
        used.push(request.headers.get('authorization') ?? '');
        return [200, entriesBody()];
      });
    const { client, clock } = createTestClient();

    await client.getEntries('block', CLUSTER);
    clock.advance(3_540_000 - 1);
    await client.getEntries('block', CLUSTER);
    clock.advance(1);
    await client.getEntries('block', CLUSTER);

    expect(used).toStrictEqual(['Bearer TOKEN-1', 'Bearer TOKEN-1', 'Bearer TOKEN-2']);
    expect(issued).toBe(2);
  });
});
