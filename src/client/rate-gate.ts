/**
 * Paces the calls of one client after the API starts answering 429. Proofpoint publishes no limit
 * headers, so the gate learns one: after a 429 every call waits out a pause, and later calls are
 * spread so that no more start per window than succeeded before the limit was hit.
 *
 * Calls are told apart by epoch, the number of limits counted when they started: the answers of
 * calls already in flight when a 429 arrives belong to the old epoch and count for nothing, so a
 * burst of 429s counts once and a late success does not skew the measured rate.
 */
import type { Clock } from './clock.ts';
import type { Deadline } from './deadline.ts';
import { DeadlineError } from './errors.ts';
import { rateLimitPauseMs, rateLimitWindowMs } from './retry-policy.ts';

/** Spacing is kept a little wider than measured, so a window boundary does not trip the limit. */
const SPACING_SAFETY = 1.05;

export class RateGate {
  #epoch = 0;
  #pausedUntilMs = 0;
  #spacingMs = 0;
  #nextStartMs = 0;
  #successesInEpoch = 0;
  #consecutiveLimits = 0;

  constructor(
    private readonly clock: Clock,
    private readonly random: () => number,
  ) {}

  get spacingMs(): number {
    return this.#spacingMs;
  }

  /**
   * Waits for this call's turn and returns the epoch it starts in. A limit hit while the call
   * waited means a new pause, so the call queues again rather than send into it.
   */
  async acquire(deadline: Deadline, mayHaveLanded: boolean): Promise<number> {
    for (;;) {
      const epoch = this.#epoch;
      const nowMs = this.clock.now();
      const startMs = Math.max(nowMs, this.#pausedUntilMs, this.#nextStartMs);
      const waitMs = startMs - nowMs;
      if (!deadline.allowsStart(waitMs)) {
        throw new DeadlineError(
          'the deadline came before the rate limit allowed this call',
          mayHaveLanded,
        );
      }

      this.#nextStartMs = startMs + this.#spacingMs;
      if (waitMs > 0) await this.clock.sleep(waitMs);
      if (this.#epoch === epoch) return epoch;
    }
  }

  recordSuccess(epoch: number): void {
    if (epoch !== this.#epoch) return;

    this.#successesInEpoch += 1;
    this.#consecutiveLimits = 0;
  }

  recordRateLimited(epoch: number): void {
    if (epoch !== this.#epoch) return;

    this.#epoch += 1;
    this.#consecutiveLimits += 1;
    const nowMs = this.clock.now();
    const pauseMs = rateLimitPauseMs(this.#consecutiveLimits, this.random);

    // A 429 with no success since the last one says the pause was short, not the spacing.
    if (this.#successesInEpoch > 0) {
      const windowMs = rateLimitWindowMs(this.#consecutiveLimits);
      const measuredMs = (windowMs / this.#successesInEpoch) * SPACING_SAFETY;
      this.#spacingMs = Math.max(this.#spacingMs, Math.round(measuredMs));
    }
    this.#pausedUntilMs = Math.max(this.#pausedUntilMs, nowMs + pauseMs);
    this.#successesInEpoch = 0;
  }
}
