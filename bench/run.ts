/**
 * `npm run bench`: runs the built action scripts as processes against the local emulator,
 * takes the median of several runs of each figure against floors measured in the same run,
 * prints the tables and writes bench/results/latest.json. The README's Performance section says
 * what each figure means; `npm run bench -- --help` lists the options and the exit codes.
 */
import { spawnSync } from 'node:child_process';
import events from 'node:events';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/create-emulator.ts';
import { runCommandLine } from '../tools/lib/command-line.ts';
import type { BenchContext, Scripts } from './lib/bench-context.ts';
import { measureBulkAdd } from './lib/bulk-add.ts';
import type { Figure } from './lib/figures.ts';
import { measureLargeList } from './lib/large-list.ts';
import { ProcessRunner } from './lib/measure.ts';
import { parseBenchArgs, type RunBench, type Scenario, USAGE } from './lib/options.ts';
import { type ProfileResult, profilePing } from './lib/profile.ts';
import { measureRateLimit } from './lib/rate-limit.ts';
import {
  breakdownTable,
  figuresTable,
  profileTable,
  resultOf,
  tradeOffTable,
} from './lib/report.ts';
import { measureStartup, type StartupResult } from './lib/startup.ts';
import { median } from './lib/stats.ts';
import {
  bulkFigures,
  DEFAULT_CONCURRENCY,
  largeListFigures,
  rateLimitFigures,
  type TradeOffRow,
  tradeOffs,
} from './lib/summaries.ts';

/**
 * Removed from every child's environment. NODE_EXTRA_CA_CERTS makes each Node process parse the
 * named bundle at start-up (about 45 ms for the 144 certificates of a system bundle on the
 * reference machine), which no request to the loopback emulator needs; proxies would take the
 * loopback calls elsewhere; PROOFPOINT_* would change what the actions do.
 */
const REMOVED_VARIABLES = [
  /^NODE_EXTRA_CA_CERTS$/,
  /^NODE_OPTIONS$/,
  /^(HTTP|HTTPS|ALL|NO)_PROXY$/i,
  /^PROOFPOINT_/,
];

const ACTION_SCRIPTS = {
  ping: 'ping.js',
  addIocToBlockList: 'add-ioc-to-block-list.js',
  getBlockListEntries: 'get-block-list-entries.js',
  removeEntryFromBlockList: 'remove-entry-from-block-list.js',
} as const;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function runBench({ options }: RunBench): Promise<number> {
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  // The emulator's latency sleeps each listen on one AbortSignal; at concurrency 20 that is
  // more than Node's default of 10 listeners, which would only print a leak warning.
  events.defaultMaxListeners = 64;
  const emulator = await startEmulator();
  const errors: string[] = [];
  let workDir: string | undefined;

  try {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'pp-bench-'));
    const python = findPython();
    const scripts = await copyScripts(workDir, options.actionsDir, python.executable);
    const context: BenchContext = {
      emulator,
      runner: new ProcessRunner(workDir, options.rss),
      scripts,
      rounds: options.rounds,
      startupRounds: options.startupRounds,
      concurrencies: options.concurrencies,
      env: childEnvironment(),
      extraCaCerts: process.env['NODE_EXTRA_CA_CERTS'] || undefined,
      workDir,
      progress: (line) => {
        const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(0);
        process.stderr.write(`[bench ${seconds.padStart(4)} s] ${line}\n`);
      },
    };
    context.progress(
      `${options.rounds} rounds (start-up: ${options.startupRounds}); ` +
        `peak RSS via ${context.runner.rssMethod}; python ${python.version}`,
    );

    const attempt = async <T>(scenario: Scenario, run: () => Promise<T>) => {
      if (!options.only.has(scenario)) return undefined;
      try {
        return await run();
      } catch (error) {
        errors.push(`${scenario}: ${(error as Error).stack ?? String(error)}`);
        context.progress(`${scenario} could not run: ${(error as Error).message}`);
        return undefined;
      }
    };
    const startup = await attempt('startup', () => measureStartup(context));
    const profile = await attempt('profile', () => profilePing(context));
    const bulk = await attempt('bulk', () => measureBulkAdd(context));
    const limited = await attempt('limit', () => measureRateLimit(context));
    const large = await attempt('large', () => measureLargeList(context));

    const bareMs = median(bulk?.bare ?? []);
    const figures = [
      ...(startup?.figures ?? []),
      ...(bulk === undefined ? [] : bulkFigures(bulk, bareMs)),
      ...(limited === undefined ? [] : rateLimitFigures(limited)),
      ...(large === undefined ? [] : largeListFigures(large)),
    ];
    const rows =
      bulk !== undefined && limited !== undefined ? tradeOffs(bulk, limited, bareMs) : [];

    const machine = describeMachine(python.version, startedAt, loadAtStart);
    printReport(figures, rows, startup, profile, machine);
    const file = await writeResults(options.outFile, {
      machine,
      method: {
        rounds: options.rounds,
        startupRounds: options.startupRounds,
        concurrencies: options.concurrencies,
        statistic: 'median',
        timing: 'wall time from spawn to exit, measured by the bench process',
        peakRss: context.runner.rssMethod,
        defaultConcurrency: DEFAULT_CONCURRENCY,
        removedFromChildEnvironment: REMOVED_VARIABLES.map(String),
        python: python.executable,
        actions: path.relative(repoRoot, options.actionsDir),
      },
      figures: figures.map((figure) => ({ ...figure, result: resultOf(figure) })),
      tradeOffs: rows,
      startupBreakdown: startup?.breakdown ?? [],
      startupMedians: startup?.medians ?? {},
      profile: profile ?? null,
      errors,
    });
    process.stdout.write(`\nFigures written to ${path.relative(process.cwd(), file)}\n`);
  } finally {
    await emulator.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  }

  for (const error of errors) process.stderr.write(`\n${error}\n`);
  return errors.length === 0 ? 0 : 1;
}

/**
 * Copies what the children run into the bench's own directory: another `npm run build` empties
 * dist/ while it runs, which must not pull the scripts from under a run.
 */
async function copyScripts(
  workDir: string,
  actionsDir: string,
  pythonExecutable: string,
): Promise<Scripts> {
  const dist = path.join(repoRoot, 'dist');
  const copy = async (from: string, ...to: string[]) => {
    const target = path.join(workDir, ...to);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(from, target).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${path.relative(repoRoot, from)} is missing (${error.code}); build first`);
    });
    return target;
  };
  const copyAll = async (directory: string) => {
    const files = (await readdir(path.join(dist, 'bench', directory))).filter((file) =>
      file.endsWith('.js'),
    );
    const entries = await Promise.all(
      files.map(async (file) => [
        file.replace(/\.js$/, '').replace(/^ping-/, ''),
        await copy(path.join(dist, 'bench', directory, file), directory, file),
      ]),
    );
    return Object.fromEntries(entries) as Record<string, string>;
  };

  const action = (file: string) => copy(path.join(actionsDir, file), 'actions', file);
  const ping = await action(ACTION_SCRIPTS.ping);
  const check = path.join(dist, 'bench', 'check');
  const mirror = await readFile(path.join(check, 'ping-mirror.js'));

  return {
    ping,
    addIocToBlockList: await action(ACTION_SCRIPTS.addIocToBlockList),
    getBlockListEntries: await action(ACTION_SCRIPTS.getBlockListEntries),
    removeEntryFromBlockList: await action(ACTION_SCRIPTS.removeEntryFromBlockList),
    bare: await copy(path.join(repoRoot, 'bench', 'bare-client.mjs'), 'bare-client.mjs'),
    python: await copy(path.join(repoRoot, 'bench', 'bare_client.py'), 'bare_client.py'),
    pythonExecutable,
    probes: await copyAll('probes'),
    variants: await copyAll('variants'),
    pingProfile: await copy(path.join(check, 'ping-profile.js'), 'check', 'ping-profile.js'),
    profileMatchesBuild: mirror.equals(await readFile(ping)),
  };
}

/** The interpreter itself: a pyenv shim on PATH is a shell script that costs ~60 ms a start. */
function findPython(): { executable: string; version: string } {
  const result = spawnSync(
    'python3',
    ['-c', 'import sys, platform; print(sys.executable); print(platform.python_version())'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const [executable, version] = (result.stdout ?? '').trim().split('\n');
  if (result.status !== 0 || executable === undefined || version === undefined) {
    throw new Error(`python3 is needed for the start-up comparison: ${result.stderr ?? ''}`);
  }
  return { executable, version };
}

function childEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !REMOVED_VARIABLES.some((pattern) => pattern.test(name)),
    ),
  );
}

interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  python: string;
  date: string;
  loadAverage: { start: number[]; end: number[] };
}

function describeMachine(python: string, startedAt: Date, loadAtStart: number[]): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    python,
    date: startedAt.toISOString(),
    loadAverage: { start: loadAtStart, end: os.loadavg() },
  };
}

function printReport(
  figures: readonly Figure[],
  rows: readonly TradeOffRow[],
  startup: StartupResult | undefined,
  profile: ProfileResult | undefined,
  machine: Machine,
): void {
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  const out: string[] = [
    '',
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; ${machine.os}; ` +
      `Node ${machine.node}; Python ${machine.python}; ${machine.date}`,
    `load average at start ${load(machine.loadAverage.start)}, ` +
      `at end ${load(machine.loadAverage.end)}`,
  ];
  if (figures.length > 0) out.push('', figuresTable(figures));
  if (rows.length > 0) {
    out.push('', 'Concurrency trade-offs (PROOFPOINT_CONCURRENCY):', '', tradeOffTable(rows));
  }
  if (startup !== undefined) {
    out.push('', 'Start-up breakdown:', '', breakdownTable(startup.breakdown, startup.medians));
  }
  if (profile !== undefined) out.push('', profileTable(profile, 12));
  if (profile !== undefined && !profile.matchesBuild) {
    out.push(
      'The profiled copy of Ping is not the action build: a minified copy built the same way',
      "differs from dist/actions/ping.js. Bring bench/build.mjs's mirror of scripts/build.mjs",
      'up to date.',
    );
  }

  const failures = figures.flatMap((figure) => figure.failures.map((f) => `${figure.name}: ${f}`));
  if (failures.length > 0) out.push('', 'Runs that did not count:', ...failures.slice(0, 20));
  process.stdout.write(`${out.join('\n')}\n`);
}

async function writeResults(file: string, results: Record<string, unknown>): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

const bench = {
  name: 'bench',
  usage: USAGE,
  parse: (args: readonly string[]) => parseBenchArgs(args, repoRoot),
  run: runBench,
};
process.exitCode = await runCommandLine(bench, process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
});
