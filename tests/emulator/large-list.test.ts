import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EntryInput,
  type RunningEmulator,
  startEmulator,
} from '../../emulator/create-emulator.ts';
import { callList, getToken } from './emulator-api.ts';

const ENTRY_COUNT = 100_000;

function manyEntries(): EntryInput[] {
  return Array.from({ length: ENTRY_COUNT }, (_, index) => ({
    attribute: '$from',
    operator: 'equal',
    value: `sender-${index}@evil.test`,
    comment: index % 2 === 0 ? `bulk ${index}` : '',
  }));
}

describe('a list of 100 000 entries', () => {
  let emulator: RunningEmulator;
  let serverMs: number[];

  beforeEach(async () => {
    serverMs = [];
    emulator = await startEmulator({
      seed: { emulator_hosted: { block: manyEntries() } },
      onRequest: (_record, { handlingMs }) => serverMs.push(handlingMs),
    });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('is served whole and in order by GET, and takes 50 deletes quickly', async () => {
    const token = await getToken(emulator);
    serverMs = [];

    const answer = await callList(emulator, { list: 'block', token });
    const deletes = [];
    for (let index = 0; index < 50; index += 1) {
      const body = {
        action: 'delete',
        attribute: '$from',
        operator: 'equal',
        value: `sender-${index * 1000}@evil.test`,
      };
      deletes.push(await callList(emulator, { list: 'block', token, body }));
    }

    const entries = (answer.json as { entries: { value: string; comment?: string }[] }).entries;
    expect(answer.status).toBe(200);
    expect(entries).toHaveLength(ENTRY_COUNT);
    expect(entries[0]).toEqual({
      attribute: '$from',
      operator: 'equal',
      value: 'sender-0@evil.test',
      comment: 'bulk 0',
    });
    expect(entries[99_999]).toEqual({
      attribute: '$from',
      operator: 'equal',
      value: 'sender-99999@evil.test',
    });
    expect(deletes.every((deleted) => deleted.status === 200)).toBe(true);
    expect(emulator.entries('block')).toHaveLength(ENTRY_COUNT - 50);
    expect(serverMs).toHaveLength(51);
    expect(serverMs.reduce((total, ms) => total + ms, 0)).toBeLessThan(1_000);
  });

  // Far above the ~100 ms it takes alone, so parallel test files on a small machine do not flake.
  it('is replaced quickly by setEntries', async () => {
    const entries = manyEntries().reverse();

    const startedMs = performance.now();
    await emulator.setEntries('block', entries);
    const elapsedMs = performance.now() - startedMs;

    expect(emulator.entries('block')[0]?.value).toBe('sender-99999@evil.test');
    expect(elapsedMs).toBeLessThan(2_000);
  });
});
