/** The emulator's command-line flags, turned into startEmulator options. */
import { DEFAULT_CLIENT } from '../../emulator/clients.ts';
import type { EmulatorOptions } from '../../emulator/create-emulator.ts';
import { type Command, parseFlags, UsageError, wholeNumber } from './command-line.ts';

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

export interface StartEmulator {
  kind: 'run';
  options: EmulatorOptions & { https: boolean };
  quiet: boolean;
}

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

/** @throws UsageError naming the flag and the value it refuses. */
export function parseEmulatorArgs(args: readonly string[]): Command<StartEmulator> {
  const values = parseFlags(args, FLAGS);
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
    port: wholeNumber('--port', values.port ?? String(DEFAULT_PORT), 0, 65_535),
    https: values.https ?? false,
    clients: [client],
    stateFile: values.state === undefined ? undefined : nonEmpty('--state', values.state),
    latencyMs: wholeNumber('--latency-ms', values['latency-ms'] ?? '0', 0),
    rateLimit: rateLimit(values['rate-limit']),
    tokenLifetimeSeconds: wholeNumber('--token-lifetime', values['token-lifetime'] ?? '3600', 1),
  };
  return { kind: 'run', options, quiet: values.quiet ?? false };
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} must not be empty`);

  return value;
}

function rateLimit(text: string | undefined): EmulatorOptions['rateLimit'] {
  if (text === undefined) return undefined;

  const [requests, windowMs, ...rest] = text.split('/');
  if (requests === undefined || windowMs === undefined || rest.length > 0) {
    throw new UsageError(`--rate-limit must be REQUESTS/WINDOW_MS, e.g. 10/60000, got "${text}"`);
  }
  return {
    requests: wholeNumber('--rate-limit requests', requests, 1),
    windowMs: wholeNumber('--rate-limit window', windowMs, 1),
  };
}
