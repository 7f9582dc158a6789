/**
 * A local stand-in for the Proofpoint Threat Protection list API and its token endpoint, for
 * trying the package without a tenant, for end-to-end tests and for benchmarks.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEFAULT_CLIENT, type EmulatorClient, toClientRegistry } from './clients.ts';
import type { ListName } from './entry-rules.ts';
import { type FailOptions, FaultControls, type FaultOptions } from './faults.ts';
import { type EntryInput, type ListEntry, type ListSeed, ListStore } from './list-store.ts';
import { type RateLimit, RateLimiter } from './rate-limiter.ts';
import { type EmulatorState, handleRequest } from './request-handler.ts';
import { RequestLog, type RequestObserver, type RequestRecord } from './request-log.ts';
import { loadState, StateFileWriter } from './state-file.ts';
import { TEST_CERTIFICATE_PEM, TEST_PRIVATE_KEY_PEM } from './test-certificate.ts';
import { TokenStore } from './token-store.ts';

export type { EmulatorClient } from './clients.ts';
export type { ListName } from './entry-rules.ts';
export type { FailOptions, FaultOptions, FaultTarget } from './faults.ts';
export type { EntryInput, ListEntry, ListSeed } from './list-store.ts';
export type { RateLimit } from './rate-limiter.ts';
export type { RequestObserver, RequestRecord } from './request-log.ts';

export interface EmulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string | undefined;
  /** Default 0: a free port. */
  port?: number | undefined;
  /** Serve TLS with the committed self-signed test certificate. */
  https?: boolean | undefined;
  /** Default: `emulator-client`, entitled to `emulator_hosted`. The first is the default client. */
  clients?: readonly EmulatorClient[] | undefined;
  /** Default 3600, as Proofpoint documents. */
  tokenLifetimeSeconds?: number | undefined;
  latencyMs?: number | undefined;
  rateLimit?: RateLimit | undefined;
  /** Lists load from here when it exists and are saved here after every change. */
  stateFile?: string | undefined;
  /** Lists to start with; each list given replaces the one loaded from the state file. */
  seed?: ListSeed | undefined;
  /** Milliseconds for token expiry, rate-limit windows and the log; tests move it by hand. */
  clock?: (() => number) | undefined;
  /** Called once each request is answered or dropped. */
  onRequest?: RequestObserver | undefined;
}

export interface IntegrationConfiguration {
  'API Root': string;
  'Client ID': string;
  'Client Secret': string;
  'Cluster ID': string;
  'Verify SSL': 'true' | 'false';
}

export interface RunningEmulator {
  /** E.g. `http://127.0.0.1:54321`; the token endpoint is `${apiRoot}/v1/token`. */
  readonly apiRoot: string;
  readonly port: number;
  /** The default (first) client's credentials and first cluster. */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clusterId: string;
  /** The PEM to trust, when serving HTTPS. */
  readonly certificatePem: string | undefined;
  /** The SecOps integration parameters that reach this emulator as the default client. */
  readonly integrationConfiguration: IntegrationConfiguration;
  /** Copies of the stored entries in list order; `comment` is `''` when there is none. */
  entries(list: ListName, clusterId?: string): ListEntry[];
  /**
   * Replaces a list as given, without the API's validation, so tests can seed what the API would
   * refuse. Throws on a repeated triple. Resolves once saved, when there is a state file.
   */
  setEntries(list: ListName, entries: readonly EntryInput[], clusterId?: string): Promise<void>;
  setLatency(latencyMs: number): void;
  /** Answers the next `count` matching requests with `status` and an errorMessage; no change. */
  failNext(count: number, status: number, options?: FailOptions): void;
  /** Destroys the socket of the next `count` matching requests without answering. */
  dropNext(count: number, options?: FaultOptions): void;
  /** Per client id over list-endpoint requests; `undefined` turns it off. */
  setRateLimit(limit: RateLimit | undefined): void;
  /** For tokens issued from now on. */
  setTokenLifetime(seconds: number): void;
  revokeAllTokens(): void;
  /** Turns off latency, queued failures and drops, and the rate limit. */
  clearFaults(): void;
  requests(): RequestRecord[];
  resetRequestLog(): void;
  /** Closes every connection, then waits for the last state write. */
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await createState(options);
  const useHttps = options.https ?? false;
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    void handleRequest(emulator, request, response);
  };
  const server = useHttps
    ? https.createServer({ cert: TEST_CERTIFICATE_PEM, key: TEST_PRIVATE_KEY_PEM }, handler)
    : http.createServer(handler);

  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);

  const { port } = server.address() as AddressInfo;
  const apiRoot = `${useHttps ? 'https' : 'http'}://${urlHost(host)}:${port}`;
  return toRunningEmulator(emulator, server, { apiRoot, port, useHttps });
}

async function createState(options: EmulatorOptions): Promise<EmulatorState> {
  const clock = options.clock ?? Date.now;
  const clients = toClientRegistry(options.clients ?? [DEFAULT_CLIENT]);
  const store = new ListStore();
  const stateFile = options.stateFile;

  const loaded = stateFile === undefined ? undefined : await loadState(stateFile);
  if (loaded !== undefined) applySeed(store, loaded, `state file ${stateFile}`);
  if (options.seed !== undefined) applySeed(store, options.seed, 'seed');

  const writer =
    stateFile === undefined
      ? undefined
      : new StateFileWriter(stateFile, () => ({ version: 1, clusters: store.toSeed() }));
  if (writer !== undefined && options.seed !== undefined) await writer.save();

  return {
    clients,
    tokens: new TokenStore(options.tokenLifetimeSeconds ?? 3600, clock),
    rateLimiter: new RateLimiter(options.rateLimit, clock),
    faults: new FaultControls(options.latencyMs ?? 0),
    store,
    log: new RequestLog(),
    writer,
    clock,
    onRequest: options.onRequest,
    stopping: new AbortController(),
  };
}

function applySeed(store: ListStore, seed: ListSeed, source: string): void {
  try {
    store.applySeed(seed);
  } catch (error) {
    throw new Error(`Emulator ${source}: ${(error as Error).message}`);
  }
}

type Server = http.Server | https.Server;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A wildcard bind is reached on loopback; IPv6 literals need brackets in a URL. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';

  return host.includes(':') ? `[${host}]` : host;
}

function toRunningEmulator(
  emulator: EmulatorState,
  server: Server,
  { apiRoot, port, useHttps }: { apiRoot: string; port: number; useHttps: boolean },
): RunningEmulator {
  const [defaultClient] = emulator.clients.values();
  if (defaultClient === undefined) throw new Error('the emulator needs at least one client');

  const clusterId = defaultClient.clusters[0] ?? '';
  const { store, faults, tokens, log, writer } = emulator;
  const save = (): Promise<void> => writer?.save() ?? Promise.resolve();
  let stopped: Promise<void> | undefined;

  return {
    apiRoot,
    port,
    clientId: defaultClient.clientId,
    clientSecret: defaultClient.clientSecret,
    clusterId,
    certificatePem: useHttps ? TEST_CERTIFICATE_PEM : undefined,
    integrationConfiguration: {
      'API Root': apiRoot,
      'Client ID': defaultClient.clientId,
      'Client Secret': defaultClient.clientSecret,
      'Cluster ID': clusterId,
      'Verify SSL': useHttps ? 'false' : 'true',
    },
    entries: (list, cluster = clusterId) => store.list(cluster, list).all(),
    setEntries: async (list, entries, cluster = clusterId) => {
      store.list(cluster, list).replace(entries);
      await save();
    },
    setLatency: (latencyMs) => faults.setLatency(latencyMs),
    failNext: (count, status, options) => faults.failNext(count, status, options),
    dropNext: (count, options) => faults.dropNext(count, options),
    setRateLimit: (limit) => emulator.rateLimiter.set(limit),
    setTokenLifetime: (seconds) => tokens.setLifetime(seconds),
    revokeAllTokens: () => tokens.revokeAll(),
    clearFaults: () => {
      faults.reset();
      emulator.rateLimiter.set(undefined);
    },
    requests: () => log.all(),
    resetRequestLog: () => log.clear(),
    stop: () => {
      stopped ??= stop(emulator, server);
      return stopped;
    },
  };
}

async function stop(emulator: EmulatorState, server: Server): Promise<void> {
  emulator.stopping.abort();

  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;

  await emulator.writer?.flush();
}
