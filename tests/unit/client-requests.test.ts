import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ListEntry } from '../../src/client/api-schemas.ts';
import {
  ALLOW_PATH,
  API_HOST,
  AUTH_HOST,
  BLOCK_PATH,
  CLUSTER,
  createTestClient,
  entriesBody,
  nockTokens,
  TOKEN_PATH,
} from '../helpers/proofpoint-fixtures.ts';

interface SeenRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** Replies `status`/`body` and records what was sent. */
function recorder(
  seen: SeenRequest[],
  status: number,
  body: object | string,
): (request: Request) => Promise<[number, object | string]> {
  return async (request) => {
    seen.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: await request.text(),
    });
    return [status, body];
  };
}

const entry: ListEntry = {
  attribute: '$from',
  operator: 'equal',
  value: 'bad@evil.test',
  comment: 'phish',
};

describe('the token request', () => {
  it('is a form body with the credentials, nothing in the URL', async () => {
    const seen: SeenRequest[] = [];
    nock(AUTH_HOST)
      .post(TOKEN_PATH)
      .reply(recorder(seen, 200, { access_token: 'TOKEN-1', expires_in: 3600 }));
    nock(API_HOST).get(BLOCK_PATH).query(true).reply(200, entriesBody());
    const { client } = createTestClient({ clientSecret: 'p&ss=w rd+/' });

    await client.getEntries('block', CLUSTER);

    expect(seen).toHaveLength(1);
    const [token] = seen;
    expect(token?.method).toBe('POST');
    expect(token?.url).toBe(`${AUTH_HOST}${TOKEN_PATH}`);
    expect(token?.body).toBe(
      'grant_type=client_credentials&client_id=client-id-1&client_secret=p%26ss%3Dw+rd%2B%2F',
    );
    expect(token?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(token?.headers.get('authorization')).toBeNull();
  });
});

describe('the list requests', () => {
  it('GET reads the list with clusterId and the bearer token', async () => {
    nockTokens();
    const seen: SeenRequest[] = [];
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query({ clusterId: CLUSTER })
      .reply(recorder(seen, 200, entriesBody()));
    const { client } = createTestClient();

    await client.getEntries('block', CLUSTER);

    expect(seen.map(({ method, url }) => [method, url])).toStrictEqual([
      ['GET', `${API_HOST}${BLOCK_PATH}?clusterId=${CLUSTER}`],
    ]);
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer TOKEN-1');
    expect(seen[0]?.headers.get('accept')).toBe('application/json');
    expect(seen[0]?.body).toBe('');
  });

  it('encodes the cluster ID in the query', async () => {
    nockTokens();
    const seen: SeenRequest[] = [];
    nock(API_HOST)
      .get(ALLOW_PATH)
      .query({ clusterId: 'acme hosted&x=1' })
      .reply(recorder(seen, 200, entriesBody()));
    const { client } = createTestClient();

    await client.getEntries('allow', 'acme hosted&x=1');

    expect(seen[0]?.url).toBe(`${API_HOST}${ALLOW_PATH}?clusterId=acme+hosted%26x%3D1`);
  });

  it.each([
    [
      'a comment',
      entry,
      '{"action":"add","attribute":"$from","operator":"equal","value":"bad@evil.test",' +
        '"comment":"phish"}',
    ],
    [
      'no comment',
      { ...entry, comment: '' },
      '{"action":"add","attribute":"$from","operator":"equal","value":"bad@evil.test"}',
    ],
  ])('add with %s POSTs exactly that JSON body', async (_label, added, body) => {
    nockTokens();
    const seen: SeenRequest[] = [];
    nock(API_HOST)
      .post(BLOCK_PATH)
      .query({ clusterId: CLUSTER })
      .reply(recorder(seen, 200, {}));
    const { client } = createTestClient();

    expect(await client.addEntry('block', CLUSTER, added)).toBe('added');

    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe(`${API_HOST}${BLOCK_PATH}?clusterId=${CLUSTER}`);
    expect(seen[0]?.body).toBe(body);
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer TOKEN-1');
  });

  it('delete sends the attribute, operator and value only', async () => {
    nockTokens();
    const seen: SeenRequest[] = [];
    nock(API_HOST)
      .post(ALLOW_PATH)
      .query({ clusterId: CLUSTER })
      .reply(recorder(seen, 200, {}));
    const { client } = createTestClient();

    await client.deleteEntry('allow', CLUSTER, { ...entry, operator: 'contain' });

    expect(seen[0]?.body).toBe(
      '{"action":"delete","attribute":"$from","operator":"contain","value":"bad@evil.test"}',
    );
    expect(seen[0]?.url).toBe(`${API_HOST}${ALLOW_PATH}?clusterId=${CLUSTER}`);
  });
});

describe('the list response', () => {
  it('is parsed to entries, a missing or null comment becoming ""', async () => {
    nockTokens();
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query(true)
      .reply(200, {
        entries: [
          { attribute: '$from', operator: 'equal', value: 'a@x.test', comment: 'kept' },
          { attribute: '$ip', operator: 'equal', value: '1.2.3.4' },
          { attribute: '$host', operator: 'contain', value: 'evil', comment: null },
        ],
      });
    const { client } = createTestClient();

    expect(await client.getEntries('block', CLUSTER)).toStrictEqual([
      { attribute: '$from', operator: 'equal', value: 'a@x.test', comment: 'kept' },
      { attribute: '$ip', operator: 'equal', value: '1.2.3.4', comment: '' },
      { attribute: '$host', operator: 'contain', value: 'evil', comment: '' },
    ]);
  });

  it('an empty list is []', async () => {
    nockTokens();
    nock(API_HOST).get(ALLOW_PATH).query(true).reply(200, { entries: [] });
    const { client } = createTestClient();

    expect(await client.getEntries('allow', CLUSTER)).toStrictEqual([]);
  });
});

describe('add outcomes', () => {
  const DUPLICATE = { errorMessage: 'error.api.emailprotection.lists.samelist.duplicate.entry' };

  it('a 400 duplicate answer means the entry is already present', async () => {
    nockTokens();
    nock(API_HOST).post(BLOCK_PATH).query(true).reply(400, DUPLICATE);
    const { client, clock } = createTestClient();

    expect(await client.addEntry('block', CLUSTER, entry)).toBe('already_present');
    expect(clock.sleeps).toStrictEqual([]);
  });

  it.each([
    ['a 503', (scope: nock.Interceptor) => scope.reply(503, { errorMessage: 'busy' })],
    [
      'a dropped connection',
      (scope: nock.Interceptor) =>
        scope.replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })),
    ],
  ])('%s then the duplicate answer means the first try added it', async (_label, first) => {
    nockTokens();
    first(nock(API_HOST).post(BLOCK_PATH).query(true));
    nock(API_HOST).post(BLOCK_PATH).query(true).reply(400, DUPLICATE);
    const { client, clock } = createTestClient();

    expect(await client.addEntry('block', CLUSTER, entry)).toBe('added');
    expect(clock.sleeps).toStrictEqual([375]);
  });

  it('a 429 then the duplicate answer still means already present', async () => {
    nockTokens();
    nock(API_HOST).post(BLOCK_PATH).query(true).reply(429, {});
    nock(API_HOST).post(BLOCK_PATH).query(true).reply(400, DUPLICATE);
    const { client } = createTestClient();

    expect(await client.addEntry('block', CLUSTER, entry)).toBe('already_present');
  });

  it('another 400 is an error, not a duplicate', async () => {
    nockTokens();
    nock(API_HOST)
      .post(BLOCK_PATH)
      .query(true)
      .reply(400, { errorMessage: 'error.api.invalid.value' });
    const { client } = createTestClient();

    await expect(client.addEntry('block', CLUSTER, entry)).rejects.toThrow(
      'adding $from bad@evil.test to the block list failed with HTTP 400: error.api.invalid.value',
    );
  });
});
