import { describe, expect, it, vi } from 'vitest';
import { createZip } from '../../src/package/zip-archive.ts';
import { readZip } from '../../src/package/zip-reader.ts';

const entries = [
  { path: 'ActionsDefinitions/Ping.actiondef', data: text('{"Name": "Ping"}\n') },
  { path: 'ActionsScripts/ping.js', data: text('console.log("ping");\n'.repeat(200)) },
  { path: 'RN.json', data: text('[]\n') },
];

function text(content: string): Uint8Array {
  return new TextEncoder().encode(content);
}

// DOS date of 1980-01-01: year offset 0, month 1, day 1.
const DOS_EPOCH_DATE = (1 << 5) | 1;

describe('createZip', () => {
  it('gives the same bytes for the same entries', async () => {
    // Only Date is faked: yazl pumps its stream with setImmediate, which must stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-03T10:00:00Z'));
    const first = await createZip(entries);
    vi.setSystemTime(new Date('2031-06-30T23:59:59Z'));
    const second = await createZip(entries);
    vi.useRealTimers();

    expect(second.equals(first)).toBe(true);
  });

  it('gives the same bytes in any time zone', async () => {
    vi.stubEnv('TZ', 'Pacific/Kiritimati');
    const east = await createZip(entries);
    const eastOffset = new Date(0).getTimezoneOffset();
    vi.stubEnv('TZ', 'America/Los_Angeles');
    const west = await createZip(entries);

    expect(new Date(0).getTimezoneOffset()).not.toBe(eastOffset);
    expect(west.equals(east)).toBe(true);
  });

  it('keeps the given order and content, deflated, with a fixed timestamp', async () => {
    const read = readZip(await createZip(entries));

    expect(read.map(({ path }) => path)).toEqual(entries.map(({ path }) => path));
    expect(read.map(({ data }) => new TextDecoder().decode(data))).toEqual(
      entries.map(({ data }) => new TextDecoder().decode(data)),
    );
    expect(read.every(({ method }) => method === 8)).toBe(true);
    expect(read.every(({ dosDate, dosTime }) => dosDate === DOS_EPOCH_DATE && dosTime === 0)).toBe(
      true,
    );
  });
});

describe('readZip', () => {
  it('rejects bytes that are not a zip', () => {
    expect(() => readZip(Buffer.from('not a zip at all, just some text'))).toThrow(
      'no end-of-central-directory record',
    );
  });

  it('rejects a zip cut short', async () => {
    const zip = await createZip(entries);
    const cut = Buffer.concat([zip.subarray(0, 10), zip.subarray(zip.length - 22)]);
    expect(() => readZip(cut)).toThrow('corrupt zip');
  });
});
