/**
 * The Proofpoint Threat Protection client: tokens, the list endpoints, retries, rate limiting and
 * error mapping. Actions see entries and typed errors, never HTTP.
 */
import * as z from 'zod/mini';
import type { Logger } from '../runtime/logger.ts';
import {
  apiMessageOf,
  DUPLICATE_ENTRY_MESSAGE,
  type ListEntry,
  listResponseSchema,
  parseJsonOrUndefined,
} from './api-schemas.ts';
import { type Clock, systemClock } from './clock.ts';
import { type Deadline, NO_DEADLINE } from './deadline.ts';
import { type Endpoints, type ListName, listUrl, resolveEndpoints } from './endpoints.ts';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  DeadlineError,
  RateLimitError,
  UnexpectedResponseError,
} from './errors.ts';
import { RateGate } from './rate-gate.ts';
import { backoffDelayMs, isRetryable, RETRY_POLICY, rateLimitPauseMs } from './retry-policy.ts';
import { TokenProvider } from './token-provider.ts';
import {
  createTransport,
  type HttpRequest,
  type HttpResponse,
  type Transport,
} from './transport.ts';

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface ClientOptions {
  apiRoot: string;
  clientId: string;
  clientSecret: string;
  verifySsl: boolean;
  /** Overrides the token URL derived from the API Root (`PROOFPOINT_AUTH_URL`). */
  authUrl?: string;
  requestTimeoutMs?: number;
  deadline?: Deadline;
  logger?: Logger;
  transport?: Transport;
  clock?: Clock;
  random?: () => number;
}

export type AddOutcome = 'added' | 'already_present';

interface Call {
  method: 'GET' | 'POST';
  url: string;
  operation: string;
  body?: string;
  /** Told before each retry, with the error that caused it. */
  onRetry?: (error: Error) => void;
}

export class ProofpointClient {
  readonly #endpoints: Endpoints;
  readonly #transport: Transport;
  readonly #tokens: TokenProvider;
  readonly #gate: RateGate;
  readonly #deadline: Deadline;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #timeoutMs: number;
  readonly #logger: Logger | undefined;

  constructor(private readonly options: ClientOptions) {
    this.#endpoints = resolveEndpoints(options.apiRoot, options.authUrl);
    this.#transport = options.transport ?? createTransport({ verifySsl: options.verifySsl });
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#deadline = options.deadline ?? NO_DEADLINE;
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#logger = options.logger;
    this.#gate = new RateGate(this.#clock, this.#random);
    this.#tokens = new TokenProvider(
      () => this.#requestToken(),
      () => this.#clock.now(),
      (token) => this.#logger?.addSecret(token),
    );
    this.#logger?.addSecret(options.clientSecret);
  }

  async getEntries(list: ListName, clusterId: string): Promise<ListEntry[]> {
    const response = await this.#callApi({
      method: 'GET',
      url: withCluster(listUrl(this.#endpoints, list), clusterId),
      operation: `reading the ${list} list`,
    });

    const parsed = z.safeParse(listResponseSchema, parseJsonOrUndefined(response.body));
    if (!parsed.success) {
      throw new UnexpectedResponseError(`the ${list} list response is not {"entries": [...]}`);
    }
    return parsed.data.entries;
  }

  /** Adds one entry; an entry already on the list is reported, not treated as an error. */
  async addEntry(list: ListName, clusterId: string, entry: ListEntry): Promise<AddOutcome> {
    // After a 5xx, timeout or dropped connection the earlier try may have landed, so a duplicate
    // answer to the retry most likely means that try added the entry.
    let mayHaveLanded = false;
    const { attribute, operator, value, comment } = entry;
    const body = {
      action: 'add',
      attribute,
      operator,
      value,
      ...(comment === '' ? {} : { comment }),
    };

    try {
      await this.#callApi({
        method: 'POST',
        url: withCluster(listUrl(this.#endpoints, list), clusterId),
        operation: `adding ${attribute} ${value} to the ${list} list`,
        body: JSON.stringify(body),
        onRetry: (error) => {
          mayHaveLanded ||= mayHaveChanged(error);
        },
      });
      return 'added';
    } catch (error) {
      if (!isDuplicateEntryError(error)) throw error;
      return mayHaveLanded ? 'added' : 'already_present';
    }
  }

  /** Deletes the entry with exactly this attribute, operator and value. */
  async deleteEntry(list: ListName, clusterId: string, entry: ListEntry): Promise<void> {
    const { attribute, operator, value } = entry;
    await this.#callApi({
      method: 'POST',
      url: withCluster(listUrl(this.#endpoints, list), clusterId),
      operation: `removing ${attribute} ${value} from the ${list} list`,
      body: JSON.stringify({ action: 'delete', attribute, operator, value }),
    });
  }

  close(): void {
    this.#transport.close();
  }

  async #callApi(call: Call): Promise<HttpResponse> {
    let refreshedAfter401 = false;
    let mayHaveLanded = false;
    const retries = new RetryCounts();

    for (;;) {
      const token = await this.#tokens.getToken();
      const epoch = await this.#gate.acquire(this.#deadline, mayHaveLanded);

      const outcome = await this.#send(call, { Authorization: `Bearer ${token}` }).catch(
        (error: unknown) => error as Error,
      );
      if (!(outcome instanceof Error) && isSuccess(outcome)) {
        this.#gate.recordSuccess(epoch);
        return outcome;
      }

      // One fresh token after a 401: it may have expired or been revoked since it was issued.
      if (!(outcome instanceof Error) && outcome.status === 401 && !refreshedAfter401) {
        refreshedAfter401 = true;
        this.#tokens.invalidate(token);
        this.#logger?.info(`${call.operation}: HTTP 401, requesting a new token once`);
        continue;
      }

      const error = outcome instanceof Error ? outcome : errorForStatus(outcome, call.operation);
      if (error instanceof RateLimitError) this.#gate.recordRateLimited(epoch);
      mayHaveLanded ||= call.method === 'POST' && mayHaveChanged(error);
      await this.#waitBeforeRetry(call, error, retries, { gated: true, mayHaveLanded });
    }
  }

  async #requestToken(): Promise<unknown> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    const call: Call = {
      method: 'POST',
      url: this.#endpoints.tokenUrl,
      operation: `requesting a token from ${new URL(this.#endpoints.tokenUrl).host}`,
      body: form.toString(),
    };
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };

    const retries = new RetryCounts();

    for (;;) {
      if (!this.#deadline.allowsStart()) {
        throw new DeadlineError('the deadline came before a token could be requested', false);
      }
      const outcome = await this.#send(call, headers).catch((error: unknown) => error as Error);
      if (!(outcome instanceof Error) && isSuccess(outcome))
        return parseJsonOrUndefined(outcome.body);

      const error = outcome instanceof Error ? outcome : tokenError(outcome, call.operation);
      await this.#waitBeforeRetry(call, error, retries, { gated: false, mayHaveLanded: false });
    }
  }

  /**
   * Rethrows `error` unless the policy and the deadline allow another try. 429s and other
   * failures count against separate budgets, so a rate-limited run keeps its 5xx retries.
   * @param gated whether the rate gate holds the next try back after a 429 (list calls), or
   *   this wait must (token requests).
   * @param mayHaveLanded whether an earlier try may have changed the list.
   */
  async #waitBeforeRetry(
    call: Call,
    error: Error,
    retries: RetryCounts,
    { gated, mayHaveLanded }: { gated: boolean; mayHaveLanded: boolean },
  ): Promise<void> {
    const isRateLimit = error instanceof RateLimitError;
    const retry = retries.next(isRateLimit);
    const maxRetries = isRateLimit ? RETRY_POLICY.maxRateLimitRetries : RETRY_POLICY.maxRetries;
    if (!isRetryable(error) || retry > maxRetries) throw error;

    const delayMs = retryDelayMs(error, retry, gated, this.#random);
    if (!this.#deadline.allowsStart(delayMs)) {
      const message = `${error.message}; the deadline left no time to retry`;
      throw new DeadlineError(message, mayHaveLanded);
    }

    // API and timeout errors name the call already; a connection error names only the host.
    const what = error instanceof ConnectionError ? `${call.operation}: ` : '';
    this.#logger?.warn(`${what}${error.message}; retry ${retry} of ${maxRetries}`);
    call.onRetry?.(error);
    if (delayMs > 0) await this.#clock.sleep(delayMs);
  }

  #send(call: Call, headers: Record<string, string>): Promise<HttpResponse> {
    const request: HttpRequest = {
      method: call.method,
      url: call.url,
      headers: {
        Accept: 'application/json',
        ...(call.method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      timeoutMs: this.#deadline.capTimeoutMs(this.#timeoutMs),
      operation: call.operation,
      ...(call.body === undefined ? {} : { body: call.body }),
    };
    const startedAtMs = this.#clock.now();

    return this.#transport.send(request).then((response) => {
      const elapsedMs = this.#clock.now() - startedAtMs;
      const path = new URL(call.url).pathname;
      this.#logger?.debug(`${call.method} ${path} → ${response.status} in ${elapsedMs} ms`);
      return response;
    });
  }
}

function retryDelayMs(error: Error, retry: number, gated: boolean, random: () => number): number {
  if (!(error instanceof RateLimitError)) return backoffDelayMs(retry, random);

  // After a 429 the rate gate holds list calls back; token requests wait here.
  return gated ? 0 : rateLimitPauseMs(retry, random);
}

/** Tries so far after 429s and after other retryable failures, counted apart. */
class RetryCounts {
  #rateLimited = 0;
  #failed = 0;

  /** Counts one more retry of the given kind and returns its number (1-based). */
  next(isRateLimit: boolean): number {
    if (isRateLimit) {
      this.#rateLimited += 1;
      return this.#rateLimited;
    }
    this.#failed += 1;
    return this.#failed;
  }
}

export function isDuplicateEntryError(error: unknown): boolean {
  return error instanceof ApiError && error.apiMessage === DUPLICATE_ENTRY_MESSAGE;
}

function isSuccess(response: HttpResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** Whether a failed try may still have reached the list: no answer, or a 5xx. */
function mayHaveChanged(error: Error): boolean {
  return isRetryable(error) && !(error instanceof RateLimitError);
}

/** The token endpoint answers bad credentials with 400 or 401 (OAuth `invalid_client`). */
function tokenError(response: HttpResponse, operation: string): ApiError {
  const { status } = response;
  if (status >= 400 && status < 500 && status !== 429) {
    return new AuthenticationError(status, apiMessageOf(response.body), operation);
  }
  return errorForStatus(response, operation);
}

function errorForStatus(response: HttpResponse, operation: string): ApiError {
  const apiMessage = apiMessageOf(response.body);
  if (response.status === 429) return new RateLimitError(429, apiMessage, operation);
  if (response.status === 401 || response.status === 403) {
    return new AuthenticationError(response.status, apiMessage, operation);
  }

  return new ApiError(response.status, apiMessage, operation);
}

function withCluster(url: string, clusterId: string): string {
  return `${url}?${new URLSearchParams({ clusterId }).toString()}`;
}
