/**
 * End-to-end helpers: the built action scripts run as real child processes against the in-process
 * emulator. Every run uses the canary credentials and debug logging, and every run's output is
 * checked for the secret and anything shaped like a token or a bearer credential.
 */
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import {
  type EmulatorClient,
  type EmulatorOptions,
  type IntegrationConfiguration,
  type ListEntry,
  type ListName,
  type RunningEmulator,
  startEmulator,
} from '../../emulator/create-emulator.ts';
import { ROOT, type ScriptName, scriptPath } from '../helpers/built-scripts.ts';

export { ensureBuilt, SCRIPT_NAMES, type ScriptName } from '../helpers/built-scripts.ts';

export const CANARY_SECRET = 'CANARY-SECRET-e2e-51c9';
export const CLIENT_ID = 'e2e-client';
export const CLUSTER = 'e2e_hosted';
export const CANARY_CLIENT: EmulatorClient = {
  clientId: CLIENT_ID,
  clientSecret: CANARY_SECRET,
  clusters: [CLUSTER],
};

export const TOKEN_PATH = '/v1/token';
export const LIST_PATHS: Record<ListName, string> = {
  allow: '/api/v1/emailProtection/modules/spam/orgSafeList',
  block: '/api/v1/emailProtection/modules/spam/orgBlockList',
};

/** The emulator's tokens are 32 random bytes in base64url: 43 characters of [A-Za-z0-9_-]. */
export const TOKEN_SHAPE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;
/** A bearer credential that was not masked. */
export const UNMASKED_BEARER = /Bearer\s+(?!\[REDACTED\])\S/i;

// ---------------------------------------------------------------------------------------------
// The emulator

/** An emulator whose only client holds the canary secret. */
export function startE2eEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ clients: [CANARY_CLIENT], ...options });
}

export function tokenRequests(emulator: RunningEmulator): number {
  return emulator.requests().filter((request) => request.path === TOKEN_PATH).length;
}

/** `[method, list, status]` of every list request, in arrival order. */
export function listCalls(emulator: RunningEmulator): [string, ListName, number][] {
  return emulator.requests().flatMap((request): [string, ListName, number][] => {
    const list = request.path === LIST_PATHS.allow ? 'allow' : 'block';
    return request.path === TOKEN_PATH ? [] : [[request.method, list, request.status]];
  });
}

/** Entries sorted by attribute, then value, then operator: for lists filled concurrently. */
export function sorted<T extends { attribute: string; value: string; operator?: string }>(
  entries: readonly T[],
): T[] {
  const key = (entry: T) => `${entry.attribute}\u0000${entry.value}\u0000${entry.operator ?? ''}`;
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function entry(
  attribute: string,
  value: string,
  operator = 'equal',
  comment = '',
): ListEntry {
  return { attribute, operator, value, comment };
}

// ---------------------------------------------------------------------------------------------
// Running a script

export interface ContextExtra {
  /** Replaces single integration parameters. */
  configuration?: Partial<Record<keyof IntegrationConfiguration, string>>;
  deadlineUnixMs?: number;
}

export interface ActionContext {
  parameters: Record<string, string>;
  integration_configuration: Record<string, string>;
  execution_deadline_unix_time_ms?: number;
}

export function contextFor(
  emulator: Pick<RunningEmulator, 'integrationConfiguration'>,
  parameters: Record<string, string>,
  extra: ContextExtra = {},
): ActionContext {
  const context: ActionContext = {
    parameters,
    integration_configuration: { ...emulator.integrationConfiguration, ...extra.configuration },
  };
  if (extra.deadlineUnixMs !== undefined) {
    context.execution_deadline_unix_time_ms = extra.deadlineUnixMs;
  }
  return context;
}

export interface ActionOutput {
  Message: string;
  ResultValue: boolean;
  ExecutionState: number;
  ResultObjectJson: string;
  DebugOutput: string;
}

export type ValueStatus =
  | 'added'
  | 'already_present'
  | 'removed'
  | 'not_found'
  | 'invalid'
  | 'failed'
  | 'not_attempted';

export interface ValueRecord {
  value: string;
  attribute: string;
  status: ValueStatus;
  reason?: string;
}

export interface ScriptRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  result: ActionOutput;
  /** `JsonResult.RawJson` parsed; undefined when `ResultObjectJson` is `{}`. */
  jsonResult: unknown;
  durationMs: number;
  /** Date.now() when the process exited. */
  exitedAtMs: number;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Kills the process after this long; default 30 s. */
  killAfterMs?: number;
  /** Further strings no output may hold, e.g. the tokens a relay saw. */
  secrets?: () => readonly string[];
}

/** The test's environment without proxy or PROOFPOINT_ settings, and with debug logs. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^PROOFPOINT_/i.test(name) || /^(https?|all|no)_proxy$/i.test(name)) continue;
    if (name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  return { ...env, PROOFPOINT_LOG_LEVEL: 'debug', ...extra };
}

/** Runs `node dist/actions/<name>.js` with `context` on standard input. */
export async function runScript(
  name: ScriptName,
  context: unknown,
  options: RunOptions = {},
): Promise<ScriptRun> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [scriptPath(name)], {
    cwd: ROOT,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 30_000);

  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve([code, signal]));
  });
  child.stdin.end(typeof context === 'string' ? context : JSON.stringify(context));
  const [exitCode, signal] = await exited.finally(() => clearTimeout(killer));
  const exitedAtMs = Date.now();
  const durationMs = performance.now() - startedAt;

  const out = Buffer.concat(stdout).toString('utf8');
  const err = Buffer.concat(stderr).toString('utf8');
  const result = parseOutput(name, out, err);
  const run: ScriptRun = {
    exitCode,
    signal,
    stdout: out,
    stderr: err,
    result,
    jsonResult: jsonResultOf(result),
    durationMs,
    exitedAtMs,
  };
  expectNoSecrets(run, options.secrets?.() ?? []);
  return run;
}

function parseOutput(name: string, stdout: string, stderr: string): ActionOutput {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== 1) {
    throw new Error(
      `${name} wrote ${lines.length} lines to stdout:\n${stdout}\nstderr:\n${stderr}`,
    );
  }
  const parsed = JSON.parse(lines[0] ?? '') as unknown;
  expect(parsed).toEqual({
    Message: expect.any(String),
    ResultValue: expect.any(Boolean),
    ExecutionState: expect.any(Number),
    ResultObjectJson: expect.any(String),
    DebugOutput: expect.any(String),
  });
  return parsed as ActionOutput;
}

function jsonResultOf(result: ActionOutput): unknown {
  const object = JSON.parse(result.ResultObjectJson) as Record<string, unknown>;
  if (Object.keys(object).length === 0) return undefined;

  expect(Object.keys(object)).toEqual(['JsonResult']);
  const jsonResult = object['JsonResult'] as Record<string, unknown>;
  expect(jsonResult['Title']).toBe('JsonResult');
  const raw = jsonResult['RawJson'];
  if (typeof raw !== 'string') throw new Error('JsonResult.RawJson is not a string');
  return JSON.parse(raw) as unknown;
}

/** Neither output stream holds the canary secret, a token-shaped string, or a bearer value. */
export function expectNoSecrets(run: ScriptRun, secrets: readonly string[] = []): void {
  for (const [stream, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const) {
    for (const secret of [CANARY_SECRET, ...secrets]) {
      expect(text.includes(secret), `${stream} holds the secret ${secret}`).toBe(false);
    }
    expect(TOKEN_SHAPE.exec(text)?.[0], `${stream} holds a token-shaped string`).toBeUndefined();
    expect(UNMASKED_BEARER.exec(text)?.[0], `${stream} holds a bearer value`).toBeUndefined();
  }
}

/** The JSON result as per-value records, checked for shape. */
export function valueRecords(run: ScriptRun): ValueRecord[] {
  const records = run.jsonResult;
  if (!Array.isArray(records)) throw new Error(`the JSON result is not an array: ${run.stdout}`);
  for (const record of records) {
    expect(record).toEqual({
      value: expect.any(String),
      attribute: expect.any(String),
      status: expect.stringMatching(
        /^(added|already_present|removed|not_found|invalid|failed|not_attempted)$/,
      ),
      ...('reason' in (record as object) ? { reason: expect.any(String) } : {}),
    });
  }
  return records as ValueRecord[];
}

export function statusCounts(
  records: readonly ValueRecord[],
): Partial<Record<ValueStatus, number>> {
  const counts: Partial<Record<ValueStatus, number>> = {};
  for (const { status } of records) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/**
 * Every requested value is reported exactly once, and the list agrees with the report: values
 * added or already present are on it; invalid, failed and not attempted ones are not.
 */
export function expectAddsAccounted(
  records: readonly ValueRecord[],
  requested: readonly string[],
  listAfter: readonly ListEntry[],
): void {
  expect(records.map((record) => record.value).sort()).toEqual([...requested].sort());

  for (const record of records) {
    const onList = listAfter.some(
      (stored) => stored.value === record.value && stored.attribute === record.attribute,
    );
    const shouldBe = record.status === 'added' || record.status === 'already_present';
    expect(onList, `${record.attribute} ${record.value} (${record.status}) on the list`).toBe(
      shouldBe,
    );
  }
}

/** The message line `summariseOutcomes` writes for one status group. */
export function groupLine(heading: string, records: readonly ValueRecord[]): string {
  const described = records.map((record) =>
    record.reason === undefined ? record.value : `${record.value} (${record.reason})`,
  );
  return `${heading} (${records.length}): ${described.join(', ')}.`;
}

/** A closed port on loopback: listened on, then closed. */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
