/**
 * What the CLI prints once it listens: the connection details, ready to paste into an action
 * context or a .env file. Printing the secret is intended: it is the emulator's own test secret.
 */
import type { EmulatorOptions, RunningEmulator } from './create-emulator.ts';
import type { RequestRecord } from './request-log.ts';

export function formatStartupBanner(emulator: RunningEmulator, options: EmulatorOptions): string {
  const configuration = emulator.integrationConfiguration;
  const lines = [
    'Proofpoint Threat Protection emulator is running.',
    '',
    `API Root:      ${emulator.apiRoot}`,
    `Client ID:     ${emulator.clientId}`,
    `Client Secret: ${emulator.clientSecret}`,
    `Cluster ID:    ${emulator.clusterId}`,
    ...settingLines(options),
    '',
    'integration_configuration:',
    JSON.stringify(configuration, null, 2),
    '',
    'Or in a .env file:',
    `PROOFPOINT_API_ROOT=${configuration['API Root']}`,
    `PROOFPOINT_CLIENT_ID=${configuration['Client ID']}`,
    `PROOFPOINT_CLIENT_SECRET=${configuration['Client Secret']}`,
    `PROOFPOINT_CLUSTER_ID=${configuration['Cluster ID']}`,
    `PROOFPOINT_VERIFY_SSL=${configuration['Verify SSL']}`,
    '',
    'Press Ctrl+C to stop.',
  ];
  return `${lines.join('\n')}\n`;
}

/** The non-default settings, so a user sees why answers are slow or refused. */
function settingLines(options: EmulatorOptions): string[] {
  const lines: string[] = [];
  if (options.stateFile !== undefined) lines.push(`State file:    ${options.stateFile}`);
  if ((options.latencyMs ?? 0) > 0) lines.push(`Latency:       ${options.latencyMs} ms`);
  if (options.rateLimit !== undefined) {
    const { requests, windowMs } = options.rateLimit;
    lines.push(`Rate limit:    ${requests} list requests per ${windowMs} ms per client`);
  }
  if (options.tokenLifetimeSeconds !== undefined && options.tokenLifetimeSeconds !== 3600) {
    lines.push(`Token life:    ${options.tokenLifetimeSeconds} s`);
  }
  return lines;
}

/** One line per request for standard error; the log never holds a credential. */
export function formatRequestLine(record: RequestRecord): string {
  const query = new URLSearchParams(record.query).toString();
  const target = query === '' ? record.path : `${record.path}?${query}`;
  const outcome = record.status === 0 ? 'dropped' : String(record.status);
  return `${new Date(record.at).toISOString()} ${record.method} ${target} -> ${outcome}\n`;
}
