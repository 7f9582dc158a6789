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

// How fast the emulator serves such a list is measured by `npm run bench`, not asserted here.
describe('a list of 100 000 entries', { timeout: 30_000 }, () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator({ seed: { emulator_hosted: { block: manyEntries() } } });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('is served whole and in order by GET, and takes 50 deletes', async () => {
    const token = await getToken(emulator);

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
    expect(emulator.entries('block').map((entry) => entry.value)).not.toContain(
      'sender-49000@evil.test',
    );
  });

  it('is replaced whole by setEntries', async () => {
    const entries = manyEntries().reverse();

    await emulator.setEntries('block', entries);

    const stored = emulator.entries('block');
    expect(stored).toHaveLength(ENTRY_COUNT);
    expect(stored[0]?.value).toBe('sender-99999@evil.test');
    expect(stored[ENTRY_COUNT - 1]?.value).toBe('sender-0@evil.test');
  });
});
