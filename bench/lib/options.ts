/** The bench's command-line flags. */
import path from 'node:path';
import { type Command, parseFlags, UsageError, wholeNumber } from '../../tools/lib/command-line.ts';
import { CONCURRENCIES } from './bulk-add.ts';
import type { RssMethod } from './measure.ts';
import { DEFAULT_CONCURRENCY } from './summaries.ts';

export const SCENARIOS = ['startup', 'profile', 'bulk', 'limit', 'large'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The fewest runs a median is taken over. */
export const MIN_ROUNDS = 5;
const MAX_ROUNDS = 101;
const DEFAULT_STARTUP_ROUNDS = 11;

export const USAGE = `Usage: npm run bench -- [options]

Runs the built action scripts as processes against the local emulator and compares them with
floors measured in the same run. Exit code 0 when every scenario ran (a MISS is reported, not an
error), 1 when one could not, 2 on a bad option.

Options:
  --rounds N             runs per figure, ${MIN_ROUNDS}-${MAX_ROUNDS} (default ${MIN_ROUNDS})
  --startup-rounds N     runs per start-up figure, ${MIN_ROUNDS}-${MAX_ROUNDS} \
(default ${DEFAULT_STARTUP_ROUNDS})
  --only LIST            a subset of ${SCENARIOS.join(',')}
  --concurrencies LIST   the trade-off table's concurrencies (default ${CONCURRENCIES.join(',')});
                         1 and the default, ${DEFAULT_CONCURRENCY}, are always measured
  --actions DIR          the action scripts to measure (default dist/actions), so a candidate
                         build can be compared against the same floors
  --out FILE             where the figures go (default bench/results/latest.json)
  --rss METHOD           how peak RSS is read: auto (GNU time when installed), gnu-time or
                         proc-vmhwm (default auto)
  -h, --help             show this help
`;

export interface BenchOptions {
  rounds: number;
  startupRounds: number;
  concurrencies: number[];
  only: Set<Scenario>;
  actionsDir: string;
  outFile: string;
  rss: RssMethod | undefined;
}

export interface RunBench {
  kind: 'run';
  options: BenchOptions;
}

const FLAGS = {
  rounds: { type: 'string', default: String(MIN_ROUNDS) },
  'startup-rounds': { type: 'string', default: String(DEFAULT_STARTUP_ROUNDS) },
  only: { type: 'string', default: SCENARIOS.join(',') },
  concurrencies: { type: 'string', default: CONCURRENCIES.join(',') },
  actions: { type: 'string' },
  rss: { type: 'string', default: 'auto' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Paths given on the command line resolve against the working directory; the defaults live
 * under `repoRoot`.
 * @throws UsageError naming the option and what it takes.
 */
export function parseBenchArgs(args: readonly string[], repoRoot: string): Command<RunBench> {
  const values = parseFlags(args, FLAGS);
  if (values.help === true) return { kind: 'help' };

  const options: BenchOptions = {
    rounds: wholeNumber('--rounds', values.rounds, MIN_ROUNDS, MAX_ROUNDS),
    startupRounds: wholeNumber(
      '--startup-rounds',
      values['startup-rounds'],
      MIN_ROUNDS,
      MAX_ROUNDS,
    ),
    concurrencies: concurrencies(values.concurrencies),
    only: scenarios(values.only),
    actionsDir: path.resolve(values.actions ?? path.join(repoRoot, 'dist', 'actions')),
    outFile: path.resolve(values.out ?? path.join(repoRoot, 'bench', 'results', 'latest.json')),
    rss: rssMethod(values.rss),
  };
  return { kind: 'run', options };
}

function scenarios(text: string): Set<Scenario> {
  const only = new Set<Scenario>();
  for (const name of text.split(',')) {
    const scenario = SCENARIOS.find((known) => known === name.trim());
    if (scenario === undefined) {
      throw new UsageError(`--only takes ${SCENARIOS.join(', ')}, got "${name.trim()}"`);
    }
    only.add(scenario);
  }
  return only;
}

function concurrencies(text: string): number[] {
  const chosen = new Set([1, DEFAULT_CONCURRENCY]);
  for (const part of text.split(','))
    chosen.add(wholeNumber('--concurrencies', part.trim(), 1, 50));
  return [...chosen].sort((a, b) => a - b);
}

function rssMethod(text: string): RssMethod | undefined {
  if (text === 'auto') return undefined;
  if (text === 'gnu-time' || text === 'proc-vmhwm') return text;
  throw new UsageError(`--rss takes auto, gnu-time or proc-vmhwm, got "${text}"`);
}
