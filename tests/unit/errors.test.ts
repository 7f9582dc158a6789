import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxiosError } from 'axios';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  CertificateError,
  ConnectionError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
} from '../../src/client/errors.ts';
import { type HttpRequest, toClientError } from '../../src/client/transport.ts';
import { reasonFor } from '../../src/runtime/run-action.ts';
import {
  API_HOST,
  AUTH_HOST,
  BLOCK_PATH,
  CLUSTER,
  createTestClient,
  nockTokens,
  rejectionOf,
  TOKEN_PATH,
} from '../helpers/proofpoint-fixtures.ts';

const API = 'threatprotection-api.proofpoint.com';
const READING = 'reading the block list';
const TOKEN = 'requesting a token from auth.proofpoint.com';

type Arrange = () => void;

function list(status: number, body: object | string, times = 1): Arrange {
  return () => {
    nockTokens();
    nock(API_HOST).get(BLOCK_PATH).query(true).times(times).reply(status, body);
  };
}

function token(status: number, body: object | string): Arrange {
  return () => {
    nock(AUTH_HOST).post(TOKEN_PATH).times(4).reply(status, body);
  };
}

describe('the reason each error kind gives', () => {
  it.each<[string, Arrange, abstract new (...args: never[]) => Error, string]>([
    [
      'an API error, with the API errorMessage',
      list(400, { errorMessage: 'error.api.emailprotection.cluster.invalid' }),
      ApiError,
      `${READING} failed with HTTP 400: error.api.emailprotection.cluster.invalid`,
    ],
    ['an API error without a body', list(404, ''), ApiError, `${READING} failed with HTTP 404`],
    [
      'a 5xx with a short text body, after its retries',
      list(503, 'Service Unavailable', 4),
      ApiError,
      `${READING} failed with HTTP 503: Service Unavailable`,
    ],
    [
      'a 5xx with an HTML page, which is not shown',
      list(502, '<html><body>Bad Gateway</body></html>', 4),
      ApiError,
      `${READING} failed with HTTP 502`,
    ],
    [
      'authentication: the token endpoint refuses the credentials',
      token(401, { errorMessage: 'invalid client credentials' }),
      AuthenticationError,
      `${TOKEN} failed with HTTP 401: invalid client credentials ` +
        '(check the Client ID and Client Secret)',
    ],
    [
      'authentication: OAuth invalid_client answered with 400',
      token(400, { error: 'invalid_client' }),
      AuthenticationError,
      `${TOKEN} failed with HTTP 400: invalid_client (check the Client ID and Client Secret)`,
    ],
    [
      'authentication: an OAuth error body',
      token(401, { error: 'invalid_client', error_description: 'Bad client secret' }),
      AuthenticationError,
      `${TOKEN} failed with HTTP 401: invalid_client: Bad client secret ` +
        '(check the Client ID and Client Secret)',
    ],
    [
      'a 403 from the list (cluster not entitled)',
      list(403, { errorMessage: 'access denied' }),
      AuthenticationError,
      `${READING} failed with HTTP 403: access denied ` +
        '(the API key may not be entitled to this cluster or to the lists)',
    ],
    [
      'the rate limit, after its retries',
      list(429, { errorMessage: 'too many requests' }, 9),
      RateLimitError,
      `${READING} failed with HTTP 429: too many requests`,
    ],
    [
      'an unexpected list response: {"foo":1}',
      list(200, { foo: 1 }),
      UnexpectedResponseError,
      'the block list response is not {"entries": [...]}',
    ],
    [
      'an unexpected list response: not JSON',
      list(200, 'OK'),
      UnexpectedResponseError,
      'the block list response is not {"entries": [...]}',
    ],
  ])('%s', async (_label, arrange, kind, reason) => {
    arrange();
    const { client } = createTestClient();

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(kind);
    expect(reasonFor(error)).toBe(reason);
  });

  // KNOWN BUG (src/client/token-provider.ts, #refresh): a body that is not a JSON object gives
  // zod issues with an empty path, so the reason ends "lacks a valid " and names nothing.
  it.each(['<html>login</html>', '"just a string"', '[]'])(
    'an unexpected token response %j names access_token',
    async (body) => {
      token(200, body)();
      const { client } = createTestClient();

      const error = await rejectionOf(client.getEntries('block', CLUSTER));

      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(reasonFor(error)).toMatch(/^the token response .*access_token/);
    },
  );

  it('a timeout names its length', async () => {
    nockTokens();
    nock(API_HOST).get(BLOCK_PATH).query(true).times(4).delay(2_000).reply(200, { entries: [] });
    const { client } = createTestClient({ requestTimeoutMs: 200 });

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(reasonFor(error)).toBe(`${READING} to ${API} timed out after 200 ms`);
  });

  it('a refused connection says "could not connect to <host>"', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { client, clock } = createTestClient({ apiRoot: `http://127.0.0.1:${port}` });

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(error).toBeInstanceOf(ConnectionError);
    expect(reasonFor(error)).toBe(`could not connect to 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(clock.sleeps).toStrictEqual([]);
  });

  it('anything but an Error is "an unexpected error occurred"', () => {
    expect(reasonFor('boom')).toBe('an unexpected error occurred');
    expect(reasonFor(undefined)).toBe('an unexpected error occurred');
  });
});

describe('toClientError', () => {
  const request: HttpRequest = {
    method: 'GET',
    url: `https://${API}${BLOCK_PATH}?clusterId=acme`,
    headers: { Authorization: 'Bearer SECRET-TOKEN' },
    body: 'client_secret=SECRET',
    timeoutMs: 1234,
    operation: READING,
  };
  const withCode = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });
  const axiosWithCause = (code: string | undefined, cause: string) => {
    const error = new AxiosError('request failed', code);
    error.cause = withCode(cause);
    return error;
  };
  const CERT_REASON = (code: string) =>
    `the TLS certificate of ${API} failed verification (${code}); Verify SSL is on, ` +
    'turn it off only for a server you trust';

  it.each<[string, unknown, abstract new (...args: never[]) => Error, string, boolean]>([
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      withCode('DEPTH_ZERO_SELF_SIGNED_CERT'),
      CertificateError,
      CERT_REASON('DEPTH_ZERO_SELF_SIGNED_CERT'),
      false,
    ],
    [
      'an axios error caused by CERT_HAS_EXPIRED',
      axiosWithCause(undefined, 'CERT_HAS_EXPIRED'),
      CertificateError,
      CERT_REASON('CERT_HAS_EXPIRED'),
      false,
    ],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      withCode('ERR_TLS_CERT_ALTNAME_INVALID'),
      CertificateError,
      CERT_REASON('ERR_TLS_CERT_ALTNAME_INVALID'),
      false,
    ],
    [
      'an axios timeout (ECONNABORTED)',
      new AxiosError('timeout of 1234ms exceeded', 'ECONNABORTED'),
      TimeoutError,
      `${READING} to ${API} timed out after 1234 ms`,
      true,
    ],
    [
      'ETIMEDOUT',
      withCode('ETIMEDOUT'),
      TimeoutError,
      `${READING} to ${API} timed out after 1234 ms`,
      true,
    ],
    [
      'ECONNRESET',
      withCode('ECONNRESET'),
      ConnectionError,
      `the connection to ${API} was dropped (ECONNRESET)`,
      true,
    ],
    [
      'ERR_BAD_RESPONSE caused by ECONNRESET',
      axiosWithCause('ERR_BAD_RESPONSE', 'ECONNRESET'),
      ConnectionError,
      `the connection to ${API} was dropped (ECONNRESET)`,
      true,
    ],
    [
      'ECONNREFUSED',
      withCode('ECONNREFUSED'),
      ConnectionError,
      `could not connect to ${API} (ECONNREFUSED)`,
      false,
    ],
    [
      'ENOTFOUND',
      withCode('ENOTFOUND'),
      ConnectionError,
      `could not connect to ${API} (ENOTFOUND)`,
      false,
    ],
    [
      'EAI_AGAIN',
      withCode('EAI_AGAIN'),
      ConnectionError,
      `could not connect to ${API} (EAI_AGAIN)`,
      true,
    ],
    [
      'an error without a code',
      new Error('Bearer SECRET-TOKEN rejected'),
      ConnectionError,
      `could not connect to ${API} (unknown error)`,
      false,
    ],
  ])('maps %s', (_label, raw, kind, message, retryable) => {
    const error = toClientError(raw, request);

    expect(error).toBeInstanceOf(kind);
    expect(error.message).toBe(message);
    expect(error instanceof TimeoutError || (error as ConnectionError).retryable).toBe(retryable);
    const everything = `${String(error)} ${JSON.stringify(error)} ${error.stack ?? ''}`;
    expect(everything).not.toContain('SECRET');
    expect(everything).not.toContain('clusterId');
  });
});
