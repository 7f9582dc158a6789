import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/client/deadline.ts';
import {
  ApiError,
  AuthenticationError,
  CertificateError,
  ConnectionError,
  DeadlineError,
  RateLimitError,
  TimeoutError,
  UnexpectedResponseError,
} from '../../src/client/errors.ts';
import { RateGate } from '../../src/client/rate-gate.ts';
import {
  backoffDelayMs,
  isRetryable,
  RETRY_POLICY,
  rateLimitPauseMs,
  rateLimitWindowMs,
} from '../../src/client/retry-policy.ts';
import { createFakeClock } from '../helpers/fake-clock.ts';

const constant = (value: number) => (): number => value;

describe('backoffDelayMs: equal jitter on 500·2^(n-1), capped at 8000', () => {
  it.each([
    [1, 0, 250],
    [1, 0.5, 375],
    [1, 0.999, 500],
    [2, 0, 500],
    [2, 0.5, 750],
    [3, 0.5, 1500],
    [4, 0.5, 3000],
    [5, 0, 4000],
    [5, 0.5, 6000],
    [6, 0, 4000],
    [6, 0.5, 6000],
    [20, 1, 8000],
  ])('retry %i with random() = %d waits %i ms', (retry, random, expected) => {
    expect(backoffDelayMs(retry, constant(random))).toBe(expected);
  });

  it('takes another base and ceiling', () => {
    expect(backoffDelayMs(3, constant(0.5), 100, 300)).toBe(225);
  });

  it('the ceiling is RETRY_POLICY.maxDelayMs', () => {
    expect(RETRY_POLICY.baseDelayMs).toBe(500);
    expect(RETRY_POLICY.maxDelayMs).toBe(8000);
  });
});

describe('rateLimitWindowMs: 1000·2^(n-1), capped at 30 s', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [5, 16_000],
    [6, 30_000],
    [9, 30_000],
  ])('the window after 429 number %i is %i ms', (count, expected) => {
    expect(rateLimitWindowMs(count)).toBe(expected);
  });
});

describe('rateLimitPauseMs: the window, lengthened up to a quarter, capped at 30 s', () => {
  it.each([
    [1, 0, 1000],
    [1, 0.5, 1125],
    [1, 0.999, 1250],
    [2, 0, 2000],
    [3, 0.5, 4500],
    [5, 0, 16_000],
    [5, 0.5, 18_000],
    [5, 0.999, 19_996],
    [6, 0, 30_000],
    [9, 0.5, 30_000],
  ])('the pause after 429 number %i with random() = %d is %i ms', (count, random, expected) => {
    expect(rateLimitPauseMs(count, constant(random))).toBe(expected);
  });
});

describe('isRetryable', () => {
  it.each<[string, unknown, boolean]>([
    ['HTTP 429', new RateLimitError(429, undefined, 'op'), true],
    ['HTTP 500', new ApiError(500, undefined, 'op'), true],
    ['HTTP 503', new ApiError(503, 'busy', 'op'), true],
    ['HTTP 400', new ApiError(400, undefined, 'op'), false],
    ['HTTP 404', new ApiError(404, undefined, 'op'), false],
    ['HTTP 401', new AuthenticationError(401, undefined, 'op'), false],
    ['HTTP 403', new AuthenticationError(403, undefined, 'op'), false],
    ['a timeout', new TimeoutError('op', 100), true],
    ['a dropped connection', new ConnectionError('dropped', 'ECONNRESET', true), true],
    ['a refused connection', new ConnectionError('refused', 'ECONNREFUSED', false), false],
    ['a certificate failure', new CertificateError('cert', 'CERT_HAS_EXPIRED', false), false],
    ['an unexpected response', new UnexpectedResponseError('odd'), false],
    ['a deadline', new DeadlineError('late', true), false],
    ['a plain Error', new Error('x'), false],
    ['a string', 'HTTP 500', false],
  ])('%s → %s', (_label, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('Deadline', () => {
  const NOW = 1_000_000;
  const at = (remainingMs: number | undefined) =>
    new Deadline(remainingMs === undefined ? undefined : NOW + remainingMs, () => NOW);

  it.each<[number | undefined, number, boolean]>([
    [undefined, 1e12, true],
    [2001, 0, true],
    [2000, 0, false],
    [1000, 0, false],
    [-5, 0, false],
    [3000, 999, true],
    [3000, 1000, false],
  ])('with %s ms left, a call after waiting %i ms may start: %s', (left, waitMs, allowed) => {
    expect(at(left).allowsStart(waitMs)).toBe(allowed);
  });

  it.each<[number | undefined, number, number]>([
    [undefined, 30_000, 30_000],
    [60_000, 30_000, 30_000],
    [10_000, 30_000, 9500],
    [400, 30_000, 1],
  ])('with %s ms left, a %i ms timeout is cut to %i ms', (left, timeoutMs, capped) => {
    expect(at(left).capTimeoutMs(timeoutMs)).toBe(capped);
  });

  it('counts down with the clock', () => {
    const clock = createFakeClock();
    const deadline = new Deadline(clock.now() + 5000, clock.now);
    clock.advance(1500);
    expect(deadline.remainingMs()).toBe(3500);
  });
});

describe('RateGate', () => {
  it('lets calls through at once until a 429', async () => {
    const clock = createFakeClock();
    const gate = new RateGate(clock, constant(0.5));
    const deadline = new Deadline(undefined);

    expect(await gate.acquire(deadline, false)).toBe(0);
    expect(await gate.acquire(deadline, false)).toBe(0);
    expect(clock.sleeps).toStrictEqual([]);
  });

  it('after a 429 pauses every call, then spaces them by the successes it saw', async () => {
    const clock = createFakeClock();
    const gate = new RateGate(clock, constant(0.5));
    const deadline = new Deadline(undefined);
    for (let i = 0; i < 4; i += 1) gate.recordSuccess(0);

    gate.recordRateLimited(0);

    // Pause 1000 · 1.125 = 1125 ms; 4 successes per 1000 ms window: round(250 · 1.05) = 263 ms.
    expect(gate.spacingMs).toBe(263);
    expect(await gate.acquire(deadline, true)).toBe(1);
    expect(await gate.acquire(deadline, true)).toBe(1);
    expect(await gate.acquire(deadline, true)).toBe(1);
    expect(clock.sleeps).toStrictEqual([1125, 263, 263]);
  });

  it('counts the 429s of one burst once', async () => {
    const clock = createFakeClock();
    const gate = new RateGate(clock, constant(0));
    const deadline = new Deadline(undefined);

    clock.advance(50);
    gate.recordRateLimited(0);
    clock.advance(10);
    gate.recordRateLimited(0); // a parallel call of the same burst
    await gate.acquire(deadline, true);

    expect(clock.sleeps).toStrictEqual([990]);
  });

  it('ignores a late success and a late 429 of calls started before the limit', async () => {
    const clock = createFakeClock();
    const gate = new RateGate(clock, constant(0));
    const deadline = new Deadline(undefined);
    for (let i = 0; i < 20; i += 1) gate.recordSuccess(0);

    gate.recordRateLimited(0);
    gate.recordSuccess(0); // answered after the limit, but sent before it
    gate.recordRateLimited(0); // another call of the same burst

    // One limit counted, over 20 successes: 1000 ms, spaced round(50 · 1.05) = 53 ms.
    expect(gate.spacingMs).toBe(53);
    await gate.acquire(deadline, true);
    await gate.acquire(deadline, true);
    expect(clock.sleeps).toStrictEqual([1000, 53]);
  });

  it('queues a waiting call again when a limit is hit while it waits', async () => {
    const clock = createFakeClock();
    const gate = new RateGate(clock, constant(0));
    const deadline = new Deadline(undefined);
    gate.recordSuccess(0);
    gate.recordRateLimited(0);

    // The first waiter's call is limited while the second still waits out its turn.
    const first = await gate.acquire(deadline, false);
    const second = gate.acquire(deadline, false);
    gate.recordRateLimited(first);

    expect(await second).toBe(2);
    // Pause 1000, the second's turn 1050 later, then the whole second pause of 2000 ms (the
    // fake clock has moved on by the time the limit is recorded).
    expect(clock.sleeps).toStrictEqual([1000, 1050, 2000]);
  });

  it('grows the pause while 429s follow each other, and resets after a success', async () => {
    const clock = createFakeClock();
    const gate = new RateGate(clock, constant(0));
    const deadline = new Deadline(undefined);

    for (let i = 0; i < 3; i += 1) {
      const epoch = await gate.acquire(deadline, true);
      gate.recordRateLimited(epoch);
    }
    const epoch = await gate.acquire(deadline, true);
    gate.recordSuccess(epoch);
    gate.recordRateLimited(epoch);
    await gate.acquire(deadline, true);

    expect(clock.sleeps).toStrictEqual([1000, 2000, 4000, 1000]);
  });

  it('refuses a wait that would pass the deadline', async () => {
    const clock = createFakeClock();
    const gate = new RateGate(clock, constant(0));
    gate.recordRateLimited(0);

    const late = gate.acquire(new Deadline(clock.now() + 2500, clock.now), true);

    await expect(late).rejects.toThrow(
      new DeadlineError('the deadline came before the rate limit allowed this call', true),
    );
    expect(clock.sleeps).toStrictEqual([]);
  });
});
