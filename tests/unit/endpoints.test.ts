import { describe, expect, it } from 'vitest';
import {
  isLoopbackHost,
  type ListName,
  listUrl,
  resolveEndpoints,
} from '../../src/client/endpoints.ts';
import { ProofpointClient } from '../../src/client/proofpoint-client.ts';
import { InvalidParameterError } from '../../src/runtime/errors.ts';

const PROOFPOINT_ROOT = 'https://threatprotection-api.proofpoint.com';
const BLOCK_URL = `${PROOFPOINT_ROOT}/api/v1/emailProtection/modules/spam/orgBlockList`;
const AUTH_URL = 'https://auth.proofpoint.com/v1/token';
const HTTP_ONLY_LOOPBACK = 'must use https:// (plain http:// is allowed only for loopback hosts)';

function thrownBy(run: () => unknown): InvalidParameterError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidParameterError) return error;
    throw error;
  }
  throw new Error('expected an InvalidParameterError');
}

describe('resolveEndpoints: the API Root', () => {
  it.each([
    PROOFPOINT_ROOT,
    `${PROOFPOINT_ROOT}/`,
    `${PROOFPOINT_ROOT}//`,
    `${PROOFPOINT_ROOT}/api/v1`,
    `${PROOFPOINT_ROOT}/api/v1/`,
    `${PROOFPOINT_ROOT}/API/V1`,
    'HTTPS://ThreatProtection-API.proofpoint.com/api/v1',
  ])('%s reaches the same list URL', (apiRoot) => {
    const endpoints = resolveEndpoints(apiRoot);
    expect(endpoints.apiBaseUrl).toBe(`${PROOFPOINT_ROOT}/api/v1`);
    expect(listUrl(endpoints, 'block')).toBe(BLOCK_URL);
  });

  it.each<[ListName, string]>([
    ['allow', 'orgSafeList'],
    ['block', 'orgBlockList'],
  ])('the %s list is %s', (list, resource) => {
    expect(listUrl(resolveEndpoints(PROOFPOINT_ROOT), list)).toBe(
      `${PROOFPOINT_ROOT}/api/v1/emailProtection/modules/spam/${resource}`,
    );
  });

  it.each([
    ['https://gw.example.test/proofpoint', 'https://gw.example.test/proofpoint/api/v1'],
    ['https://gw.example.test/proofpoint/api/v1/', 'https://gw.example.test/proofpoint/api/v1'],
    ['https://gw.example.test:8443', 'https://gw.example.test:8443/api/v1'],
    ['http://127.0.0.1:8080/api/v1', 'http://127.0.0.1:8080/api/v1'],
  ])('keeps the path of a gateway: %s', (apiRoot, apiBaseUrl) => {
    expect(resolveEndpoints(apiRoot).apiBaseUrl).toBe(apiBaseUrl);
  });
});

describe('resolveEndpoints: the token URL', () => {
  it.each([
    [PROOFPOINT_ROOT, AUTH_URL],
    ['https://proofpoint.com', AUTH_URL],
    ['https://eu.threatprotection-api.proofpoint.com/api/v1', AUTH_URL],
    ['https://gw.example.test/proofpoint/api/v1', 'https://gw.example.test/v1/token'],
    ['https://gw.example.test:8443/', 'https://gw.example.test:8443/v1/token'],
    ['http://localhost:3000', 'http://localhost:3000/v1/token'],
    // Look-alike hosts are not Proofpoint's and must not receive the credentials for it.
    ['https://notproofpoint.com', 'https://notproofpoint.com/v1/token'],
    ['https://proofpoint.com.evil.test', 'https://proofpoint.com.evil.test/v1/token'],
  ])('for %s is %s', (apiRoot, tokenUrl) => {
    expect(resolveEndpoints(apiRoot).tokenUrl).toBe(tokenUrl);
  });

  it.each([
    [PROOFPOINT_ROOT, 'https://login.example.test/oauth2/token'],
    ['http://127.0.0.1:9000', 'https://login.example.test/oauth2/token'],
    [PROOFPOINT_ROOT, 'http://localhost:4000/v1/token'],
  ])('PROOFPOINT_AUTH_URL overrides it (API Root %s, override %s)', (apiRoot, override) => {
    expect(resolveEndpoints(apiRoot, override).tokenUrl).toBe(override);
  });

  it('an empty PROOFPOINT_AUTH_URL is no override', () => {
    expect(resolveEndpoints(PROOFPOINT_ROOT, '').tokenUrl).toBe(AUTH_URL);
  });

  it('a plain-http PROOFPOINT_AUTH_URL to another host is refused', () => {
    const error = thrownBy(() => resolveEndpoints(PROOFPOINT_ROOT, 'http://login.example.test/t'));
    expect(error.message).toBe(
      `Parameter "PROOFPOINT_AUTH_URL" ${HTTP_ONLY_LOOPBACK}; got "http://login.example.test/t"`,
    );
  });
});

describe('resolveEndpoints: plain http', () => {
  it.each([
    'http://127.0.0.1',
    'http://127.0.0.5:8080',
    'http://127.255.255.254/api/v1',
    'http://localhost',
    'http://LOCALHOST:3000',
    'http://[::1]',
    'http://[::1]:9000/api/v1',
  ])('is accepted for the loopback host in %s', (apiRoot) => {
    expect(resolveEndpoints(apiRoot).apiBaseUrl.startsWith('http://')).toBe(true);
  });

  it.each([
    'http://threatprotection-api.proofpoint.com',
    'http://10.0.0.5',
    'http://128.0.0.1',
    'http://localhost.evil.test',
    'http://127.evil.test',
    'http://[::2]',
  ])('is refused for %s, with a clear InvalidParameterError', (apiRoot) => {
    const error = thrownBy(() => resolveEndpoints(apiRoot));
    expect(error.parameter).toBe('API Root');
    expect(error.message).toBe(
      `Parameter "API Root" ${HTTP_ONLY_LOOPBACK}; got ${JSON.stringify(apiRoot)}`,
    );
  });

  it.each(['threatprotection-api.proofpoint.com', 'ftp://files.example.test', ''])(
    'refuses %j as not an https:// URL',
    (apiRoot) => {
      expect(thrownBy(() => resolveEndpoints(apiRoot)).message).toBe(
        `Parameter "API Root" must be an https:// URL; got ${JSON.stringify(apiRoot)}`,
      );
    },
  );

  it('is refused when the client is built, before anything is sent', () => {
    const options = { clientId: 'id', clientSecret: 'secret', verifySsl: true };
    expect(() => new ProofpointClient({ ...options, apiRoot: 'http://api.example.test' })).toThrow(
      new InvalidParameterError('API Root', HTTP_ONLY_LOOPBACK, 'http://api.example.test'),
    );
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['::1', true],
    ['10.0.0.1', false],
    ['example.test', false],
    ['127.example.test', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
