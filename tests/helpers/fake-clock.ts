/** A clock for client tests: `sleep` records the wait and moves time on, without waiting. */
import type { Clock } from '../../src/client/clock.ts';

export interface FakeClock extends Clock {
  /** Every wait asked for, in order. */
  readonly sleeps: number[];
  advance(ms: number): void;
}

export const FAKE_START_MS = 1_767_225_600_000;

export function createFakeClock(startMs: number = FAKE_START_MS): FakeClock {
  let nowMs = startMs;
  const sleeps: number[] = [];

  return {
    sleeps,
    now: () => nowMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      nowMs += ms;
    },
    advance: (ms) => {
      nowMs += ms;
    },
  };
}
