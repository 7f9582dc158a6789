import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../emulator/create-emulator.ts';
import { callList, getToken, requestToken } from './emulator-api.ts';

describe('token lifetime and revocation', () => {
  let nowMs: number;
  let emulator: RunningEmulator;

  beforeEach(async () => {
    nowMs = 1_767_225_600_000;
    emulator = await startEmulator({ tokenLifetimeSeconds: 60, clock: () => nowMs });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('accepts a token until its lifetime has passed, then answers 401', async () => {
    const token = await getToken(emulator);

    nowMs += 59_999;
    const lastMoment = await callList(emulator, { list: 'block', token });
    nowMs += 1;
    const expired = await callList(emulator, { list: 'block', token });

    expect(lastMoment.status).toBe(200);
    expect(expired).toMatchObject({
      status: 401,
      json: { errorMessage: 'The access token has expired' },
    });
  });

  it('gives tokens issued after setTokenLifetime the new lifetime only', async () => {
    const before = await getToken(emulator);
    emulator.setTokenLifetime(5);
    const answer = await requestToken(emulator);
    const after = (answer.json as { access_token: string }).access_token;

    nowMs += 5_000;

    expect(answer.json).toMatchObject({ expires_in: 5 });
    expect((await callList(emulator, { list: 'block', token: after })).status).toBe(401);
    expect((await callList(emulator, { list: 'block', token: before })).status).toBe(200);
  });

  it('refuses a lifetime that is not a positive whole number of seconds', () => {
    expect(() => emulator.setTokenLifetime(0)).toThrow(RangeError);
    expect(() => emulator.setTokenLifetime(1.5)).toThrow(RangeError);
  });

  it('refuses every token issued before revokeAllTokens, and accepts new ones', async () => {
    const first = await getToken(emulator);
    const second = await getToken(emulator);

    emulator.revokeAllTokens();
    const fresh = await getToken(emulator);

    const invalid = { status: 401, json: { errorMessage: 'Invalid access token' } };
    expect(await callList(emulator, { list: 'allow', token: first })).toMatchObject(invalid);
    expect(await callList(emulator, { list: 'allow', token: second })).toMatchObject(invalid);
    expect((await callList(emulator, { list: 'allow', token: fresh })).status).toBe(200);
  });
});
