import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../emulator/create-emulator.ts';
import { requestToken, toAnswer } from './emulator-api.ts';

describe('POST /v1/token', () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator({ tokenLifetimeSeconds: 1800 });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('issues a bearer token with the configured lifetime for good credentials', async () => {
    const answer = await requestToken(emulator);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 1800,
    });
    expect(answer.headers.get('content-type')).toBe('application/json');
  });

  it('issues a different token on each request', async () => {
    const first = (await requestToken(emulator)).json as { access_token: string };
    const second = (await requestToken(emulator)).json as { access_token: string };

    expect(first.access_token).not.toBe(second.access_token);
  });

  it.each([
    ['a wrong secret', { client_id: 'emulator-client', client_secret: 'wrong' }],
    [
      'an unknown client id',
      { client_id: 'someone-else', client_secret: 'emulator-client-secret' },
    ],
    ['no credentials', {}],
  ])('answers 401 for %s', async (_case, credentials) => {
    const answer = await requestToken(emulator, {
      grant_type: 'client_credentials',
      ...credentials,
    });

    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ errorMessage: 'Invalid client credentials' });
  });

  it.each([
    ['a missing grant_type', {}],
    ['another grant_type', { grant_type: 'password' }],
  ])('answers 400 for %s', async (_case, grant) => {
    const answer = await requestToken(emulator, {
      ...grant,
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ errorMessage: 'unsupported grant_type' });
  });

  it('refuses credentials sent in the query string', async () => {
    const query = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
    });
    const response = await fetch(`${emulator.apiRoot}/v1/token?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });

    expect(await toAnswer(response)).toMatchObject({
      status: 400,
      json: { errorMessage: 'credentials must be sent in the request body, not in the URL' },
    });
  });

  it('refuses a JSON body', async () => {
    const response = await fetch(`${emulator.apiRoot}/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
      }),
    });

    expect(await toAnswer(response)).toMatchObject({
      status: 400,
      json: { errorMessage: 'Content-Type must be application/x-www-form-urlencoded' },
    });
  });

  it('answers 405 with an Allow header to a GET', async () => {
    const answer = await toAnswer(await fetch(`${emulator.apiRoot}/v1/token`));

    expect(answer.status).toBe(405);
    expect(answer.json).toEqual({ errorMessage: 'method GET is not allowed here' });
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it('accepts the credentials of every configured client', async () => {
    await emulator.stop();
    emulator = await startEmulator({
      clients: [
        { clientId: 'first', clientSecret: 'first-secret', clusters: ['one_hosted'] },
        { clientId: 'second', clientSecret: 'second-secret', clusters: ['two_hosted'] },
      ],
    });

    const form = { grant_type: 'client_credentials', client_id: 'second' };
    const good = await requestToken(emulator, { ...form, client_secret: 'second-secret' });
    const crossed = await requestToken(emulator, { ...form, client_secret: 'first-secret' });

    expect(good.status).toBe(200);
    expect(crossed.status).toBe(401);
    expect(emulator.clientId).toBe('first');
    expect(emulator.clusterId).toBe('one_hosted');
  });
});
