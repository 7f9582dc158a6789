/**
 * A canary secret and the real tokens the emulator issues appear in no output of any action, on
 * the main paths and under faults, with debug logging on. A relay in front of the emulator keeps
 * each issued token, so the check looks for the token itself as well as for its shape.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/create-emulator.ts';
import { startTokenRelay, type TokenRelay } from './network.ts';
import {
  CANARY_SECRET,
  type ContextExtra,
  closedPort,
  contextFor,
  ensureBuilt,
  entry,
  runScript,
  type ScriptName,
  startE2eEmulator,
  TOKEN_SHAPE,
} from './support.ts';

let emulator: RunningEmulator;
let relay: TokenRelay;

beforeAll(() => ensureBuilt(), 120_000);
beforeEach(async () => {
  emulator = await startE2eEmulator();
  relay = await startTokenRelay(emulator.apiRoot);
  await emulator.setEntries('block', [
    entry('$from', 'old@evil.test', 'equal', 'seeded'),
    entry('$ip', '192.0.2.1'),
  ]);
  await emulator.setEntries('allow', [entry('$host', 'good.test'), entry('$from', 'ok@good.test')]);
});
afterEach(async () => {
  await relay.stop();
  await emulator.stop();
});

interface Scenario {
  name: string;
  script: ScriptName;
  parameters?: Record<string, string>;
  extra?: ContextExtra;
  /** Faults to queue on the emulator before the run. */
  faults?: (emulator: RunningEmulator) => void;
  /** Replaces the context with this raw standard input. */
  stdin?: string;
  /** Sets the deadline this long after the run starts. */
  deadlineInMs?: number;
  /** The API Root points at a closed port instead of the relay. */
  closedPort?: boolean;
  exitCode: 0 | 2 | 3;
  /** Tokens the emulator issues during the run. */
  tokens: number;
}

const items = (list: 'allow' | 'block') =>
  JSON.stringify([
    { attribute: '$from', operator: 'equal', value: `${list}-new@test.test`, comment: 'c' },
    { attribute: '$from', operator: 'equal', value: list === 'block' ? 'old@evil.test' : 'x@y.zz' },
  ]);

const SCENARIOS: Scenario[] = [
  { name: 'ping', script: 'ping', exitCode: 0, tokens: 1 },
  {
    name: 'add entries to the allow list',
    script: 'add-entry-to-allow-list',
    parameters: { 'Allowlist Item': items('allow') },
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'add entries to the block list, one already there',
    script: 'add-entry-to-block-list',
    parameters: { 'Blocklist Item': items('block') },
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'add IOCs to the allow list',
    script: 'add-ioc-to-allow-list',
    parameters: { 'Sender Hostname': 'a.good.test, b.good.test', Comment: 'ok' },
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'add IOCs to the block list, the secret given as an invalid IP',
    script: 'add-ioc-to-block-list',
    parameters: { 'Sender IP Address': `192.0.2.9, ${CANARY_SECRET}` },
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'get the allow list',
    script: 'get-allow-list-entries',
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'get the block list',
    script: 'get-block-list-entries',
    parameters: { 'IOC Type To Return': 'Sender IP Address' },
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'remove from the allow list',
    script: 'remove-entry-from-allow-list',
    parameters: { Value: 'OK@good.test', 'Case Insensitive Search': 'true' },
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'remove from the block list',
    script: 'remove-entry-from-block-list',
    parameters: { Value: 'old@evil.test, nothing@evil.test' },
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'a 401 from the list, then a fresh token',
    script: 'add-ioc-to-block-list',
    parameters: { 'Sender Email Address': 'a@evil.test, b@evil.test' },
    faults: (target) => target.failNext(1, 401, { on: 'lists' }),
    exitCode: 0,
    tokens: 2,
  },
  {
    name: 'a 401 from the list twice: Ping fails',
    script: 'ping',
    faults: (target) => target.failNext(2, 401, { on: 'lists' }),
    exitCode: 2,
    tokens: 2,
  },
  {
    name: 'a 502 and a dropped connection, retried',
    script: 'add-ioc-to-block-list',
    parameters: { 'Sender Email Address': 'c@evil.test, d@evil.test' },
    faults: (target) => {
      target.failNext(1, 502, { on: 'lists' });
      target.dropNext(1, { on: 'lists' });
    },
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'a 500 from the token endpoint, retried',
    script: 'get-block-list-entries',
    faults: (target) => target.failNext(1, 500, { on: 'token' }),
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'a 429 burst',
    script: 'add-ioc-to-allow-list',
    parameters: { 'Sender Email Address': 'r1@good.test, r2@good.test, r3@good.test' },
    faults: (target) => target.failNext(3, 429, { on: 'lists' }),
    exitCode: 0,
    tokens: 1,
  },
  {
    name: 'an unknown Client ID with the canary secret',
    script: 'add-ioc-to-block-list',
    parameters: { 'Sender Email Address': 'e@evil.test' },
    extra: { configuration: { 'Client ID': 'nobody' } },
    exitCode: 2,
    tokens: 0,
  },
  {
    name: 'a closed port',
    script: 'ping',
    closedPort: true,
    exitCode: 2,
    tokens: 0,
  },
  {
    name: 'a deadline that leaves no time',
    script: 'add-ioc-to-block-list',
    parameters: { 'Sender Email Address': 'f@evil.test' },
    deadlineInMs: 1_500,
    exitCode: 3,
    tokens: 0,
  },
  {
    name: 'the secret as an out-of-range parameter value',
    script: 'get-block-list-entries',
    parameters: { 'Max IOCs To Return': CANARY_SECRET },
    exitCode: 2,
    tokens: 0,
  },
  {
    name: 'a context that is not valid JSON, holding the secret',
    script: 'ping',
    stdin: `{"integration_configuration": {"Client Secret": "${CANARY_SECRET}"`,
    exitCode: 2,
    tokens: 0,
  },
];

describe('no secret in any output', () => {
  it.each(SCENARIOS)(
    '$name',
    async (scenario) => {
      scenario.faults?.(emulator);
      const apiRoot = scenario.closedPort
        ? `http://127.0.0.1:${await closedPort()}`
        : relay.apiRoot;
      const extra: ContextExtra = {
        configuration: { 'API Root': apiRoot, ...scenario.extra?.configuration },
        ...(scenario.deadlineInMs === undefined
          ? {}
          : { deadlineUnixMs: Date.now() + scenario.deadlineInMs }),
      };
      const context = scenario.stdin ?? contextFor(emulator, scenario.parameters ?? {}, extra);

      // runScript fails the test if the secret, a captured token, a token-shaped string or an
      // unmasked bearer value is in standard output or standard error.
      const run = await runScript(scenario.script, context, { secrets: () => relay.tokens });

      expect(run.exitCode).toBe(scenario.exitCode);
      expect(run.result.ExecutionState).toBe(scenario.exitCode);
      expect(relay.tokens).toHaveLength(scenario.tokens);
      // The shape check every other e2e run makes would catch these tokens too.
      for (const token of relay.tokens)
        expect(token).toMatch(new RegExp(`^${TOKEN_SHAPE.source}$`));
      // The capture works: every list call carried one of the captured tokens.
      for (const authorization of relay.authorizations) {
        expect(relay.tokens.map((token) => `Bearer ${token}`)).toContain(authorization);
      }
      if (scenario.tokens > 0) expect(run.stderr).toContain(' DEBUG ');
      expect(run.result.DebugOutput.split('\n').length).toBeGreaterThanOrEqual(1);
    },
    15_000,
  );
});
