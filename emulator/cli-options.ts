/** The emulator's command-line flags, turned into startEmulator options. */
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT } from './clients.ts';
import type { EmulatorOptions } from './create-emulator.ts';

export const DEFAULT_PORT = 8080;

export const USAGE = `Usage: npm run emulator -- [options]

A local emulator of the Proofpoint Threat Protection allow list and block list API.

Options:
  --host HOST            address to listen on (default 127.0.0.1)
  --port N               port to listen on, 0 for any free port (default ${DEFAULT_PORT})
  --https                serve HTTPS with the bundled self-signed test certificate
  --state FILE           load the lists from FILE and save them there after every change
  --latency-ms N         wait N ms before answering each request (default 0)
  --rate-limit R/MS      answer 429 past R list requests per MS ms per client, e.g. 10/60000
  --token-lifetime S     access tokens expire after S seconds (default 3600)
  --client-id ID         the accepted client id (default ${DEFAULT_CLIENT.clientId})
  --client-secret SECRET the accepted client secret (default ${DEFAULT_CLIENT.clientSecret})
  --cluster-id ID        the cluster the client may use (default ${DEFAULT_CLIENT.clusters[0]})
  --quiet                do not log each request on standard error
  -h, --help             show this help
`;

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'start'; options: EmulatorOptions & { https: boolean }; quiet: boolean };

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  https: { type: 'boolean' },
  state: { type: 'string' },
  'latency-ms': { type: 'string' },
  'rate-limit': { type: 'string' },
  'token-lifetime': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'cluster-id': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** @throws CliUsageError naming the flag and the value it refuses. */
export function parseCliArgs(args: readonly string[]): CliCommand {
  const { values } = parseFlags(args);
  if (values.help === true) return { kind: 'help' };

  const client = {
    clientId: nonEmpty('--client-id', values['client-id'] ?? DEFAULT_CLIENT.clientId),
    clientSecret: nonEmpty(
      '--client-secret',
      values['client-secret'] ?? DEFAULT_CLIENT.clientSecret,
    ),
    clusters: [nonEmpty('--cluster-id', values['cluster-id'] ?? DEFAULT_CLIENT.clusters[0] ?? '')],
  };
  const options = {
    host: nonEmpty('--host', values.host ?? '127.0.0.1'),
    port: integer('--port', values.port ?? String(DEFAULT_PORT), 0, 65_535),
    https: values.https ?? false,
    clients: [client],
    stateFile: values.state === undefined ? undefined : nonEmpty('--state', values.state),
    latencyMs: integer('--latency-ms', values['latency-ms'] ?? '0', 0),
    rateLimit: rateLimit(values['rate-limit']),
    tokenLifetimeSeconds: integer('--token-lifetime', values['token-lifetime'] ?? '3600', 1),
  };
  return { kind: 'start', options, quiet: values.quiet ?? false };
}

function parseFlags(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: FLAGS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new CliUsageError(`${flag} must not be empty`);

  return value;
}

function integer(flag: string, text: string, minimum: number, maximum = Number.MAX_SAFE_INTEGER) {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= minimum && value <= maximum)) {
    const range =
      maximum === Number.MAX_SAFE_INTEGER ? `at least ${minimum}` : `${minimum}-${maximum}`;
    throw new CliUsageError(`${flag} must be a whole number, ${range}, got "${text}"`);
  }
  return value;
}

function rateLimit(text: string | undefined): EmulatorOptions['rateLimit'] {
  if (text === undefined) return undefined;

  const [requests, windowMs, ...rest] = text.split('/');
  if (requests === undefined || windowMs === undefined || rest.length > 0) {
    throw new CliUsageError(
      `--rate-limit must be REQUESTS/WINDOW_MS, e.g. 10/60000, got "${text}"`,
    );
  }
  return {
    requests: integer('--rate-limit requests', requests, 1),
    windowMs: integer('--rate-limit window', windowMs, 1),
  };
}
