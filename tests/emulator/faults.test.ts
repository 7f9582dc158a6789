import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../emulator/create-emulator.ts';
import { callList, entry, getToken, requestToken } from './emulator-api.ts';

const ADD = { action: 'add', ...entry('a@evil.test') };

describe('fault controls', () => {
  let nowMs: number;
  let emulator: RunningEmulator;
  let token: string;

  beforeEach(async () => {
    nowMs = 1_767_225_600_000;
    emulator = await startEmulator({ clock: () => nowMs });
    token = await getToken(emulator);
    emulator.resetRequestLog();
  });

  afterEach(async () => {
    await emulator.stop();
  });

  describe('failNext', () => {
    it('answers the next requests with the status and changes nothing, then recovers', async () => {
      emulator.failNext(2, 503);

      const first = await callList(emulator, { list: 'block', token, body: ADD });
      const second = await callList(emulator, { list: 'block', token });
      const entriesDuringFailure = emulator.entries('block');
      const third = await callList(emulator, { list: 'block', token, body: ADD });

      expect(first).toMatchObject({ status: 503, json: { errorMessage: 'Service Unavailable' } });
      expect(second).toMatchObject({ status: 503, json: { errorMessage: 'Service Unavailable' } });
      expect(entriesDuringFailure).toEqual([]);
      expect(third.status).toBe(200);
      expect(emulator.requests().map((record) => record.status)).toEqual([503, 503, 200]);
    });

    it('fails only the token endpoint when asked, with the given message', async () => {
      emulator.failNext(1, 500, { on: 'token', errorMessage: 'auth is down' });

      const list = await callList(emulator, { list: 'block', token });
      const tokenAnswer = await requestToken(emulator);
      const retried = await requestToken(emulator);

      expect(list.status).toBe(200);
      expect(tokenAnswer).toMatchObject({ status: 500, json: { errorMessage: 'auth is down' } });
      expect(retried.status).toBe(200);
    });

    it('fails only list requests of the given method when asked', async () => {
      emulator.failNext(1, 502, { on: 'lists', method: 'POST' });

      const get = await callList(emulator, { list: 'block', token });
      const tokenAnswer = await requestToken(emulator);
      const post = await callList(emulator, { list: 'block', token, body: ADD });

      expect(get.status).toBe(200);
      expect(tokenAnswer.status).toBe(200);
      expect(post).toMatchObject({ status: 502, json: { errorMessage: 'Bad Gateway' } });
    });

    it('answers an injected 429 as the rate limit does', async () => {
      emulator.failNext(1, 429);

      const answer = await callList(emulator, { list: 'block', token });

      expect(answer).toMatchObject({ status: 429, json: { errorMessage: 'Rate limit exceeded' } });
      expect(answer.headers.get('retry-after')).toBeNull();
    });

    it('refuses a status that is not an error', () => {
      expect(() => emulator.failNext(1, 200)).toThrow(RangeError);
      expect(() => emulator.failNext(0, 500)).toThrow(RangeError);
    });
  });

  describe('dropNext', () => {
    it('closes the connection without an answer, changes nothing, then recovers', async () => {
      emulator.dropNext(1, { on: 'lists' });

      await expect(callList(emulator, { list: 'block', token, body: ADD })).rejects.toThrow(
        'fetch failed',
      );
      const after = await callList(emulator, { list: 'block', token, body: ADD });

      expect(after.status).toBe(200);
      expect(emulator.entries('block')).toEqual([entry('a@evil.test', { comment: '' })]);
      expect(emulator.requests().map((record) => record.status)).toEqual([0, 200]);
    });
  });

  describe('rate limit', () => {
    it('answers 429, without Retry-After, past the limit until the next window', async () => {
      emulator.setRateLimit({ requests: 2, windowMs: 60_000 });

      const allowed = [
        await callList(emulator, { list: 'block', token }),
        await callList(emulator, { list: 'allow', token }),
      ];
      nowMs += 59_999;
      const limited = await callList(emulator, { list: 'block', token, body: ADD });
      const tokenAnswer = await requestToken(emulator);
      nowMs += 1;
      const recovered = await callList(emulator, { list: 'block', token, body: ADD });

      expect(allowed.map((answer) => answer.status)).toEqual([200, 200]);
      expect(limited).toMatchObject({ status: 429, json: { errorMessage: 'Rate limit exceeded' } });
      expect(limited.headers.get('retry-after')).toBeNull();
      expect(tokenAnswer.status).toBe(200);
      expect(recovered.status).toBe(200);
      expect(emulator.entries('block')).toHaveLength(1);
    });

    it('counts each client on its own', async () => {
      await emulator.stop();
      emulator = await startEmulator({
        clock: () => nowMs,
        rateLimit: { requests: 1, windowMs: 1000 },
        clients: [
          { clientId: 'one', clientSecret: 'one-secret', clusters: ['one_hosted'] },
          { clientId: 'two', clientSecret: 'two-secret', clusters: ['two_hosted'] },
        ],
      });
      const form = { grant_type: 'client_credentials' };
      const one = await requestToken(emulator, {
        ...form,
        client_id: 'one',
        client_secret: 'one-secret',
      });
      const two = await requestToken(emulator, {
        ...form,
        client_id: 'two',
        client_secret: 'two-secret',
      });
      const tokenOf = (answer: typeof one): string =>
        (answer.json as { access_token: string }).access_token;

      const statuses = [
        (await callList(emulator, { list: 'block', token: tokenOf(one), clusterId: 'one_hosted' }))
          .status,
        (await callList(emulator, { list: 'block', token: tokenOf(two), clusterId: 'two_hosted' }))
          .status,
        (await callList(emulator, { list: 'block', token: tokenOf(one), clusterId: 'one_hosted' }))
          .status,
      ];

      expect(statuses).toEqual([200, 200, 429]);
    });

    it('is off again after setRateLimit(undefined)', async () => {
      emulator.setRateLimit({ requests: 1, windowMs: 60_000 });
      await callList(emulator, { list: 'block', token });
      emulator.setRateLimit(undefined);

      expect((await callList(emulator, { list: 'block', token })).status).toBe(200);
    });
  });

  describe('latency', () => {
    it('waits the latency before answering, errors included', async () => {
      emulator.setLatency(120);

      const startedMs = performance.now();
      const answer = await callList(emulator, { list: 'block', token: 'not-a-token' });
      const elapsedMs = performance.now() - startedMs;

      expect(answer.status).toBe(401);
      expect(elapsedMs).toBeGreaterThanOrEqual(115);
    });

    it('answers without delay once clearFaults has run', async () => {
      emulator.setLatency(5_000);
      emulator.failNext(3, 500);
      emulator.clearFaults();

      const startedMs = performance.now();
      const answer = await callList(emulator, { list: 'block', token });

      expect(answer.status).toBe(200);
      expect(performance.now() - startedMs).toBeLessThan(4_000);
    });

    it('lets stop() end a request still waiting out its latency', async () => {
      emulator.setLatency(60_000);
      const pending = callList(emulator, { list: 'block', token });
      await waitUntil(() => emulator.requests().length === 1);

      const startedMs = performance.now();
      await emulator.stop();

      await expect(pending).rejects.toThrow('fetch failed');
      expect(performance.now() - startedMs).toBeLessThan(4_000);
    });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (condition()) return;

    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not met within 1 s');
}
