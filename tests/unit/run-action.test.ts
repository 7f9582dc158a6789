import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { pingAction } from '../../src/operations/ping.ts';
import type { Action, ActionRun } from '../../src/runtime/action.ts';
import type { ActionOutcome } from '../../src/runtime/action-result.ts';
import {
  createLogger,
  type Logger,
  type LogLevel,
  parseLogLevel,
  redact,
} from '../../src/runtime/logger.ts';
import { integerParameter } from '../../src/runtime/parameters.ts';
import { runAction } from '../../src/runtime/run-action.ts';
import {
  API_HOST,
  AUTH_HOST,
  BLOCK_PATH,
  CLUSTER,
  entriesBody,
  nockTokens,
  TOKEN_PATH,
} from '../helpers/proofpoint-fixtures.ts';

const PING_OK =
  'Successfully connected to the Proofpoint Threat Protection server with the provided ' +
  'connection parameters!';
const PING_FAILED = 'Failed to connect to the Proofpoint Threat Protection server! Error is ';
const TEST_FAILED = 'Error executing action "Test Action". Reason: ';

const CONFIG = {
  'API Root': API_HOST,
  'Client ID': 'client-id-1',
  'Client Secret': 'client-secret-1',
  'Cluster ID': CLUSTER,
  'Verify SSL': 'true',
};

function context(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ integration_configuration: CONFIG, ...extra });
}

interface Io {
  logger: Logger;
  written: string[];
}

function quietIo(level: LogLevel = parseLogLevel(undefined)): Io {
  const written: string[] = [];
  return { logger: createLogger({ level, write: (line) => written.push(line) }), written };
}

type TestParams = { max: number };

/** An action that hands its run to `perform`. */
function testAction(
  perform: (run: ActionRun<TestParams>) => Promise<ActionOutcome>,
): Action<TestParams> {
  return {
    name: 'Test Action',
    scriptName: 'test-action',
    description: 'for tests',
    parameters: {
      max: integerParameter('Max IOCs To Return', {
        description: 'how many',
        defaultValue: 100,
        min: 1,
        max: 1000,
      }),
    },
    perform,
  };
}

const succeed = testAction(async () => ({ message: 'done', resultValue: true }));

function nockPing(): void {
  nockTokens();
  nock(API_HOST).get(BLOCK_PATH).query({ clusterId: CLUSTER }).reply(200, entriesBody());
}

describe('runAction: where the configuration comes from', () => {
  const cwd = process.cwd();
  let tempDir: string | undefined;

  afterEach(() => {
    process.chdir(cwd);
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  });

  it('runs Ping with the integration_configuration of the context', async () => {
    nockPing();
    const io = quietIo();

    const result = await runAction(pingAction, { stdin: context(), environment: {}, ...io });

    expect(result).toStrictEqual({
      Message: PING_OK,
      ResultValue: true,
      ExecutionState: 0,
      ResultObjectJson: '{}',
      DebugOutput: '',
    });
  });

  it('with empty stdin, takes the PROOFPOINT_* environment', async () => {
    nockPing();
    const environment = {
      PROOFPOINT_API_ROOT: `${API_HOST}/api/v1/`,
      PROOFPOINT_CLIENT_ID: 'env-client',
      PROOFPOINT_CLIENT_SECRET: 'env-secret',
      PROOFPOINT_CLUSTER_ID: CLUSTER,
      PROOFPOINT_VERIFY_SSL: 'TRUE',
    };
    let config: unknown;
    const action = testAction(async (run) => {
      config = run.config;
      await run.client.getEntries('block', run.config.clusterId);
      return { message: 'read', resultValue: true };
    });

    const result = await runAction(action, { stdin: ' \n', environment, ...quietIo() });

    expect(result.Message).toBe('read');
    expect(config).toStrictEqual({
      apiRoot: `${API_HOST}/api/v1/`,
      clientId: 'env-client',
      clientSecret: 'env-secret',
      clusterId: CLUSTER,
      verifySsl: true,
    });
  });

  it('an unset PROOFPOINT_API_ROOT is the default API Root', async () => {
    let apiRoot: string | undefined;
    const action = testAction(async (run) => {
      apiRoot = run.config.apiRoot;
      return { message: 'ok', resultValue: true };
    });
    const environment = {
      PROOFPOINT_CLIENT_ID: 'env-client',
      PROOFPOINT_CLIENT_SECRET: 'env-secret',
      PROOFPOINT_CLUSTER_ID: CLUSTER,
    };

    const result = await runAction(action, { stdin: '', environment, ...quietIo() });

    expect(result.ExecutionState).toBe(0);
    expect(apiRoot).toBe('https://threatprotection-api.proofpoint.com');
  });

  it('reads a .env file beneath the environment', async () => {
    tempDir = mkdtempSync(join(tmpdir(), 'pp-dotenv-'));
    writeFileSync(
      join(tempDir, '.env'),
      [
        `PROOFPOINT_API_ROOT=${API_HOST}`,
        'PROOFPOINT_CLIENT_ID=dotenv-client',
        'PROOFPOINT_CLIENT_SECRET=dotenv-secret',
        'PROOFPOINT_CLUSTER_ID=dotenv_cluster',
        'PROOFPOINT_VERIFY_SSL=false',
      ].join('\n'),
    );
    process.chdir(tempDir);
    let config: unknown;
    const action = testAction(async (run) => {
      config = run.config;
      return { message: 'ok', resultValue: true };
    });

    await runAction(action, {
      stdin: '',
      environment: { PROOFPOINT_CLIENT_SECRET: 'env-wins' },
      ...quietIo(),
    });

    expect(config).toStrictEqual({
      apiRoot: API_HOST,
      clientId: 'dotenv-client',
      clientSecret: 'env-wins',
      clusterId: 'dotenv_cluster',
      verifySsl: false,
    });
  });

  it('takes the token URL from PROOFPOINT_AUTH_URL', async () => {
    nock('https://login.example.test')
      .post('/oauth2/token')
      .reply(200, { access_token: 'GATEWAY-TOKEN', expires_in: 3600 });
    nock(API_HOST)
      .get(BLOCK_PATH)
      .query(true)
      .matchHeader('authorization', 'Bearer GATEWAY-TOKEN')
      .reply(200, entriesBody());

    const result = await runAction(pingAction, {
      stdin: context(),
      environment: { PROOFPOINT_AUTH_URL: 'https://login.example.test/oauth2/token' },
      ...quietIo(),
    });

    expect(result.Message).toBe(PING_OK);
  });

  it('hands the action PROOFPOINT_CONCURRENCY, 6 by default', async () => {
    const seen: number[] = [];
    const action = testAction(async (run) => {
      seen.push(run.concurrency);
      return { message: 'ok', resultValue: true };
    });

    await runAction(action, { stdin: context(), environment: {}, ...quietIo() });
    await runAction(action, {
      stdin: context(),
      environment: { PROOFPOINT_CONCURRENCY: '12' },
      ...quietIo(),
    });
    const bad = await runAction(action, {
      stdin: context(),
      environment: { PROOFPOINT_CONCURRENCY: 'lots' },
      ...quietIo(),
    });

    expect(seen).toStrictEqual([6, 12]);
    expect(bad.Message).toBe(
      `${TEST_FAILED}Parameter "PROOFPOINT_CONCURRENCY" must be an integer from 1 to 50; ` +
        'got "lots"',
    );
  });
});

describe('runAction: failed runs', () => {
  it.each([
    [
      'stdin that is not JSON',
      'not json',
      'the action context on standard input is not valid JSON',
    ],
    [
      'a JSON array',
      '[{"parameters":{}}]',
      'the action context on standard input must be a JSON object',
    ],
    ['JSON null', 'null', 'the action context on standard input must be a JSON object'],
    ['a JSON string', '"{}"', 'the action context on standard input must be a JSON object'],
    [
      'parameters that are not an object',
      '{"parameters":"x"}',
      'the action context field "parameters" is invalid',
    ],
    [
      'a deadline that is not a time',
      '{"execution_deadline_unix_time_ms":"soon"}',
      'the action context field "execution_deadline_unix_time_ms" is invalid',
    ],
    [
      'a configuration without Client ID',
      JSON.stringify({ integration_configuration: { ...CONFIG, 'Client ID': '' } }),
      'Parameter "Client ID" is mandatory but empty',
    ],
    [
      'a configuration with a bad Verify SSL',
      JSON.stringify({ integration_configuration: { ...CONFIG, 'Verify SSL': 'yes' } }),
      'Parameter "Verify SSL" must be true or false; got "yes"',
    ],
    [
      'a plain-http API Root',
      JSON.stringify({ integration_configuration: { ...CONFIG, 'API Root': 'http://pp.test' } }),
      'Parameter "API Root" must use https:// (plain http:// is allowed only for loopback ' +
        'hosts); got "http://pp.test"',
    ],
    // API Root falls back to its default in the environment; Client ID is the first missing.
    ['no configuration at all', '', 'Parameter "Client ID" is mandatory but empty'],
  ])('%s fails Ping, and any other action, naming the cause', async (_label, stdin, reason) => {
    const ping = await runAction(pingAction, { stdin, environment: {}, ...quietIo() });
    const other = await runAction(succeed, { stdin, environment: {}, ...quietIo() });

    expect(ping).toMatchObject({
      Message: `${PING_FAILED}${reason}`,
      ResultValue: false,
      ExecutionState: 2,
      ResultObjectJson: '{}',
    });
    expect(other).toMatchObject({
      Message: `${TEST_FAILED}${reason}`,
      ResultValue: false,
      ExecutionState: 2,
    });
  });

  it('a bad action parameter fails before anything is sent', async () => {
    let performed = false;
    const action = testAction(async () => {
      performed = true;
      return { message: 'ran', resultValue: true };
    });
    const stdin = context({ parameters: { 'Max IOCs To Return': 'abc' } });

    const result = await runAction(action, { stdin, environment: {}, ...quietIo() });

    expect(result.Message).toBe(
      `${TEST_FAILED}Parameter "Max IOCs To Return" must be an integer from 1 to 1000; got "abc"`,
    );
    expect(result.ExecutionState).toBe(2);
    expect(performed).toBe(false);
  });

  it('a deadline too near to start is a timed-out run (state 3)', async () => {
    const stdin = context({ execution_deadline_unix_time_ms: Date.now() + 1000 });

    const result = await runAction(pingAction, { stdin, environment: {}, ...quietIo() });

    expect(result).toMatchObject({
      Message: `${PING_FAILED}the deadline came before a token could be requested`,
      ResultValue: false,
      ExecutionState: 3,
    });
  });

  it('something thrown that is not an Error is "an unexpected error occurred"', async () => {
    const action = testAction(async () => {
      throw 'a string';
    });

    const result = await runAction(action, { stdin: context(), environment: {}, ...quietIo() });

    expect(result.Message).toBe(`${TEST_FAILED}an unexpected error occurred`);
  });
});

describe('runAction: the result object', () => {
  it('ResultObjectJson is "{}" without a JSON result', async () => {
    const result = await runAction(succeed, { stdin: context(), environment: {}, ...quietIo() });

    expect(result).toStrictEqual({
      Message: 'done',
      ResultValue: true,
      ExecutionState: 0,
      ResultObjectJson: '{}',
      DebugOutput: '',
    });
  });

  it('ResultObjectJson carries the JSON result as a string in JsonResult.RawJson', async () => {
    const jsonResult = [{ value: 'a"b', status: 'added' }];
    const action = testAction(async () => ({ message: 'added', resultValue: true, jsonResult }));

    const result = await runAction(action, { stdin: context(), environment: {}, ...quietIo() });

    expect(result.ResultObjectJson).toBe(
      '{"JsonResult":{"Title":"JsonResult","RawJson":"[{\\"value\\":\\"a\\\\\\"b\\",' +
        '\\"status\\":\\"added\\"}]"}}',
    );
    const parsed = JSON.parse(result.ResultObjectJson) as { JsonResult: { RawJson: string } };
    expect(JSON.parse(parsed.JsonResult.RawJson)).toStrictEqual(jsonResult);
  });

  it('keeps a soft failure completed (state 0, ResultValue false)', async () => {
    const action = testAction(async () => ({ message: 'nothing matched', resultValue: false }));

    const result = await runAction(action, { stdin: context(), environment: {}, ...quietIo() });

    expect(result).toMatchObject({ ResultValue: false, ExecutionState: 0 });
  });

  it('passes the state an action reports (3, timed out)', async () => {
    const action = testAction(async () => ({ message: '2 left', resultValue: false, state: 3 }));

    const result = await runAction(action, { stdin: context(), environment: {}, ...quietIo() });

    expect(result.ExecutionState).toBe(3);
  });

  it('masks the Client Secret in the JSON result', async () => {
    const action = testAction(async ({ config }) => ({
      message: 'ok',
      resultValue: true,
      jsonResult: { echoed: config.clientSecret },
    }));

    const result = await runAction(action, { stdin: context(), environment: {}, ...quietIo() });

    expect(result.ResultObjectJson).toBe(
      '{"JsonResult":{"Title":"JsonResult","RawJson":"{\\"echoed\\":\\"[REDACTED]\\"}"}}',
    );
  });

  it('masks a Client Secret holding quotes and backslashes in the JSON result', async () => {
    const secret = 'se"cr\\et-42';
    const action = testAction(async ({ config }) => ({
      message: 'ok',
      resultValue: true,
      jsonResult: [{ reason: `gateway said ${config.clientSecret}` }],
    }));
    const stdin = JSON.stringify({
      integration_configuration: {
        ...JSON.parse(context()).integration_configuration,
        'Client Secret': secret,
      },
    });

    const result = await runAction(action, { stdin, environment: {}, ...quietIo() });

    expect(JSON.stringify(result)).not.toContain('et-42');
    expect(JSON.parse(result.ResultObjectJson).JsonResult.RawJson).toBe(
      '[{"reason":"gateway said [REDACTED]"}]',
    );
  });

  it('masks the Client Secret in the message', async () => {
    const action = testAction(async ({ config }) => ({
      message: `echo ${config.clientSecret}`,
      resultValue: true,
    }));

    const result = await runAction(action, { stdin: context(), environment: {}, ...quietIo() });

    expect(result.Message).toBe('echo [REDACTED]');
  });
});

describe('logging', () => {
  it.each([
    [undefined, 'warn'],
    ['', 'warn'],
    ['DEBUG', 'debug'],
    [' info ', 'info'],
    ['error', 'error'],
    ['verbose', 'warn'],
    // KNOWN BUG (src/runtime/logger.ts, parseLogLevel): `in` also finds Object.prototype's
    // properties, so these are taken as levels (and then every line is written).
    ['constructor', 'warn'],
    ['__proto__', 'warn'],
  ])('PROOFPOINT_LOG_LEVEL %j is %s', (raw, level) => {
    expect(parseLogLevel(raw)).toBe(level);
  });

  it.each<[LogLevel, string[]]>([
    ['error', ['ERROR']],
    ['warn', ['ERROR', 'WARN']],
    ['info', ['ERROR', 'WARN', 'INFO']],
    ['debug', ['ERROR', 'WARN', 'INFO', 'DEBUG']],
  ])('at level %s writes %j lines', (level, levels) => {
    const { logger, written } = quietIo(level);

    logger.error('e');
    logger.warn('w');
    logger.info('i');
    logger.debug('d');

    expect(written).toStrictEqual(
      levels.map((each) => `[proofpoint-threat-protection] ${each} ${each[0]?.toLowerCase()}`),
    );
    expect(logger.lines()).toStrictEqual(written);
  });

  it('masks secrets and bearer credentials in every line', () => {
    const { logger, written } = quietIo('debug');
    logger.addSecret('s3cret-value');
    logger.addSecret('abc'); // too short to mask

    logger.warn('secret s3cret-value, again s3cret-value; abc');
    logger.debug('Authorization: Bearer eyJhbGciOi.x-y_z, next');

    expect(written).toStrictEqual([
      '[proofpoint-threat-protection] WARN secret [REDACTED], again [REDACTED]; abc',
      '[proofpoint-threat-protection] DEBUG Authorization: Bearer [REDACTED], next',
    ]);
    expect(logger.redact('x s3cret-value')).toBe('x [REDACTED]');
    expect(redact('bearer tok123 and key', ['key'])).toBe('bearer [REDACTED] and [REDACTED]');
  });

  it('a failed run is quiet by default: one ERROR line, no debug lines', async () => {
    nockTokens();
    nock(API_HOST).get(BLOCK_PATH).query(true).reply(403, { errorMessage: 'denied' });
    const io = quietIo();

    const result = await runAction(pingAction, { stdin: context(), environment: {}, ...io });

    const reason =
      'reading the block list failed with HTTP 403: denied (the API key may not be entitled ' +
      'to this cluster or to the lists)';
    expect(result.Message).toBe(`${PING_FAILED}${reason}`);
    expect(io.written).toStrictEqual([`[proofpoint-threat-protection] ERROR ${reason}`]);
    expect(result.DebugOutput).toBe(io.written.join('\n'));
  });

  it('at debug level logs each call and the stack of a failure, without secrets', async () => {
    nockTokens();
    nock(API_HOST).get(BLOCK_PATH).query(true).reply(403, { errorMessage: 'denied' });
    const io = quietIo('debug');

    const result = await runAction(pingAction, { stdin: context(), environment: {}, ...io });

    expect(io.written[0]).toMatch(
      /^\[proofpoint-threat-protection\] DEBUG POST \/v1\/token → 200 in \d+ ms$/,
    );
    expect(io.written[1]).toMatch(
      new RegExp(`^\\[proofpoint-threat-protection\\] DEBUG GET ${BLOCK_PATH} → 403 in \\d+ ms$`),
    );
    expect(io.written[2]).toMatch(/^\[proofpoint-threat-protection\] ERROR reading the block/);
    expect(io.written[3]).toMatch(/^\[proofpoint-threat-protection\] DEBUG AuthenticationError: /);
    expect(result.DebugOutput).toBe(io.written.join('\n'));
    expect(JSON.stringify(result)).not.toContain('client-secret-1');
    expect(JSON.stringify(result)).not.toContain('TOKEN-1');
  });

  it('a token request goes to the token endpoint only', async () => {
    const token = nock(AUTH_HOST).post(TOKEN_PATH).reply(200, { access_token: 'TOKEN-1' });
    nock(API_HOST).get(BLOCK_PATH).query(true).reply(200, entriesBody());

    await runAction(pingAction, { stdin: context(), environment: {}, ...quietIo() });

    expect(token.isDone()).toBe(true);
  });
});
