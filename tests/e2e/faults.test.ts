/**
 * Faults the emulator injects while a built script runs as a process: 5xx, 429 bursts, dropped
 * connections, a revoked token, a failing token endpoint, a closed port and the action deadline.
 * After each, every value is accounted for and the list holds exactly what the result says.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ListEntry, RequestRecord, RunningEmulator } from '../../emulator/create-emulator.ts';
import {
  type ContextExtra,
  closedPort,
  contextFor,
  ensureBuilt,
  entry,
  expectAddsAccounted,
  groupLine,
  LIST_PATHS,
  listCalls,
  runScript,
  type ScriptRun,
  sorted,
  startE2eEmulator,
  statusCounts,
  TOKEN_PATH,
  tokenRequests,
  valueRecords,
} from './support.ts';

const ADDED_HEADING = 'Successfully added to the Proofpoint Threat Protection block list';
const NOT_ATTEMPTED_HEADING = 'Not attempted: the action deadline was near';

let emulator: RunningEmulator;
/** Called with every request the emulator has answered or dropped. */
let onAnswered: ((record: RequestRecord) => void) | undefined;

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(async () => {
  onAnswered = undefined;
  emulator = await startE2eEmulator({ onRequest: (record) => onAnswered?.(record) });
});
afterEach(async () => {
  await emulator.stop();
});

/** `count` sender addresses: `s01@evil.test`, `s02@evil.test`, … */
function senders(count: number): string[] {
  return Array.from(
    { length: count },
    (_, index) => `s${String(index + 1).padStart(2, '0')}@evil.test`,
  );
}

function addSenders(
  values: readonly string[],
  env: Record<string, string> = {},
  extra: ContextExtra = {},
): Promise<ScriptRun> {
  return runScript(
    'add-ioc-to-block-list',
    contextFor(emulator, { 'Sender Email Address': values.join(', ') }, extra),
    { env },
  );
}

const fromEntries = (values: readonly string[]): ListEntry[] =>
  values.map((value) => entry('$from', value));

/** Completed, every value added, and the block list holds exactly those values. */
function expectAllAdded(run: ScriptRun, values: readonly string[], inOrder: boolean): void {
  const records = valueRecords(run);
  expect(records).toEqual(values.map((value) => ({ value, attribute: '$from', status: 'added' })));
  expect(run.result.Message).toBe(groupLine(ADDED_HEADING, records));
  expect(run.result.ResultValue).toBe(true);
  expect(run.result.ExecutionState).toBe(0);
  expect(run.exitCode).toBe(0);
  const list = emulator.entries('block');
  expect(inOrder ? list : sorted(list)).toEqual(
    inOrder ? fromEntries(values) : sorted(fromEntries(values)),
  );
  expectAddsAccounted(records, values, list);
}

function postStatuses(): number[] {
  return listCalls(emulator)
    .filter(([method]) => method === 'POST')
    .map(([, , status]) => status);
}

function tokenStatuses(): number[] {
  return emulator
    .requests()
    .filter((request) => request.path === TOKEN_PATH)
    .map((request) => request.status);
}

/** A failed run changed nothing; a JSON result, if the run writes one, still names every value. */
function expectFailedRunAccounted(run: ScriptRun, values: readonly string[]): void {
  expect(run.exitCode).toBe(2);
  expect(run.result.ExecutionState).toBe(2);
  expect(run.result.ResultValue).toBe(false);
  expect(emulator.entries('block')).toEqual([]);
  if (run.jsonResult === undefined) return;

  const records = valueRecords(run);
  expectAddsAccounted(records, values, []);
  for (const record of records) expect(['failed', 'not_attempted']).toContain(record.status);
}

describe('server errors', () => {
  it('retries a 503 after an equal-jitter backoff and then adds every value', async () => {
    emulator.failNext(1, 503, { on: 'lists', method: 'POST' });
    const values = senders(3);

    const run = await addSenders(values, { PROOFPOINT_CONCURRENCY: '1' });

    expectAllAdded(run, values, true);
    expect(postStatuses()).toEqual([503, 200, 200, 200]);
    const posts = emulator.requests().filter((request) => request.path === LIST_PATHS.block);
    const backoffMs = (posts[1]?.at ?? 0) - (posts[0]?.at ?? 0);
    expect(backoffMs).toBeGreaterThanOrEqual(250);
    expect(backoffMs).toBeLessThan(1_000);
    const warning = run.stderr.split('\n').find((line) => line.includes(' WARN '));
    expect(warning).toContain(' WARN adding $from s01@evil.test to the block list failed with ');
    expect(warning).toMatch(/HTTP 503: Service Unavailable; retry 1 of 3$/);
    expect(tokenRequests(emulator)).toBe(1);
  }, 10_000);

  it('reports a value failed after 3 retries of a 500, and still adds the others', async () => {
    emulator.failNext(4, 500, { on: 'lists', method: 'POST' });
    const values = senders(3);

    const run = await addSenders(values, { PROOFPOINT_CONCURRENCY: '1' });

    const reason =
      'adding $from s01@evil.test to the block list failed with HTTP 500: Internal Server Error';
    const records = valueRecords(run);
    expect(records).toEqual([
      { value: 's01@evil.test', attribute: '$from', status: 'failed', reason },
      { value: 's02@evil.test', attribute: '$from', status: 'added' },
      { value: 's03@evil.test', attribute: '$from', status: 'added' },
    ]);
    expect(run.result.Message).toBe(
      `${groupLine(ADDED_HEADING, records.slice(1))}\n${groupLine('Failed', records.slice(0, 1))}`,
    );
    expect([run.exitCode, run.result.ExecutionState, run.result.ResultValue]).toEqual([
      0,
      0,
      false,
    ]);
    expect(postStatuses()).toEqual([500, 500, 500, 500, 200, 200]);
    expect(emulator.entries('block')).toEqual(fromEntries(values.slice(1)));
    expectAddsAccounted(records, values, emulator.entries('block'));
    // Three backoffs of 250–500, 500–1000 and 1000–2000 ms.
    expect(run.durationMs).toBeGreaterThanOrEqual(1_750);
  }, 15_000);
});

describe('rate limiting', () => {
  it('rides out bursts of 429 and adds all 12 values', async () => {
    emulator.setRateLimit({ requests: 5, windowMs: 1_000 });
    const values = senders(12);

    const run = await addSenders(values);

    expectAllAdded(run, values, false);
    const statuses = postStatuses();
    expect(statuses.filter((status) => status === 200)).toHaveLength(12);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(run.stderr).toContain('failed with HTTP 429: Rate limit exceeded; retry 1 of 8');
    expect(tokenRequests(emulator)).toBe(1);
  }, 20_000);
});

describe('dropped connections', () => {
  it('retries dropped token and list requests and adds every item once', async () => {
    emulator.dropNext(1, { on: 'token' });
    emulator.dropNext(2, { on: 'lists', method: 'POST' });
    const items = senders(4).map((value) => ({ attribute: '$from', operator: 'equal', value }));

    const run = await runScript(
      'add-entry-to-block-list',
      contextFor(emulator, { 'Blocklist Item': JSON.stringify(items) }),
    );

    expectAllAdded(
      run,
      items.map((item) => item.value),
      false,
    );
    expect(tokenStatuses()).toEqual([0, 200]);
    expect(postStatuses().sort((a, b) => a - b)).toEqual([0, 0, 200, 200, 200, 200]);
    expect(run.stderr).toContain('was dropped (ECONNRESET); retry 1 of 3');
  }, 15_000);

  it('retries a dropped read of the list, then removes the matches', async () => {
    await emulator.setEntries('block', [entry('$from', 'a@evil.test'), entry('$ip', '192.0.2.1')]);
    emulator.dropNext(1, { on: 'lists', method: 'GET' });

    const run = await runScript(
      'remove-entry-from-block-list',
      contextFor(emulator, { Value: 'a@evil.test' }),
    );

    expect(valueRecords(run)).toEqual([
      { value: 'a@evil.test', attribute: '$from', status: 'removed' },
    ]);
    expect([run.exitCode, run.result.ResultValue]).toEqual([0, true]);
    expect(run.result.Message).toBe(
      'Successfully removed from the Proofpoint Threat Protection block list (1): a@evil.test.',
    );
    expect(listCalls(emulator)).toEqual([
      ['GET', 'block', 0],
      ['GET', 'block', 200],
      ['POST', 'block', 200],
    ]);
    expect(emulator.entries('block')).toEqual([entry('$ip', '192.0.2.1')]);
  }, 10_000);
});

describe('a token revoked mid-run', () => {
  it('between two calls: one 401, one new token, every value added', async () => {
    let answeredPosts = 0;
    onAnswered = (record) => {
      if (record.path !== LIST_PATHS.block || record.method !== 'POST') return;
      answeredPosts += 1;
      if (answeredPosts === 2) emulator.revokeAllTokens();
    };
    const values = senders(5);

    const run = await addSenders(values, { PROOFPOINT_CONCURRENCY: '1' });

    expectAllAdded(run, values, true);
    expect(emulator.requests().map((request) => [request.path, request.status])).toEqual([
      [TOKEN_PATH, 200],
      [LIST_PATHS.block, 200],
      [LIST_PATHS.block, 200],
      [LIST_PATHS.block, 401],
      [TOKEN_PATH, 200],
      [LIST_PATHS.block, 200],
      [LIST_PATHS.block, 200],
      [LIST_PATHS.block, 200],
    ]);
    expect(run.stderr).toContain(
      'INFO adding $from s03@evil.test to the block list: HTTP 401, requesting a new token once',
    );
  }, 10_000);

  it('while concurrent adds are in flight: exactly one extra token request', async () => {
    emulator.setLatency(150);
    let revoked = false;
    onAnswered = (record) => {
      if (revoked || record.path !== LIST_PATHS.block || record.status !== 200) return;
      revoked = true;
      emulator.revokeAllTokens();
    };
    const values = senders(10);

    const run = await addSenders(values);

    expectAllAdded(run, values, false);
    expect(tokenStatuses()).toEqual([200, 200]);
    const statuses = postStatuses();
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((status) => status !== 200 && status !== 401)).toEqual([]);
  }, 15_000);
});

describe('the token endpoint', () => {
  it('retries a 500 from the token endpoint, then adds every value', async () => {
    emulator.failNext(1, 500, { on: 'token' });
    const values = senders(2);

    const run = await addSenders(values);

    expectAllAdded(run, values, false);
    expect(tokenStatuses()).toEqual([500, 200]);
  }, 10_000);

  it('backs off after a 429 from the token endpoint instead of retrying at once', async () => {
    emulator.failNext(1, 429, { on: 'token' });
    const values = senders(2);

    const run = await addSenders(values);

    expectAllAdded(run, values, false);
    expect(tokenStatuses()).toEqual([429, 200]);
    const tokenTimes = emulator
      .requests()
      .filter((request) => request.path === TOKEN_PATH)
      .map((request) => request.at);
    // The first pause after a 429 is 1000–1250 ms.
    expect((tokenTimes[1] ?? 0) - (tokenTimes[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
  }, 15_000);

  it('Ping fails on bad credentials, naming the 401 and the Client ID and Secret', async () => {
    const run = await runScript(
      'ping',
      contextFor(emulator, {}, { configuration: { 'Client Secret': 'not-the-secret' } }),
    );

    expect([run.exitCode, run.result.ExecutionState, run.result.ResultValue]).toEqual([
      2,
      2,
      false,
    ]);
    expect(run.result.Message).toBe(
      'Failed to connect to the Proofpoint Threat Protection server! Error is requesting a token ' +
        `from 127.0.0.1:${emulator.port} failed with HTTP 401: Invalid client credentials ` +
        '(check the Client ID and Client Secret)',
    );
    expect(tokenStatuses()).toEqual([401]);
    expect(listCalls(emulator)).toEqual([]);
  });

  it('a bulk add fails on bad credentials, asking for a token once', async () => {
    const values = senders(12);

    const run = await addSenders(values, {}, { configuration: { 'Client ID': 'nobody' } });

    expect(run.result.Message).toBe(
      'Error executing action "Add IOC to Block List". Reason: requesting a token from ' +
        `127.0.0.1:${emulator.port} failed with HTTP 401: Invalid client credentials ` +
        '(check the Client ID and Client Secret)',
    );
    expectFailedRunAccounted(run, values);
    expect(tokenStatuses()).toEqual([401]);
    expect(listCalls(emulator)).toEqual([]);
  });
});

describe('an unreachable API', () => {
  it('Ping fails at once on a closed port, naming the host and port', async () => {
    const port = await closedPort();

    const run = await runScript(
      'ping',
      contextFor(emulator, {}, { configuration: { 'API Root': `http://127.0.0.1:${port}` } }),
    );

    expect([run.exitCode, run.result.ExecutionState, run.result.ResultValue]).toEqual([
      2,
      2,
      false,
    ]);
    expect(run.result.Message).toBe(
      'Failed to connect to the Proofpoint Threat Protection server! Error is could not connect ' +
        `to 127.0.0.1:${port} (ECONNREFUSED)`,
    );
    // A refused connection is not retried, so no retry was logged.
    expect(run.stderr).not.toContain('retry');
  });

  it('a bulk add fails on a closed port with the failure message, sending nothing', async () => {
    const port = await closedPort();
    const values = senders(3);

    const run = await addSenders(
      values,
      {},
      { configuration: { 'API Root': `http://127.0.0.1:${port}` } },
    );

    expect(run.result.Message).toBe(
      'Error executing action "Add IOC to Block List". Reason: could not connect to ' +
        `127.0.0.1:${port} (ECONNREFUSED)`,
    );
    expectFailedRunAccounted(run, values);
    expect(run.stderr).not.toContain('retry');
  });
});

describe('the action deadline', () => {
  it('cuts a slow bulk add short: the rest not attempted, done before the deadline', async () => {
    emulator.setLatency(400);
    const values = senders(20);
    const deadlineUnixMs = Date.now() + 5_000;

    const run = await addSenders(values, { PROOFPOINT_CONCURRENCY: '1' }, { deadlineUnixMs });

    expect(run.exitedAtMs).toBeLessThan(deadlineUnixMs);
    expect([run.exitCode, run.result.ExecutionState, run.result.ResultValue]).toEqual([
      3,
      3,
      false,
    ]);
    const records = valueRecords(run);
    const added = records.filter((record) => record.status === 'added');
    const notAttempted = records.filter((record) => record.status === 'not_attempted');
    // One value at a time in order: a prefix is added, the rest never sent.
    expect(records).toEqual([...added, ...notAttempted]);
    expect(added.length).toBeGreaterThanOrEqual(1);
    expect(notAttempted.length).toBeGreaterThanOrEqual(5);
    expect(statusCounts(records)).toEqual({
      added: added.length,
      not_attempted: notAttempted.length,
    });
    expect(run.result.Message).toBe(
      `${groupLine(ADDED_HEADING, added)}\n${groupLine(NOT_ATTEMPTED_HEADING, notAttempted)}`,
    );
    expect(run.result.Message).toContain(`${NOT_ATTEMPTED_HEADING} (${notAttempted.length}):`);
    expect(emulator.entries('block')).toEqual(fromEntries(added.map((record) => record.value)));
    expectAddsAccounted(records, values, emulator.entries('block'));
    expect(postStatuses()).toEqual(added.map(() => 200));
    // No call started with 2000 ms or less to the deadline.
    for (const request of emulator.requests()) {
      expect(deadlineUnixMs - request.at).toBeGreaterThan(1_900);
    }
  }, 10_000);

  it('cuts a call in flight 500 ms before the deadline and reports it failed', async () => {
    // The token comes at once; every list call after it takes far longer than the time left.
    onAnswered = (record) => {
      if (record.path === TOKEN_PATH) emulator.setLatency(10_000);
    };
    const values = senders(3);
    const deadlineUnixMs = Date.now() + 5_000;

    const run = await addSenders(values, { PROOFPOINT_CONCURRENCY: '1' }, { deadlineUnixMs });

    expect(run.exitedAtMs).toBeLessThan(deadlineUnixMs);
    expect(run.exitedAtMs).toBeGreaterThanOrEqual(deadlineUnixMs - 1_000);
    expect([run.exitCode, run.result.ExecutionState, run.result.ResultValue]).toEqual([
      3,
      3,
      false,
    ]);
    const records = valueRecords(run);
    expect(records).toEqual([
      {
        value: 's01@evil.test',
        attribute: '$from',
        status: 'failed',
        reason: expect.stringMatching(
          new RegExp(
            '^adding \\$from s01@evil\\.test to the block list to 127\\.0\\.0\\.1:\\d+ ' +
              'timed out after \\d+ ms; the deadline left no time to retry$',
          ),
        ),
      },
      { value: 's02@evil.test', attribute: '$from', status: 'not_attempted' },
      { value: 's03@evil.test', attribute: '$from', status: 'not_attempted' },
    ]);
    // Started with more than 2000 ms left, cut 500 ms before the deadline.
    const timeoutMs = Number(/after (\d+) ms/.exec(records[0]?.reason ?? '')?.[1]);
    expect(timeoutMs).toBeGreaterThan(1_500);
    expect(timeoutMs).toBeLessThanOrEqual(4_500);
    expect(emulator.entries('block')).toEqual([]);
    expectAddsAccounted(records, values, []);
  }, 10_000);
});
