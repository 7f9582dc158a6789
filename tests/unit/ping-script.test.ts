/**
 * Ping as SecOps runs it: the built script, a real process, the context on standard input. nock
 * cannot reach a child process, so a small HTTP server on loopback stands in for Proofpoint.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, scriptPath } from '../helpers/built-scripts.ts';

const SCRIPT = scriptPath('ping');
const CLUSTER = 'acme_hosted';
const LIST_PATH = '/api/v1/emailProtection/modules/spam/orgBlockList';
const PING_OK =
  'Successfully connected to the Proofpoint Threat Protection server with the provided ' +
  'connection parameters!';
const PING_FAILED = 'Failed to connect to the Proofpoint Threat Protection server! Error is ';
const CANARY_SECRET = 'CANARY-SECRET-7f3a9c';
const CANARY_TOKEN = 'CANARY-TOKEN-b41e';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Behaviour {
  token: [number, object];
  list: [number, object];
}

const OK: Behaviour = {
  token: [200, { access_token: CANARY_TOKEN, expires_in: 3600 }],
  list: [200, { entries: [] }],
};

let server: Server;
let port: number;
let behaviour: Behaviour = OK;
let seen: Seen[] = [];
let workDir: string;

function answer(response: ServerResponse, [status, body]: [number, object]): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const url = request.url ?? '';
    seen.push({
      method: request.method ?? '',
      url,
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    if (request.method === 'POST' && url === '/v1/token') return answer(response, behaviour.token);
    if (request.method === 'GET' && url === `${LIST_PATH}?clusterId=${CLUSTER}`) {
      return answer(response, behaviour.list);
    }
    return answer(response, [404, { errorMessage: `no route ${request.method} ${url}` }]);
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runPing(stdin: string, environment: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [SCRIPT], {
      cwd: workDir,
      env: { PATH: process.env['PATH'] ?? '', ...environment },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function configuration(apiPort: number, secret = 'client-secret-1'): Record<string, string> {
  return {
    'API Root': `http://127.0.0.1:${apiPort}`,
    'Client ID': 'client-id-1',
    'Client Secret': secret,
    'Cluster ID': CLUSTER,
    'Verify SSL': 'true',
  };
}

function context(apiPort: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ integration_configuration: configuration(apiPort), ...extra });
}

/** The one result object, checking stdout holds exactly one JSON line. */
function resultOf(run: Run): Record<string, unknown> {
  const lines = run.stdout.split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toBe('');
  const result = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  expect(`${JSON.stringify(result)}\n`).toBe(run.stdout);
  expect(Object.keys(result)).toStrictEqual([
    'Message',
    'ResultValue',
    'ExecutionState',
    'ResultObjectJson',
    'DebugOutput',
  ]);
  return result;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ready) => probe.listen(0, '127.0.0.1', ready));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise<void>((closed) => probe.close(() => closed()));
  return free;
}

beforeAll(async () => {
  await ensureBuilt();
  workDir = mkdtempSync(join(tmpdir(), 'ping-script-'));
  server = createServer(handle);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  port = (server.address() as AddressInfo).port;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((closed) => server.close(() => closed()));
  rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  behaviour = OK;
  seen = [];
});

describe('dist/actions/ping.js', () => {
  it('succeeds: the exact message, ResultValue true, state 0, exit code 0', async () => {
    const run = await runPing(context(port));

    expect(resultOf(run)).toStrictEqual({
      Message: PING_OK,
      ResultValue: true,
      ExecutionState: 0,
      ResultObjectJson: '{}',
      DebugOutput: '',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(seen.map(({ method, url }) => `${method} ${url}`)).toStrictEqual([
      'POST /v1/token',
      `GET ${LIST_PATH}?clusterId=${CLUSTER}`,
    ]);
    expect(seen[0]?.body).toBe(
      'grant_type=client_credentials&client_id=client-id-1&client_secret=client-secret-1',
    );
    expect(seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[1]?.headers.authorization).toBe(`Bearer ${CANARY_TOKEN}`);
  });

  it('succeeds with empty stdin and the PROOFPOINT_* environment', async () => {
    const run = await runPing('', {
      PROOFPOINT_API_ROOT: `http://127.0.0.1:${port}/api/v1/`,
      PROOFPOINT_CLIENT_ID: 'env-client',
      PROOFPOINT_CLIENT_SECRET: 'env-secret',
      PROOFPOINT_CLUSTER_ID: CLUSTER,
    });

    expect(resultOf(run)).toMatchObject({ Message: PING_OK, ExecutionState: 0 });
    expect(run.code).toBe(0);
    expect(seen[0]?.body).toContain('client_id=env-client');
  });

  it('fails on bad credentials (401 from the token endpoint): exit code 2', async () => {
    behaviour = { ...OK, token: [401, { errorMessage: 'invalid client credentials' }] };

    const run = await runPing(context(port));
    const result = resultOf(run);

    expect(result['Message']).toBe(
      `${PING_FAILED}requesting a token from 127.0.0.1:${port} failed with HTTP 401: ` +
        'invalid client credentials (check the Client ID and Client Secret)',
    );
    expect(result).toMatchObject({ ResultValue: false, ExecutionState: 2 });
    expect(run.code).toBe(2);
  });

  it('fails on a 403 from the list (cluster not entitled): exit code 2', async () => {
    behaviour = { ...OK, list: [403, { errorMessage: 'forbidden' }] };

    const run = await runPing(context(port));
    const message = String(resultOf(run)['Message']);

    expect(message.startsWith(PING_FAILED)).toBe(true);
    expect(message).toContain('failed with HTTP 403: forbidden');
    expect(run.code).toBe(2);
  });

  it('fails on an unreachable port: "could not connect to 127.0.0.1:<port>"', async () => {
    const unreachable = await closedPort();

    const run = await runPing(context(unreachable));

    expect(resultOf(run)).toMatchObject({
      Message: `${PING_FAILED}could not connect to 127.0.0.1:${unreachable} (ECONNREFUSED)`,
      ResultValue: false,
      ExecutionState: 2,
    });
    expect(run.code).toBe(2);
  });

  it.each([
    ['not json', 'the action context on standard input is not valid JSON'],
    ['[]', 'the action context on standard input must be a JSON object'],
  ])('fails on stdin %j: exit code 2, nothing sent', async (stdin, reason) => {
    const run = await runPing(stdin);

    expect(resultOf(run)).toMatchObject({
      Message: `${PING_FAILED}${reason}`,
      ResultValue: false,
      ExecutionState: 2,
    });
    expect(run.code).toBe(2);
    expect(seen).toStrictEqual([]);
  });

  it('times out (state 3, exit code 3) when the deadline is too near to start', async () => {
    const run = await runPing(context(port, { execution_deadline_unix_time_ms: Date.now() + 500 }));

    expect(resultOf(run)).toMatchObject({ ResultValue: false, ExecutionState: 3 });
    expect(run.code).toBe(3);
    expect(seen).toStrictEqual([]);
  });

  it.each<[string, Behaviour]>([
    ['success', OK],
    ['a 401 from the list, twice', { ...OK, list: [401, { errorMessage: 'invalid token' }] }],
    ['a 401 from the token endpoint', { ...OK, token: [401, { errorMessage: 'bad client' }] }],
    [
      'an error that echoes the credentials',
      { ...OK, list: [400, { errorMessage: `echo ${CANARY_TOKEN} ${CANARY_SECRET}` }] },
    ],
  ])('never writes the secret or the token to stdout or stderr: %s', async (_label, served) => {
    behaviour = served;
    const stdin = JSON.stringify({
      integration_configuration: configuration(port, CANARY_SECRET),
    });

    const run = await runPing(stdin, { PROOFPOINT_LOG_LEVEL: 'debug' });

    resultOf(run);
    expect(run.stderr).toContain('DEBUG POST /v1/token');
    expect(seen[0]?.body).toContain(CANARY_SECRET);
    for (const output of [run.stdout, run.stderr]) {
      expect(output).not.toContain(CANARY_SECRET);
      expect(output).not.toContain(CANARY_TOKEN);
    }
  });
});
