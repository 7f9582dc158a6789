/**
 * The action's deadline (`execution_deadline_unix_time_ms`). SecOps kills a script that overruns,
 * losing its report, so calls stop starting while there is still time to finish and report.
 */

/** No new call starts with less than this left. */
export const START_MARGIN_MS = 2_000;
/** A call in flight is cut off this long before the deadline. */
export const FINISH_MARGIN_MS = 500;

export class Deadline {
  constructor(
    readonly atUnixMs: number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  remainingMs(): number {
    return this.atUnixMs === undefined ? Number.POSITIVE_INFINITY : this.atUnixMs - this.now();
  }

  /** Whether a call may start after waiting `waitMs`. */
  allowsStart(waitMs = 0): boolean {
    return this.remainingMs() - waitMs > START_MARGIN_MS;
  }

  /** `timeoutMs`, shortened so that the call ends before the deadline. */
  capTimeoutMs(timeoutMs: number): number {
    return Math.max(1, Math.min(timeoutMs, this.remainingMs() - FINISH_MARGIN_MS));
  }
}

export const NO_DEADLINE = new Deadline(undefined);
