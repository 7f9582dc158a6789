import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../emulator/create-emulator.ts';
import { callList, entry, getToken } from './emulator-api.ts';

describe('the state file', () => {
  let directory: string;
  let stateFile: string;
  let running: RunningEmulator[];

  const start = async (options: Parameters<typeof startEmulator>[0] = {}) => {
    const emulator = await startEmulator({ stateFile, ...options });
    running.push(emulator);
    return emulator;
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'emulator-state-'));
    stateFile = join(directory, 'state.json');
    running = [];
  });

  afterEach(async () => {
    await Promise.all(running.map((emulator) => emulator.stop()));
    await rm(directory, { recursive: true, force: true });
  });

  it('is not created until the lists change', async () => {
    const emulator = await start();
    await callList(emulator, { list: 'block', token: await getToken(emulator) });

    expect(await readdir(directory)).toEqual([]);
  });

  it('holds every change, written before the answer, and loads on the next start', async () => {
    const first = await start();
    const token = await getToken(first);
    const add = (value: string, comment?: string) =>
      callList(first, {
        list: 'block',
        token,
        body: { action: 'add', ...entry(value, { comment }) },
      });
    await add('a@evil.test', 'first');
    await add('b@evil.test');
    await callList(first, {
      list: 'allow',
      token,
      body: { action: 'add', ...entry('ok@good.test') },
    });
    await callList(first, {
      list: 'block',
      token,
      body: { action: 'delete', ...entry('a@evil.test') },
    });

    const saved: unknown = JSON.parse(await readFile(stateFile, 'utf8'));
    await first.stop();
    const second = await start();

    expect(saved).toEqual({
      version: 1,
      clusters: {
        emulator_hosted: { allow: [entry('ok@good.test')], block: [entry('b@evil.test')] },
      },
    });
    expect(await readdir(directory)).toEqual(['state.json']);
    expect(second.entries('block')).toEqual([entry('b@evil.test', { comment: '' })]);
    expect(second.entries('allow')).toEqual([entry('ok@good.test', { comment: '' })]);
  });

  it('saves setEntries and a seed, leaving no temporary file behind', async () => {
    const emulator = await start({ seed: { emulator_hosted: { allow: [entry('seed@x.test')] } } });
    const afterSeed: unknown = JSON.parse(await readFile(stateFile, 'utf8'));

    const many = Array.from({ length: 50 }, (_, index) =>
      entry(`${index}@x.test`, { comment: 'c' }),
    );
    await Promise.all([
      emulator.setEntries('block', many),
      emulator.setEntries('block', many.slice(0, 10), 'other_hosted'),
    ]);
    const afterSet = JSON.parse(await readFile(stateFile, 'utf8')) as {
      clusters: Record<string, { block: unknown[] }>;
    };

    expect(afterSeed).toEqual({
      version: 1,
      clusters: { emulator_hosted: { allow: [entry('seed@x.test')], block: [] } },
    });
    expect(afterSet.clusters['emulator_hosted']?.block).toHaveLength(50);
    expect(afterSet.clusters['other_hosted']?.block).toHaveLength(10);
    expect(await readdir(directory)).toEqual(['state.json']);
  });

  it('lets a seed replace only the lists it names', async () => {
    const state = {
      version: 1,
      clusters: {
        emulator_hosted: { allow: [entry('kept@x.test')], block: [entry('old@x.test')] },
      },
    };
    await writeFile(stateFile, JSON.stringify(state));

    const emulator = await start({ seed: { emulator_hosted: { block: [entry('new@x.test')] } } });

    expect(emulator.entries('allow')).toEqual([entry('kept@x.test', { comment: '' })]);
    expect(emulator.entries('block')).toEqual([entry('new@x.test', { comment: '' })]);
  });

  it.each([
    ['not JSON', '{"version": 1,', /^Emulator state file .*state\.json is not valid JSON: /],
    [
      'of the wrong shape',
      JSON.stringify({ version: 1, clusters: { c: { block: [{ attribute: '$from' }] } } }),
      /^Emulator state file .*state\.json has the wrong shape: .*clusters\.c\.block\[0\]\.operator/,
    ],
    [
      'of another version',
      JSON.stringify({ version: 2, clusters: {} }),
      /^Emulator state file .*state\.json has the wrong shape: .*version/,
    ],
    [
      'repeating an entry',
      JSON.stringify({ version: 1, clusters: { c: { allow: [entry('a'), entry('a')] } } }),
      /^Emulator state file .*state\.json: allow list of cluster c: duplicate entry/,
    ],
  ])('makes startEmulator reject, naming the file, when it is %s', async (_case, text, message) => {
    await writeFile(stateFile, text);

    await expect(start()).rejects.toThrow(message);
    expect(await readFile(stateFile, 'utf8')).toBe(text);
  });

  it('makes startEmulator reject when its directory does not exist', async () => {
    const missing = join(directory, 'missing');
    stateFile = join(missing, 'state.json');

    await expect(start()).rejects.toThrow(
      `Emulator state file ${stateFile} cannot be created: no directory ${missing}`,
    );
  });
});
