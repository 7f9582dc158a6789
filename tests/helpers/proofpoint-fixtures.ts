/** Shared values and builders for tests of the Proofpoint client and the action runtime. */
import nock from 'nock';
import type { Deadline } from '../../src/client/deadline.ts';
import { type ClientOptions, ProofpointClient } from '../../src/client/proofpoint-client.ts';
import { createLogger, type Logger } from '../../src/runtime/logger.ts';
import { createFakeClock, type FakeClock } from './fake-clock.ts';

export const API_HOST = 'https://threatprotection-api.proofpoint.com';
export const AUTH_HOST = 'https://auth.proofpoint.com';
export const TOKEN_PATH = '/v1/token';
export const LISTS_PATH = '/api/v1/emailProtection/modules/spam';
export const BLOCK_PATH = `${LISTS_PATH}/orgBlockList`;
export const ALLOW_PATH = `${LISTS_PATH}/orgSafeList`;
export const CLUSTER = 'acme_hosted';

export const FIXED_RANDOM = (): number => 0.5;

export interface TestClient {
  client: ProofpointClient;
  clock: FakeClock;
  logger: Logger;
  /** Every line the logger wrote, at debug level. */
  lines: string[];
}

export interface TestClientOptions {
  clientSecret?: string;
  requestTimeoutMs?: number;
  random?: () => number;
  clock?: FakeClock;
  deadline?: (clock: FakeClock) => Deadline;
  apiRoot?: string;
}

/** A client on the real transport (so nock sees the requests) with a fake clock. */
export function createTestClient(options: TestClientOptions = {}): TestClient {
  const clock = options.clock ?? createFakeClock();
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const clientOptions: ClientOptions = {
    apiRoot: options.apiRoot ?? API_HOST,
    clientId: 'client-id-1',
    clientSecret: options.clientSecret ?? 'client-secret-1',
    verifySsl: true,
    clock,
    random: options.random ?? FIXED_RANDOM,
    logger,
    ...(options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.deadline === undefined ? {} : { deadline: options.deadline(clock) }),
  };

  return { client: new ProofpointClient(clientOptions), clock, logger, lines };
}

export interface TokenEndpoint {
  scope: nock.Scope;
  /** How many tokens the endpoint has issued. */
  issued: () => number;
}

/** The token endpoint answering up to `times` requests with TOKEN-1, TOKEN-2, … in turn. */
export function nockTokens(times = 1, expiresIn = 3600): TokenEndpoint {
  let issued = 0;
  const scope = nock(AUTH_HOST)
    .post(TOKEN_PATH)
    .times(times)
    .reply(() => {
      issued += 1;
      return [200, { access_token: `TOKEN-${issued}`, expires_in: expiresIn }];
    });
  return { scope, issued: () => issued };
}

export const ENTRY = { attribute: '$from', operator: 'equal', value: 'a@evil.test', comment: '' };

export function entriesBody(entries: readonly object[] = [ENTRY]): { entries: readonly object[] } {
  return { entries };
}

/** Resolves to the error `promise` rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}
