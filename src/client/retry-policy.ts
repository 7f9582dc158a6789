/**
 * When and how long to wait before trying a call again. Proofpoint answers 429 without
 * `Retry-After`, so every wait is computed here: exponential, capped, with jitter so that
 * parallel scripts do not retry in step.
 */
import { ApiError, ConnectionError, RateLimitError, TimeoutError } from './errors.ts';

export const RETRY_POLICY = {
  /** Tries after the first for 5xx, timeouts and dropped connections. */
  maxRetries: 3,
  /** Tries after the first for 429; the rate gate spaces them, the deadline bounds them. */
  maxRateLimitRetries: 8,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  /** The first pause after a 429; the documented limit is per minute, so it grows to half one. */
  rateLimitBaseDelayMs: 1_000,
  rateLimitMaxDelayMs: 30_000,
} as const;

export function isRetryable(error: unknown): boolean {
  if (error instanceof RateLimitError || error instanceof TimeoutError) return true;
  if (error instanceof ConnectionError) return error.retryable;

  return error instanceof ApiError && error.status >= 500;
}

/** Wait before retry number `retry` (1-based): half fixed, half random ("equal jitter"). */
export function backoffDelayMs(
  retry: number,
  random: () => number,
  baseDelayMs: number = RETRY_POLICY.baseDelayMs,
  maxDelayMs: number = RETRY_POLICY.maxDelayMs,
): number {
  const ceilingMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));

  return Math.round(ceilingMs / 2 + (random() * ceilingMs) / 2);
}

/**
 * The window the API most likely counts in after the `limitCount`-th 429 in a row: one second,
 * doubling, up to the cap. The gate spaces calls by it.
 */
export function rateLimitWindowMs(limitCount: number): number {
  const windowMs = RETRY_POLICY.rateLimitBaseDelayMs * 2 ** (limitCount - 1);

  return Math.min(RETRY_POLICY.rateLimitMaxDelayMs, windowMs);
}

/**
 * The pause after the `limitCount`-th 429 in a row. Jitter only lengthens it: a pause shorter
 * than the API's window would be answered 429 again.
 */
export function rateLimitPauseMs(limitCount: number, random: () => number): number {
  const pauseMs = rateLimitWindowMs(limitCount) * (1 + random() / 4);

  return Math.round(Math.min(RETRY_POLICY.rateLimitMaxDelayMs, pauseMs));
}
