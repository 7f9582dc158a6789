/** Ten action processes at once, adding and removing different values on both lists. */
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ListEntry, RunningEmulator } from '../../emulator/create-emulator.ts';
import {
  contextFor,
  ensureBuilt,
  entry,
  expectAddsAccounted,
  runScript,
  type ScriptName,
  sorted,
  startE2eEmulator,
  TOKEN_PATH,
  tokenRequests,
  type ValueRecord,
  valueRecords,
} from './support.ts';

let emulator: RunningEmulator;

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(async () => {
  emulator = await startE2eEmulator({ latencyMs: 30 });
});
afterEach(async () => {
  await emulator.stop();
});

interface Job {
  script: ScriptName;
  parameters: Record<string, string>;
  records: ValueRecord[];
}

const added = (value: string, attribute = '$from'): ValueRecord => ({
  value,
  attribute,
  status: 'added',
});
const removed = (value: string, attribute = '$from'): ValueRecord => ({
  value,
  attribute,
  status: 'removed',
});

it('ten processes adding and removing at once leave exactly the expected lists', async () => {
  const keepBlock = [entry('$from', 'keep@corp.test'), entry('$ip', '192.0.2.200')];
  const toRemoveFromBlock = ['r1@evil.test', 'r2@evil.test', 'r3@evil.test'];
  const keepAllow = [entry('$host', 'keep.good.test')];
  const toRemoveFromAllow = [entry('$ip', '203.0.113.50'), entry('$hfrom', 'old@good.test')];
  await emulator.setEntries('block', [
    ...keepBlock,
    ...toRemoveFromBlock.map((value) => entry('$from', value)),
  ]);
  await emulator.setEntries('allow', [...keepAllow, ...toRemoveFromAllow]);

  const jobs: Job[] = [];
  for (const index of [1, 2, 3, 4]) {
    const values = [`b${index}a@evil.test`, `b${index}b@evil.test`];
    jobs.push({
      script: 'add-ioc-to-block-list',
      parameters: { 'Sender Email Address': values.join(',') },
      records: values.map((value) => added(value)),
    });
  }
  for (const index of [1, 2]) {
    const items = [
      { attribute: '$ip', operator: 'equal', value: `198.51.100.${index}` },
      { attribute: '$host', operator: 'contain', value: `partner${index}.good.test` },
    ];
    jobs.push({
      script: 'add-entry-to-allow-list',
      parameters: { 'Allowlist Item': JSON.stringify(items) },
      records: items.map((item) => added(item.value, item.attribute)),
    });
  }
  for (const value of toRemoveFromBlock) {
    jobs.push({
      script: 'remove-entry-from-block-list',
      parameters: { Value: value },
      records: [removed(value)],
    });
  }
  jobs.push({
    script: 'remove-entry-from-allow-list',
    parameters: { Value: toRemoveFromAllow.map((stored) => stored.value).join(', ') },
    records: toRemoveFromAllow.map((stored) => removed(stored.value, stored.attribute)),
  });
  expect(jobs).toHaveLength(10);

  const runs = await Promise.all(
    jobs.map((job) => runScript(job.script, contextFor(emulator, job.parameters))),
  );

  for (const [index, run] of runs.entries()) {
    const job = jobs[index] as Job;
    expect([run.exitCode, run.result.ExecutionState, run.result.ResultValue]).toEqual([0, 0, true]);
    expect(valueRecords(run)).toEqual(job.records);
  }

  const addedBlock = jobs
    .filter((job) => job.script === 'add-ioc-to-block-list')
    .flatMap((job) => job.records.map((record) => entry('$from', record.value)));
  const addedAllow: ListEntry[] = [1, 2].flatMap((index) => [
    entry('$ip', `198.51.100.${index}`),
    entry('$host', `partner${index}.good.test`, 'contain'),
  ]);
  expect(sorted(emulator.entries('block'))).toEqual(sorted([...keepBlock, ...addedBlock]));
  expect(sorted(emulator.entries('allow'))).toEqual(sorted([...keepAllow, ...addedAllow]));

  // Each add's report agrees with the list it left.
  for (const [index, run] of runs.entries()) {
    const job = jobs[index] as Job;
    if (!job.script.startsWith('add-')) continue;
    const list = job.script.includes('allow') ? 'allow' : 'block';
    const values = job.records.map((record) => record.value);
    expectAddsAccounted(valueRecords(run), values, emulator.entries(list));
  }
  expect(tokenRequests(emulator)).toBe(10);
  const failures = emulator.requests().filter((request) => request.status !== 200);
  expect(failures.map((request) => [request.path === TOKEN_PATH, request.status])).toEqual([]);
}, 30_000);
