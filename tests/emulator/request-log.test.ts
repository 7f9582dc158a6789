import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type RequestRecord,
  type RunningEmulator,
  startEmulator,
} from '../../emulator/create-emulator.ts';
import { callList, entry, getToken, LIST_PATHS } from './emulator-api.ts';

describe('the request log', () => {
  let nowMs: number;
  let emulator: RunningEmulator;
  let reported: RequestRecord[];

  beforeEach(async () => {
    nowMs = 1_000;
    reported = [];
    emulator = await startEmulator({
      clock: () => nowMs,
      onRequest: (record) => reported.push(record),
    });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('records every request in order with its status, query and JSON body', async () => {
    const token = await getToken(emulator);
    nowMs = 2_000;
    await callList(emulator, { list: 'block', token });
    nowMs = 3_000;
    await callList(emulator, {
      list: 'allow',
      token,
      body: { action: 'add', ...entry('a@x.test') },
    });
    await callList(emulator, { list: 'allow', token: undefined, clusterId: null });

    const expected: RequestRecord[] = [
      {
        method: 'POST',
        path: '/v1/token',
        query: {},
        status: 200,
        hadBearerToken: false,
        at: 1_000,
      },
      {
        method: 'GET',
        path: LIST_PATHS.block,
        query: { clusterId: 'emulator_hosted' },
        status: 200,
        hadBearerToken: true,
        at: 2_000,
      },
      {
        method: 'POST',
        path: LIST_PATHS.allow,
        query: { clusterId: 'emulator_hosted' },
        status: 200,
        bodyJson: { action: 'add', attribute: '$from', operator: 'equal', value: 'a@x.test' },
        hadBearerToken: true,
        at: 3_000,
      },
      {
        method: 'GET',
        path: LIST_PATHS.allow,
        query: {},
        status: 401,
        hadBearerToken: false,
        at: 3_000,
      },
    ];
    expect(emulator.requests()).toEqual(expected);
    expect(reported).toEqual(expected);
  });

  it('holds no client secret or access token, even one sent in the query', async () => {
    const token = await getToken(emulator);
    await callList(emulator, { list: 'block', token });
    const query = new URLSearchParams({
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
      access_token: token,
    });
    await fetch(`${emulator.apiRoot}/v1/token?${query}`, { method: 'POST' });

    const logged = JSON.stringify([emulator.requests(), reported]);

    expect(logged).not.toContain(emulator.clientSecret);
    expect(logged).not.toContain(token);
    expect(emulator.requests()[2]?.query).toEqual({
      client_id: 'emulator-client',
      client_secret: '[REDACTED]',
      access_token: '[REDACTED]',
    });
  });

  it('starts empty again after resetRequestLog', async () => {
    await getToken(emulator);

    emulator.resetRequestLog();

    expect(emulator.requests()).toEqual([]);
  });

  it('hands out copies that cannot change the log', async () => {
    await getToken(emulator);

    const copy = emulator.requests();
    copy.length = 0;

    expect(emulator.requests()).toHaveLength(1);
  });
});
