/** Fixed windows per client: a window opens with a client's first request and lasts windowMs. */

export interface RateLimit {
  requests: number;
  windowMs: number;
}

export const RATE_LIMIT_MESSAGE = 'Rate limit exceeded';

export class RateLimiter {
  #limit: RateLimit | undefined;
  readonly #windows = new Map<string, { startMs: number; count: number }>();

  constructor(
    limit: RateLimit | undefined,
    private readonly clock: () => number,
  ) {
    this.set(limit);
  }

  /** Starts every client on a fresh window; `undefined` turns the limit off. */
  set(limit: RateLimit | undefined): void {
    if (limit !== undefined) assertValidLimit(limit);

    this.#limit = limit === undefined ? undefined : { ...limit };
    this.#windows.clear();
  }

  /** Counts one request; false once the client is past the limit in its current window. */
  allow(clientId: string): boolean {
    const limit = this.#limit;
    if (limit === undefined) return true;

    const nowMs = this.clock();
    let window = this.#windows.get(clientId);
    if (window === undefined || nowMs >= window.startMs + limit.windowMs) {
      window = { startMs: nowMs, count: 0 };
      this.#windows.set(clientId, window);
    }

    window.count += 1;
    return window.count <= limit.requests;
  }
}

function assertValidLimit({ requests, windowMs }: RateLimit): void {
  if (!Number.isInteger(requests) || requests < 1) {
    throw new RangeError(`rate limit requests must be a positive integer, got ${requests}`);
  }
  if (!Number.isInteger(windowMs) || windowMs < 1) {
    throw new RangeError(`rate limit windowMs must be a positive integer, got ${windowMs}`);
  }
}
