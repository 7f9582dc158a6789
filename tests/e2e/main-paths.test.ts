/** Each of the nine built action scripts, run as a process against the emulator: the main path. */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/create-emulator.ts';
import {
  CLUSTER,
  contextFor,
  ensureBuilt,
  entry,
  LIST_PATHS,
  listCalls,
  runScript,
  type ScriptName,
  type ScriptRun,
  sorted,
  startE2eEmulator,
  tokenRequests,
  valueRecords,
} from './support.ts';

const TEST_TIMEOUT_MS = 15_000;

let emulator: RunningEmulator;

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(async () => {
  emulator = await startE2eEmulator();
});
afterEach(async () => {
  await emulator.stop();
});

function expectFinished(run: ScriptRun, state: 0 | 2 | 3, resultValue: boolean, message: string) {
  expect(run.signal).toBeNull();
  expect(run.exitCode).toBe(state);
  expect(run.result.ExecutionState).toBe(state);
  expect(run.result.ResultValue).toBe(resultValue);
  expect(run.result.Message).toBe(message);
}

describe('main paths, one process per action', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ping reads the block list of the configured cluster and changes nothing', async () => {
    const seeded = [entry('$from', 'a@evil.test')];
    await emulator.setEntries('block', seeded);

    const run = await runScriptFor('ping', {});

    expectFinished(
      run,
      0,
      true,
      'Successfully connected to the Proofpoint Threat Protection server with the provided ' +
        'connection parameters!',
    );
    expect(run.result.ResultObjectJson).toBe('{}');
    expect(run.jsonResult).toBeUndefined();
    expect(listCalls(emulator)).toEqual([['GET', 'block', 200]]);
    expect(emulator.requests().at(-1)?.query).toEqual({ clusterId: CLUSTER });
    expect(tokenRequests(emulator)).toBe(1);
    expect(emulator.entries('block')).toEqual(seeded);
    expect(emulator.entries('allow')).toEqual([]);
  });

  it('add-entry-to-allow-list adds an array of items and reports one already there', async () => {
    const seeded = entry('$ip', '198.51.100.7', 'equal', 'seeded');
    await emulator.setEntries('allow', [seeded]);
    const items = [
      { attribute: '$from', operator: 'equal', value: 'partner@good.test', comment: 'vendor' },
      { attribute: '$host', operator: 'contain', value: 'mail.good.test' },
      { attribute: '$ip', operator: 'equal', value: '198.51.100.7', comment: 'again' },
    ];

    const run = await runScriptFor('add-entry-to-allow-list', {
      'Allowlist Item': JSON.stringify(items),
    });

    expectFinished(
      run,
      0,
      true,
      'Successfully added to the Proofpoint Threat Protection allow list (2): ' +
        'partner@good.test, mail.good.test.\nAlready on the allow list (1): 198.51.100.7.',
    );
    expect(valueRecords(run)).toEqual([
      { value: 'partner@good.test', attribute: '$from', status: 'added' },
      { value: 'mail.good.test', attribute: '$host', status: 'added' },
      { value: '198.51.100.7', attribute: '$ip', status: 'already_present' },
    ]);
    expect(sorted(emulator.entries('allow'))).toEqual(
      sorted([
        seeded,
        entry('$from', 'partner@good.test', 'equal', 'vendor'),
        entry('$host', 'mail.good.test', 'contain'),
      ]),
    );
    expect(emulator.entries('block')).toEqual([]);
    expect(tokenRequests(emulator)).toBe(1);
    expect(listCalls(emulator).filter(([method]) => method === 'POST')).toHaveLength(3);
  });

  it('add-entry-to-block-list adds a single item object to the named cluster', async () => {
    const item = {
      attribute: '$hfrom',
      operator: 'not_equal',
      value: 'ceo@corp.test',
      comment: 'spoof',
    };

    const run = await runScriptFor('add-entry-to-block-list', {
      'Cluster ID': CLUSTER,
      'Blocklist Item': JSON.stringify(item),
    });

    expectFinished(
      run,
      0,
      true,
      'Successfully added to the Proofpoint Threat Protection block list (1): ceo@corp.test.',
    );
    expect(valueRecords(run)).toEqual([
      { value: 'ceo@corp.test', attribute: '$hfrom', status: 'added' },
    ]);
    expect(emulator.entries('block')).toEqual([
      entry('$hfrom', 'ceo@corp.test', 'not_equal', 'spoof'),
    ]);
    expect(emulator.entries('allow')).toEqual([]);
    expect(listCalls(emulator)).toEqual([['POST', 'block', 200]]);
    expect(emulator.requests().at(-1)?.bodyJson).toEqual({ action: 'add', ...item });
  });

  it('add-ioc-to-allow-list sends valid values once each and reports the invalid', async () => {
    const run = await runScriptFor('add-ioc-to-allow-list', {
      'Sender Email Address': ' friend@good.test, friend@good.test ,  ',
      'Sender IP Address': '203.0.113.9, 2001:db8::1, 999.1.1.1',
      'Sender Hostname': 'relay.good.test',
      Comment: 'trusted partner',
    });

    expectFinished(
      run,
      0,
      false,
      'Successfully added to the Proofpoint Threat Protection allow list (4): friend@good.test, ' +
        '203.0.113.9, 2001:db8::1, relay.good.test.\n' +
        'Invalid, not sent (1): 999.1.1.1 (not an IPv4 or IPv6 address).',
    );
    expect(valueRecords(run)).toEqual([
      { value: 'friend@good.test', attribute: '$from', status: 'added' },
      { value: '203.0.113.9', attribute: '$ip', status: 'added' },
      { value: '2001:db8::1', attribute: '$ip', status: 'added' },
      { value: 'relay.good.test', attribute: '$host', status: 'added' },
      {
        value: '999.1.1.1',
        attribute: '$ip',
        status: 'invalid',
        reason: 'not an IPv4 or IPv6 address',
      },
    ]);
    const comment = 'trusted partner';
    expect(sorted(emulator.entries('allow'))).toEqual(
      sorted([
        entry('$from', 'friend@good.test', 'equal', comment),
        entry('$ip', '203.0.113.9', 'equal', comment),
        entry('$ip', '2001:db8::1', 'equal', comment),
        entry('$host', 'relay.good.test', 'equal', comment),
      ]),
    );
    expect(emulator.entries('block')).toEqual([]);
    expect(listCalls(emulator).filter(([method]) => method === 'POST')).toHaveLength(4);
  });

  it('add-ioc-to-block-list maps every IOC type to its attribute', async () => {
    await emulator.setEntries('block', [entry('$from', 'spammer@evil.test')]);

    const run = await runScriptFor('add-ioc-to-block-list', {
      'Recipient Email Address': 'victim@corp.test',
      'Sender Email Address': 'spammer@evil.test, phisher@evil.test',
      'Sender IP Address': '192.0.2.66',
      'Sender HELO Domain Name': 'evil.test',
      'Message Header From (Address Only)': 'boss@evil.test',
    });

    expectFinished(
      run,
      0,
      true,
      'Successfully added to the Proofpoint Threat Protection block list (5): victim@corp.test, ' +
        'phisher@evil.test, 192.0.2.66, evil.test, boss@evil.test.\n' +
        'Already on the block list (1): spammer@evil.test.',
    );
    expect(valueRecords(run)).toEqual([
      { value: 'victim@corp.test', attribute: '$rcpt', status: 'added' },
      { value: 'spammer@evil.test', attribute: '$from', status: 'already_present' },
      { value: 'phisher@evil.test', attribute: '$from', status: 'added' },
      { value: '192.0.2.66', attribute: '$ip', status: 'added' },
      { value: 'evil.test', attribute: '$helo', status: 'added' },
      { value: 'boss@evil.test', attribute: '$hfrom', status: 'added' },
    ]);
    expect(sorted(emulator.entries('block'))).toEqual(
      sorted([
        entry('$from', 'spammer@evil.test'),
        entry('$rcpt', 'victim@corp.test'),
        entry('$from', 'phisher@evil.test'),
        entry('$ip', '192.0.2.66'),
        entry('$helo', 'evil.test'),
        entry('$hfrom', 'boss@evil.test'),
      ]),
    );
    expect(emulator.entries('allow')).toEqual([]);
  });

  it('get-allow-list-entries returns the first entries of one type, in list order', async () => {
    const seeded = [
      entry('$from', 'a@good.test', 'equal', 'first'),
      entry('$ip', '203.0.113.1'),
      entry('$from', 'b@good.test', 'contain'),
      entry('$host', 'h.good.test'),
      entry('$from', 'c@good.test'),
    ];
    await emulator.setEntries('allow', seeded);

    const run = await runScriptFor('get-allow-list-entries', {
      'IOC Type To Return': 'Sender Email Address',
      'Max IOCs To Return': '2',
    });

    expectFinished(
      run,
      0,
      true,
      'Successfully retrieved 2 entries of type Sender Email Address (the first of 3) from the ' +
        'Proofpoint Threat Protection allow list.',
    );
    expect(run.jsonResult).toEqual([
      { attribute: '$from', operator: 'equal', value: 'a@good.test', comment: 'first' },
      { attribute: '$from', operator: 'contain', value: 'b@good.test', comment: '' },
    ]);
    expect(emulator.entries('allow')).toEqual(seeded);
    expect(listCalls(emulator)).toEqual([['GET', 'allow', 200]]);
  });

  it('get-block-list-entries returns every entry by default', async () => {
    const seeded = [
      entry('$ip', '192.0.2.1', 'equal', 'botnet'),
      entry('$helo', 'evil.test', 'not_equal'),
      entry('$rcpt', 'x@corp.test', 'is_in_list'),
    ];
    await emulator.setEntries('block', seeded);

    const run = await runScriptFor('get-block-list-entries', {});

    expectFinished(
      run,
      0,
      true,
      'Successfully retrieved 3 entries from the Proofpoint Threat Protection block list.',
    );
    expect(run.jsonResult).toEqual(seeded);
    expect(emulator.entries('block')).toEqual(seeded);
    expect(listCalls(emulator)).toEqual([['GET', 'block', 200]]);
  });

  it('remove-entry-from-allow-list removes every case-insensitive match', async () => {
    await emulator.setEntries('allow', [
      entry('$from', 'Partner@Good.test', 'equal', 'one'),
      entry('$hfrom', 'partner@good.test'),
      entry('$ip', '203.0.113.9'),
      entry('$from', 'keep@good.test'),
    ]);

    const run = await runScriptFor('remove-entry-from-allow-list', {
      Value: 'partner@good.test, 203.0.113.9, gone@good.test',
      'Case Insensitive Search': 'true',
    });

    expectFinished(
      run,
      0,
      false,
      'Successfully removed from the Proofpoint Threat Protection allow list (3): ' +
        'Partner@Good.test, partner@good.test, 203.0.113.9.\n' +
        'Not found on the allow list (1): gone@good.test.',
    );
    expect(valueRecords(run)).toEqual([
      { value: 'Partner@Good.test', attribute: '$from', status: 'removed' },
      { value: 'partner@good.test', attribute: '$hfrom', status: 'removed' },
      { value: '203.0.113.9', attribute: '$ip', status: 'removed' },
      { value: 'gone@good.test', attribute: '', status: 'not_found' },
    ]);
    expect(emulator.entries('allow')).toEqual([entry('$from', 'keep@good.test')]);
    expect(listCalls(emulator)).toEqual([
      ['GET', 'allow', 200],
      ['POST', 'allow', 200],
      ['POST', 'allow', 200],
      ['POST', 'allow', 200],
    ]);
  });

  it('remove-entry-from-block-list removes exact matches of one type only', async () => {
    await emulator.setEntries('block', [
      entry('$from', 'x@evil.test', 'not_equal'),
      entry('$hfrom', 'x@evil.test'),
      entry('$ip', '192.0.2.1'),
      entry('$from', 'X@EVIL.TEST'),
    ]);

    const run = await runScriptFor('remove-entry-from-block-list', {
      'IOC Type To Search': 'Sender Email Address',
      Value: 'x@evil.test, 192.0.2.1',
    });

    expectFinished(
      run,
      0,
      false,
      'Successfully removed from the Proofpoint Threat Protection block list (1): x@evil.test.\n' +
        'Not found on the block list (1): 192.0.2.1.',
    );
    expect(valueRecords(run)).toEqual([
      { value: 'x@evil.test', attribute: '$from', status: 'removed' },
      { value: '192.0.2.1', attribute: '', status: 'not_found' },
    ]);
    expect(emulator.entries('block')).toEqual([
      entry('$hfrom', 'x@evil.test'),
      entry('$ip', '192.0.2.1'),
      entry('$from', 'X@EVIL.TEST'),
    ]);
    const deletes = emulator
      .requests()
      .filter((request) => request.method === 'POST' && request.path === LIST_PATHS.block);
    expect(deletes.map((request) => request.bodyJson)).toEqual([
      { action: 'delete', attribute: '$from', operator: 'not_equal', value: 'x@evil.test' },
    ]);
  });
});

function runScriptFor(name: ScriptName, parameters: Record<string, string>): Promise<ScriptRun> {
  return runScript(name, contextFor(emulator, parameters));
}
