/**
 * TLS against the emulator's self-signed certificate, with Verify SSL on and off, and an HTTPS
 * run through a CONNECT proxy that must see only a tunnel: no secret, no token, no path.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/create-emulator.ts';
import { TEST_CERTIFICATE_PEM } from '../../emulator/test-certificate.ts';
import { type ConnectProxy, startConnectProxy } from './network.ts';
import {
  CANARY_SECRET,
  CLIENT_ID,
  contextFor,
  ensureBuilt,
  entry,
  expectAddsAccounted,
  LIST_PATHS,
  runScript,
  sorted,
  startE2eEmulator,
  TOKEN_PATH,
  valueRecords,
} from './support.ts';

const VALUES = ['tls1@evil.test', 'tls2@evil.test'];
const PARAMETERS = { 'Sender Email Address': VALUES.join(', ') };
const SELF_SIGNED_CODES = [
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
];
const CERTIFICATE_REASON = new RegExp(
  '^the TLS certificate of 127\\.0\\.0\\.1:(\\d+) failed verification ' +
    `\\((${SELF_SIGNED_CODES.join('|')})\\); ` +
    'Verify SSL is on, turn it off only for a server you trust$',
);

let emulator: RunningEmulator;
/** A file holding the emulator's certificate, for NODE_EXTRA_CA_CERTS. */
let trustedCertificate: string;
let certificateDir: string;

beforeAll(() => ensureBuilt(), 120_000);
beforeAll(async () => {
  certificateDir = await mkdtemp(join(tmpdir(), 'pp-e2e-ca-'));
  trustedCertificate = join(certificateDir, 'emulator.pem');
  await writeFile(trustedCertificate, TEST_CERTIFICATE_PEM);
});
afterAll(async () => {
  await rm(certificateDir, { recursive: true, force: true });
});
beforeEach(async () => {
  emulator = await startE2eEmulator({ https: true });
});
afterEach(async () => {
  await emulator.stop();
});

function expectBothAdded(run: Awaited<ReturnType<typeof runScript>>): void {
  expect([run.exitCode, run.result.ExecutionState, run.result.ResultValue]).toEqual([0, 0, true]);
  const records = valueRecords(run);
  expect(records).toEqual(VALUES.map((value) => ({ value, attribute: '$from', status: 'added' })));
  expect(run.result.Message).toBe(
    `Successfully added to the Proofpoint Threat Protection block list (2): ${VALUES.join(', ')}.`,
  );
  expect(sorted(emulator.entries('block'))).toEqual(VALUES.map((value) => entry('$from', value)));
  expectAddsAccounted(records, VALUES, emulator.entries('block'));
}

describe('a self-signed certificate', () => {
  it('with Verify SSL on, Ping fails at once and the reason names the certificate', async () => {
    const run = await runScript(
      'ping',
      contextFor(emulator, {}, { configuration: { 'Verify SSL': 'true' } }),
    );

    expect([run.exitCode, run.result.ExecutionState, run.result.ResultValue]).toEqual([
      2,
      2,
      false,
    ]);
    const prefix = 'Failed to connect to the Proofpoint Threat Protection server! Error is ';
    expect(run.result.Message.startsWith(prefix)).toBe(true);
    const reason = run.result.Message.slice(prefix.length);
    expect(reason).toMatch(CERTIFICATE_REASON);
    expect(CERTIFICATE_REASON.exec(reason)?.[1]).toBe(String(emulator.port));
    // The handshake failed before any HTTP request, and it was not tried again.
    expect(emulator.requests()).toEqual([]);
    expect(run.stderr).not.toContain('retry');
  });

  it('with Verify SSL on, a bulk add fails as a whole, naming the certificate', async () => {
    const run = await runScript(
      'add-ioc-to-block-list',
      contextFor(emulator, PARAMETERS, { configuration: { 'Verify SSL': 'TRUE' } }),
    );

    const prefix = 'Error executing action "Add IOC to Block List". Reason: ';
    expect(run.result.Message.slice(0, prefix.length)).toBe(prefix);
    expect(run.result.Message.slice(prefix.length)).toMatch(CERTIFICATE_REASON);
    expect([run.exitCode, run.result.ExecutionState, run.result.ResultValue]).toEqual([
      2,
      2,
      false,
    ]);
    expect(emulator.requests()).toEqual([]);
    expect(emulator.entries('block')).toEqual([]);
  });

  it('with Verify SSL off, the same add succeeds over TLS', async () => {
    const run = await runScript(
      'add-ioc-to-block-list',
      contextFor(emulator, PARAMETERS, { configuration: { 'Verify SSL': 'false' } }),
    );

    expectBothAdded(run);
    expect(emulator.requests().map((request) => [request.path, request.status])).toEqual([
      [TOKEN_PATH, 200],
      [LIST_PATHS.block, 200],
      [LIST_PATHS.block, 200],
    ]);
  });
  it('with Verify SSL on and the certificate trusted, the add succeeds', async () => {
    const run = await runScript(
      'add-ioc-to-block-list',
      contextFor(emulator, PARAMETERS, { configuration: { 'Verify SSL': 'true' } }),
      { env: { NODE_EXTRA_CA_CERTS: trustedCertificate } },
    );

    expectBothAdded(run);
  });
});

describe('an HTTPS proxy', () => {
  let proxy: ConnectProxy;

  beforeEach(async () => {
    proxy = await startConnectProxy();
  });
  afterEach(async () => {
    await proxy.stop();
  });

  /** What the proxy must not see: credentials, and anything of the HTTP inside the tunnel. */
  function expectOnlyATunnel(): void {
    const target = `127.0.0.1:${emulator.port}`;
    expect(proxy.connects.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.connects)).toEqual(new Set([target]));
    expect(proxy.plainRequests).toEqual([]);
    // The emulator answered what came through the tunnel.
    expect(emulator.requests().map((request) => request.status)).toEqual([200, 200, 200]);

    const seen = proxy.bytes().toString('latin1');
    expect(seen).toContain(`CONNECT ${target} HTTP/1.1`);
    for (const secretOrPlaintext of [
      CANARY_SECRET,
      'Bearer',
      'client_secret',
      CLIENT_ID,
      'orgBlockList',
      ...VALUES,
    ]) {
      expect(seen.includes(secretOrPlaintext), `the proxy saw ${secretOrPlaintext}`).toBe(false);
    }
  }

  it('tunnels every call with CONNECT to a verified server: no secret or token seen', async () => {
    const run = await runScript(
      'add-ioc-to-block-list',
      contextFor(emulator, PARAMETERS, { configuration: { 'Verify SSL': 'true' } }),
      { env: { HTTPS_PROXY: proxy.url, NO_PROXY: '', NODE_EXTRA_CA_CERTS: trustedCertificate } },
    );

    expectBothAdded(run);
    expectOnlyATunnel();
  });

  it('honours Verify SSL off through the tunnel as well', async () => {
    const run = await runScript(
      'add-ioc-to-block-list',
      contextFor(emulator, PARAMETERS, { configuration: { 'Verify SSL': 'false' } }),
      { env: { HTTPS_PROXY: proxy.url, NO_PROXY: '' } },
    );

    expectBothAdded(run);
    expectOnlyATunnel();
  });

  it('is not used for a host NO_PROXY names', async () => {
    const run = await runScript(
      'add-ioc-to-block-list',
      contextFor(emulator, PARAMETERS, { configuration: { 'Verify SSL': 'false' } }),
      { env: { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } },
    );

    expectBothAdded(run);
    expect(proxy.connects).toEqual([]);
    expect(proxy.bytes().length).toBe(0);
  });
});
