/**
 * Paces the calls of one client after the API starts answering 429. Proofpoint publishes no limit
 * headers, so the gate learns one: after a 429 every call waits out a pause, and later calls are
 * spread so that no more start per pause than succeeded before the limit was hit.
 */
import type { Clock } from './clock.ts';
import type { Deadline } from './deadline.ts';
import { DeadlineError } from './errors.ts';
import { rateLimitPauseMs } from './retry-policy.ts';

/** Spacing is kept a little wider than measured, so a window boundary does not trip the limit. */
const SPACING_SAFETY = 1.05;

export class RateGate {
  #pausedUntilMs = 0;
  #spacingMs = 0;
  #nextStartMs = 0;
  #successesSinceLimit = 0;
  #consecutiveLimits = 0;
  #lastLimitAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly random: () => number,
  ) {}

  get spacingMs(): number {
    return this.#spacingMs;
  }

  /** Waits for this call's turn and returns when it started. */
  async acquire(deadline: Deadline, attempted: boolean): Promise<number> {
    const nowMs = this.clock.now();
    const startMs = Math.max(nowMs, this.#pausedUntilMs, this.#nextStartMs);
    const waitMs = startMs - nowMs;
    if (!deadline.allowsStart(waitMs)) {
      throw new DeadlineError(
        'the deadline came before the rate limit allowed this call',
        attempted,
      );
    }

    this.#nextStartMs = startMs + this.#spacingMs;
    if (waitMs > 0) await this.clock.sleep(waitMs);
    return startMs;
  }

  recordSuccess(): void {
    this.#successesSinceLimit += 1;
    this.#consecutiveLimits = 0;
  }

  /** @param startedAtMs when the limited call started; calls of one burst count once. */
  recordRateLimited(startedAtMs: number): void {
    if (startedAtMs < this.#lastLimitAtMs) return;

    this.#consecutiveLimits += 1;
    const pauseMs = rateLimitPauseMs(this.#consecutiveLimits, this.random);
    const nowMs = this.clock.now();

    // A 429 with no success since the last one says the pause was short, not the spacing.
    if (this.#successesSinceLimit > 0) {
      const measuredMs = (pauseMs / this.#successesSinceLimit) * SPACING_SAFETY;
      this.#spacingMs = Math.max(this.#spacingMs, Math.round(measuredMs));
    }
    this.#lastLimitAtMs = nowMs;
    this.#pausedUntilMs = Math.max(this.#pausedUntilMs, nowMs + pauseMs);
    this.#successesSinceLimit = 0;
  }
}
