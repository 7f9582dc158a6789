/**
 * Shared helpers for the list action tests: a nock-backed Proofpoint API that records every
 * request, a runner that parses the SecOps result, and fake timeouts for retry tests.
 */
import nock from 'nock';
import { expect, vi } from 'vitest';
import type { ListName } from '../../src/client/endpoints.ts';
import type { Action } from '../../src/runtime/action.ts';
import type { ActionResult } from '../../src/runtime/action-result.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { runAction } from '../../src/runtime/run-action.ts';

export const API_ROOT = 'https://pp.example.test';
export const TOKEN_PATH = '/v1/token';
export const LIST_PATH: Record<ListName, string> = {
  allow: '/api/v1/emailProtection/modules/spam/orgSafeList',
  block: '/api/v1/emailProtection/modules/spam/orgBlockList',
};
export const CLUSTER = 'acme_hosted';
export const TOKEN = 'tok-3f9a1c';
export const BEARER = `Bearer ${TOKEN}`;
export const TOKEN_FORM = 'grant_type=client_credentials&client_id=id&client_secret=secret';
export const DUPLICATE = 'error.api.emailprotection.lists.samelist.duplicate.entry';

export const CONFIG: Readonly<Record<string, string>> = {
  'API Root': API_ROOT,
  'Client ID': 'id',
  'Client Secret': 'secret',
  'Cluster ID': CLUSTER,
  'Verify SSL': 'true',
};

/** A stored entry as the API returns it; `comment` may be left out, as the API does. */
export interface StoredEntry {
  attribute: string;
  operator: string;
  value: string;
  comment?: string;
}

export interface ListRequest {
  method: string;
  list: ListName;
  path: string;
  /** Every query parameter, so an unexpected one shows up in a comparison. */
  query: Record<string, string>;
  authorization: string | null;
  contentType: string | null;
  /** The JSON body of a POST, `undefined` for a GET. */
  body: unknown;
}

export interface TokenRequest {
  contentType: string | null;
  authorization: string | null;
  body: string;
}

/** An answer: status and body, optionally after a real delay. */
export interface Answer {
  status: number;
  body?: unknown;
  delayMs?: number;
}

export interface FakeApiOptions {
  /** The entries each list's GET returns (default: none). */
  entries?: Partial<Record<ListName, readonly StoredEntry[]>>;
  /** The answer to a GET, when not the entries (e.g. an error). */
  onGet?: (list: ListName) => Answer;
  /** The answer to a POST to a list; by default 200. `index` counts POSTs from 0. */
  onPost?: (body: ListBody, list: ListName, index: number) => Answer;
  /** The answer of the token endpoint; by default a token. */
  onToken?: () => Answer;
}

export interface ListBody {
  action?: string;
  attribute?: string;
  operator?: string;
  value?: string;
  comment?: string;
}

export interface FakeApi {
  /** Every request to a list path, in the order they arrived. */
  readonly requests: ListRequest[];
  readonly tokenRequests: TokenRequest[];
  /** The most list calls that were in flight at once. */
  readonly maxInFlight: () => number;
  posts(): ListRequest[];
  gets(): ListRequest[];
}

export const okAnswer: Answer = { status: 200, body: {} };
export const duplicateAnswer: Answer = { status: 400, body: { errorMessage: DUPLICATE } };

/**
 * Intercepts the token endpoint and both list paths (every method, any query) on API_ROOT, and
 * records each request. Anything else on API_ROOT, or any other host, is refused by nock.
 */
export function fakeApi(options: FakeApiOptions = {}): FakeApi {
  const requests: ListRequest[] = [];
  const tokenRequests: TokenRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let postIndex = 0;

  nock(API_ROOT)
    .persist()
    .post(TOKEN_PATH)
    .reply(async (request: Request) => {
      tokenRequests.push({
        contentType: request.headers.get('content-type'),
        authorization: request.headers.get('authorization'),
        body: await request.text(),
      });
      const answer = options.onToken?.() ?? {
        status: 200,
        body: { access_token: TOKEN, token_type: 'bearer', expires_in: 3600 },
      };
      return [answer.status, answer.body ?? ''];
    });

  for (const list of ['allow', 'block'] as const) {
    const path = LIST_PATH[list];
    const handler = async (request: Request): Promise<[number, unknown]> => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        const url = new URL(request.url);
        const text = await request.text();
        const body = request.method === 'POST' ? parseJson(text) : undefined;
        requests.push({
          method: request.method,
          list,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          authorization: request.headers.get('authorization'),
          contentType: request.headers.get('content-type'),
          body,
        });

        const answer =
          request.method === 'POST'
            ? (options.onPost?.(body as ListBody, list, postIndex++) ?? okAnswer)
            : (options.onGet?.(list) ?? {
                status: 200,
                body: { entries: options.entries?.[list] ?? [] },
              });
        if (answer.delayMs !== undefined) await realDelay(answer.delayMs);
        return [answer.status, answer.body ?? ''];
      } finally {
        inFlight -= 1;
      }
    };

    nock(API_ROOT).persist().get(path).query(true).reply(handler);
    nock(API_ROOT).persist().post(path).query(true).reply(handler);
  }

  return {
    requests,
    tokenRequests,
    maxInFlight: () => maxInFlight,
    posts: () => requests.filter((request) => request.method === 'POST'),
    gets: () => requests.filter((request) => request.method === 'GET'),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The request a list call should have made, for exact comparisons. */
export function listCall(
  method: 'GET' | 'POST',
  list: ListName,
  body?: ListBody,
  clusterId: string = CLUSTER,
): ListRequest {
  return {
    method,
    list,
    path: LIST_PATH[list],
    query: { clusterId },
    authorization: BEARER,
    contentType: method === 'POST' ? 'application/json' : null,
    body,
  };
}

export function addCall(
  list: ListName,
  entry: { attribute: string; operator: string; value: string; comment?: string },
  clusterId: string = CLUSTER,
): ListRequest {
  return listCall('POST', list, { action: 'add', ...entry }, clusterId);
}

export function deleteCall(
  list: ListName,
  entry: { attribute: string; operator: string; value: string },
  clusterId: string = CLUSTER,
): ListRequest {
  return listCall('POST', list, { action: 'delete', ...entry }, clusterId);
}

/** Requests in a stable order (by JSON), for calls sent concurrently. */
export function sorted(requests: readonly ListRequest[]): ListRequest[] {
  return [...requests].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

export interface RunOptions {
  parameters?: Record<string, unknown>;
  /** Replaces the integration configuration; `null` leaves the key out of the context. */
  config?: Record<string, unknown> | null;
  deadlineUnixMs?: number;
  environment?: NodeJS.ProcessEnv;
  /** Replaces the whole standard input. */
  stdin?: string;
}

export interface Run {
  result: ActionResult;
  /** The JSON result (RawJson parsed), or `undefined` when the result has none. */
  json: unknown;
}

export function contextOf(options: RunOptions = {}): string {
  return JSON.stringify({
    parameters: options.parameters ?? {},
    ...(options.config === null ? {} : { integration_configuration: options.config ?? CONFIG }),
    ...(options.deadlineUnixMs === undefined
      ? {}
      : { execution_deadline_unix_time_ms: options.deadlineUnixMs }),
  });
}

export async function run<P>(action: Action<P>, options: RunOptions = {}): Promise<Run> {
  const logger = createLogger({ level: 'warn', write: () => {} });
  const result = await runAction(action, {
    stdin: options.stdin ?? contextOf(options),
    environment: options.environment ?? {},
    logger,
  });
  return { result, json: jsonResultOf(result) };
}

/** Checks the `ResultObjectJson` envelope and returns the parsed `RawJson`. */
export function jsonResultOf(result: ActionResult): unknown {
  const envelope: unknown = JSON.parse(result.ResultObjectJson);
  if (result.ResultObjectJson === '{}') return undefined;

  expect(envelope).toEqual({ JsonResult: { Title: 'JsonResult', RawJson: expect.any(String) } });
  const raw = (envelope as { JsonResult: { RawJson: string } }).JsonResult.RawJson;
  return JSON.parse(raw);
}

/** Asserts a failed run with exactly this message and no JSON result. */
export function expectFailure(runResult: Run, message: string): void {
  expect(runResult.result).toEqual({
    Message: message,
    ResultValue: false,
    ExecutionState: 2,
    ResultObjectJson: '{}',
    DebugOutput: expect.any(String),
  });
}

/**
 * Runs `start` with `setTimeout` faked, moving fake time on until it settles, so retry back-offs
 * and rate-limit pauses cost no real time. `Date` stays real (the deadline is not affected).
 */
export async function withFakeTimeouts<T>(start: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    let settled = false;
    const promise = start();
    promise.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    while (!settled) {
      await vi.advanceTimersByTimeAsync(100);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return await promise;
  } finally {
    vi.useRealTimers();
  }
}
