import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ProofpointClient } from '../../src/client/proofpoint-client.ts';
import { pingAction } from '../../src/operations/ping.ts';
import type { Action } from '../../src/runtime/action.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { runAction } from '../../src/runtime/run-action.ts';
import { createFakeClock } from '../helpers/fake-clock.ts';
import {
  API_HOST,
  AUTH_HOST,
  BLOCK_PATH,
  CLUSTER,
  createTestClient,
  entriesBody,
  FIXED_RANDOM,
  rejectionOf,
  TOKEN_PATH,
} from '../helpers/proofpoint-fixtures.ts';

const CANARY_SECRET = 'CANARY-SECRET-7f3a9c';
const CANARY_TOKEN = 'CANARY-TOKEN-b41e';
const CANARIES = [CANARY_SECRET, CANARY_TOKEN];
// Long enough for a prompt answer on a loaded machine; the slow answer takes far longer.
const TIMEOUT_MS = 200;

/** The token endpoint, answering only a request that carries the canary secret. */
function canaryTokens(times: number): void {
  nock(AUTH_HOST)
    .post(TOKEN_PATH, new RegExp(`client_secret=${CANARY_SECRET}`))
    .times(times)
    .reply(200, { access_token: CANARY_TOKEN, expires_in: 3600 });
}

/** The block list, answering only a request that carries the canary token. */
function canaryList(): nock.Interceptor {
  return nock(API_HOST)
    .get(BLOCK_PATH)
    .query(true)
    .matchHeader('authorization', `Bearer ${CANARY_TOKEN}`);
}

const scenarios: [string, () => void][] = [
  [
    'a 401 from the list, twice',
    () => {
      canaryTokens(2);
      canaryList().times(2).reply(401, { errorMessage: 'invalid token' });
    },
  ],
  [
    'a 500 until the retries run out',
    () => {
      canaryTokens(1);
      canaryList().times(4).reply(500, { errorMessage: 'internal error' });
    },
  ],
  [
    'a timeout, retried until failure',
    () => {
      canaryTokens(1);
      canaryList().times(4).delay(2_000).reply(200, entriesBody());
    },
  ],
  [
    'a failed token request (401 from the token endpoint)',
    () => {
      nock(AUTH_HOST)
        .post(TOKEN_PATH, new RegExp(`client_secret=${CANARY_SECRET}`))
        .reply(401, { errorMessage: 'invalid client credentials' });
    },
  ],
];

function expectNoCanary(label: string, text: string): void {
  for (const canary of CANARIES) expect(text, `${label} holds ${canary}`).not.toContain(canary);
}

/** Reads the block list with a fake clock and a short timeout, as a test action. */
const readWithTestClient: Action<Record<string, never>> = {
  name: 'Canary Action',
  scriptName: 'canary-action',
  description: 'for tests',
  parameters: {},
  async perform({ config, logger }) {
    const client = new ProofpointClient({
      ...config,
      logger,
      clock: createFakeClock(),
      random: FIXED_RANDOM,
      requestTimeoutMs: TIMEOUT_MS,
    });
    try {
      await client.getEntries('block', config.clusterId);
    } finally {
      client.close();
    }
    return { message: 'read', resultValue: true };
  },
};

const stdin = JSON.stringify({
  integration_configuration: {
    'API Root': API_HOST,
    'Client ID': 'client-id-1',
    'Client Secret': CANARY_SECRET,
    'Cluster ID': CLUSTER,
  },
});

describe('no secret leaks (canary)', () => {
  it.each(scenarios)('%s: not in the error nor the log', async (_label, arrange) => {
    arrange();
    const { client, lines } = createTestClient({
      clientSecret: CANARY_SECRET,
      requestTimeoutMs: TIMEOUT_MS,
    });

    const error = await rejectionOf(client.getEntries('block', CLUSTER));

    expect(nock.pendingMocks()).toStrictEqual([]);
    expectNoCanary('String(err)', String(error));
    expectNoCanary('err.message', error.message);
    expectNoCanary('JSON.stringify(err)', JSON.stringify(error));
    expectNoCanary('err.stack', error.stack ?? '');
    expect(lines.length).toBeGreaterThan(0);
    expectNoCanary('the log', lines.join('\n'));
  });

  it.each(scenarios)('%s: not in the runAction result nor its log', async (_label, arrange) => {
    arrange();
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });

    const result = await runAction(readWithTestClient, { stdin, environment: {}, logger });

    expect(result.ExecutionState).toBe(2);
    expect(nock.pendingMocks()).toStrictEqual([]);
    expectNoCanary('the result', JSON.stringify(result));
    expectNoCanary('the log', lines.join('\n'));
  });

  it.each(scenarios.filter(([label]) => label.includes('401')))(
    'Ping with %s: not in the result nor its log',
    async (_label, arrange) => {
      arrange();
      const lines: string[] = [];
      const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });

      const result = await runAction(pingAction, { stdin, environment: {}, logger });

      expect(result.Message).toMatch(/^Failed to connect .* failed with HTTP 401/);
      expectNoCanary('the result', JSON.stringify(result));
      expectNoCanary('the log', lines.join('\n'));
    },
  );

  it('an API answer echoing the token and secret is masked in the result and log', async () => {
    canaryTokens(1);
    canaryList().reply(400, {
      errorMessage: `bad request with token ${CANARY_TOKEN} from ${CANARY_SECRET}`,
    });
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });

    const result = await runAction(pingAction, { stdin, environment: {}, logger });

    expect(result.Message).toBe(
      'Failed to connect to the Proofpoint Threat Protection server! Error is reading the ' +
        'block list failed with HTTP 400: bad request with token [REDACTED] from [REDACTED]',
    );
    expectNoCanary('the result', JSON.stringify(result));
    expectNoCanary('the log', lines.join('\n'));
  });
});
