import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../tools/lib/command-line.ts';
import { parseEmulatorArgs } from '../../tools/lib/emulator-options.ts';
import { requestToken } from './emulator-api.ts';

describe('parseEmulatorArgs', () => {
  it('starts on 127.0.0.1:8080 with the default client when given no flag', () => {
    expect(parseEmulatorArgs([])).toEqual({
      kind: 'run',
      quiet: false,
      options: {
        host: '127.0.0.1',
        port: 8080,
        https: false,
        clients: [
          {
            clientId: 'emulator-client',
            clientSecret: 'emulator-client-secret',
            clusters: ['emulator_hosted'],
          },
        ],
        stateFile: undefined,
        latencyMs: 0,
        rateLimit: undefined,
        tokenLifetimeSeconds: 3600,
      },
    });
  });

  it('reads every flag', () => {
    const command = parseEmulatorArgs([
      '--host=::1',
      '--port',
      '0',
      '--https',
      '--state',
      'lists.json',
      '--latency-ms',
      '25',
      '--rate-limit',
      '20/1000',
      '--token-lifetime',
      '60',
      '--client-id',
      'me',
      '--client-secret',
      'my-secret',
      '--cluster-id',
      'acme_hosted',
      '--quiet',
    ]);

    expect(command).toEqual({
      kind: 'run',
      quiet: true,
      options: {
        host: '::1',
        port: 0,
        https: true,
        clients: [{ clientId: 'me', clientSecret: 'my-secret', clusters: ['acme_hosted'] }],
        stateFile: 'lists.json',
        latencyMs: 25,
        rateLimit: { requests: 20, windowMs: 1000 },
        tokenLifetimeSeconds: 60,
      },
    });
  });

  it.each([['--help'], ['-h']])('asks for help on %s', (flag) => {
    expect(parseEmulatorArgs(['--port', '1', flag])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port', '70000'], '--port must be a whole number, 0-65535, got "70000"'],
    [['--port=-1'], '--port must be a whole number, 0-65535, got "-1"'],
    [['--latency-ms', '1.5'], '--latency-ms must be a whole number, at least 0, got "1.5"'],
    [['--token-lifetime', '0'], '--token-lifetime must be a whole number, at least 1, got "0"'],
    [['--rate-limit', '20'], '--rate-limit must be REQUESTS/WINDOW_MS, e.g. 10/60000, got "20"'],
    [
      ['--rate-limit', '0/1000'],
      '--rate-limit requests must be a whole number, at least 1, got "0"',
    ],
    [['--client-secret', ''], '--client-secret must not be empty'],
    [['--verbose'], "Unknown option '--verbose'"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('refuses %j', (args, message) => {
    expect(() => parseEmulatorArgs(args)).toThrow(UsageError);
    expect(() => parseEmulatorArgs(args)).toThrow(message);
  });
});

describe('the emulator command', () => {
  let directory: string;
  let bundle: string;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
    bundle = join(directory, 'emulator.mjs');
    await build({
      entryPoints: ['tools/emulator.ts'],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'silent',
    });
  });

  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const run = (args: string[]) => {
    const started = spawn(process.execPath, [bundle, ...args], { stdio: 'pipe' });
    child = started;
    const output = { stdout: '', stderr: '' };
    started.stdout.setEncoding('utf8').on('data', (text: string) => {
      output.stdout += text;
    });
    started.stderr.setEncoding('utf8').on('data', (text: string) => {
      output.stderr += text;
    });
    const exited = new Promise<number | null>((resolve) => started.on('exit', resolve));
    return { emulator: started, output, exited };
  };

  it('prints the connection details, logs requests, and stops cleanly on SIGTERM', async () => {
    const { emulator, output, exited } = run(['--port', '0']);
    await waitFor(() => output.stdout.includes('Press Ctrl+C to stop.\n'));
    const apiRoot = /^API Root: {6}(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output.stdout)?.[1] ?? '';

    const credentials = { clientId: 'emulator-client', clientSecret: 'emulator-client-secret' };
    const token = await requestToken({ apiRoot, ...credentials });
    await waitFor(() => output.stderr.includes('POST /v1/token -> 200'));
    emulator.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(token.status).toBe(200);
    expect(output.stdout).toBe(expectedBanner(apiRoot));
    expect(output.stderr).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z POST \/v1\/token -> 200\nemulator: SIGTERM received, stopping\n$/,
    );
  });

  it('shows the settings that change answers, and Verify SSL false over HTTPS', async () => {
    const stateFile = join(directory, 'shown.json');
    const args = ['--port', '0', '--https', '--state', stateFile, '--latency-ms', '5'];
    const { emulator, output, exited } = run([...args, '--rate-limit', '10/60000']);
    await waitFor(() => output.stdout.includes('Press Ctrl+C to stop.\n'));
    emulator.kill('SIGINT');

    expect(await exited).toBe(0);
    expect(output.stdout).toContain(
      `State file:    ${stateFile}\nLatency:       5 ms\n` +
        'Rate limit:    10 list requests per 60000 ms per client\n',
    );
    expect(output.stdout).toMatch(/^API Root: {6}https:\/\/127\.0\.0\.1:\d+$/m);
    expect(output.stdout).toContain('"Verify SSL": "false"');
    expect(output.stdout).toContain('PROOFPOINT_VERIFY_SSL=false\n');
  });

  it('exits 1 naming a corrupt state file, without a stack trace', async () => {
    const stateFile = join(directory, 'corrupt.json');
    await writeFile(stateFile, 'not json');
    const { output, exited } = run(['--port', '0', '--state', stateFile]);

    expect(await exited).toBe(1);
    expect(output.stdout).toBe('');
    expect(output.stderr).toMatch(
      new RegExp(`^emulator: Emulator state file ${stateFile} is not valid JSON: [^\\n]+\\n$`),
    );
  });

  it('exits 2 on a bad flag, and 0 with the usage on --help', async () => {
    const bad = run(['--port', 'eighty']);
    expect(await bad.exited).toBe(2);
    expect(bad.output.stderr).toBe(
      'emulator: --port must be a whole number, 0-65535, got "eighty"\n' +
        'Run with --help for the options.\n',
    );

    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.output.stdout).toMatch(/^Usage: npm run emulator -- \[options\]\n/);
    expect(help.output.stdout).toContain('--rate-limit R/MS');
  });
});

function expectedBanner(apiRoot: string): string {
  return `Proofpoint Threat Protection emulator is running.

API Root:      ${apiRoot}
Client ID:     emulator-client
Client Secret: emulator-client-secret
Cluster ID:    emulator_hosted

integration_configuration:
{
  "API Root": "${apiRoot}",
  "Client ID": "emulator-client",
  "Client Secret": "emulator-client-secret",
  "Cluster ID": "emulator_hosted",
  "Verify SSL": "true"
}

Or in a .env file:
PROOFPOINT_API_ROOT=${apiRoot}
PROOFPOINT_CLIENT_ID=emulator-client
PROOFPOINT_CLIENT_SECRET=emulator-client-secret
PROOFPOINT_CLUSTER_ID=emulator_hosted
PROOFPOINT_VERIFY_SSL=true

Press Ctrl+C to stop.
`;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (condition()) return;

    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met within 5 s');
}
