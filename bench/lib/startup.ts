/**
 * Scenario 1, start-up: Ping end to end against the bare node:http script and the Python urllib
 * script making the same two calls, interleaved round by round. The same rounds time each
 * dependency bundled alone against an empty file, and the experimental Ping bundles, so every
 * start-up figure shares the same drift.
 */
import { actionContext, parseActionResult } from './action-io.ts';
import { type BenchContext, runNode, runProblem, runPython } from './bench-context.ts';
import { type Figure, makeFigure } from './figures.ts';
import type { RunResult } from './measure.ts';
import { median, rotate } from './stats.ts';

export const PING_TARGET_RATIO = 1.5;

interface Command {
  id: string;
  run: () => Promise<RunResult>;
  check: (result: RunResult) => string | undefined;
}

export interface BreakdownRow {
  name: string;
  kind: 'node' | 'dependency' | 'variant';
  medianMs: number;
  /** Over an empty file for a dependency, over Ping for a variant. */
  deltaMs: number;
  /** Over the bare script. */
  ratioToBare: number;
}

export interface StartupResult {
  figures: Figure[];
  breakdown: BreakdownRow[];
  medians: Record<string, number>;
}

export async function measureStartup(context: BenchContext): Promise<StartupResult> {
  const { emulator, scripts } = context;
  await emulator.setEntries('block', []);
  emulator.setLatency(0);
  emulator.setRateLimit(undefined);
  const input = actionContext(emulator.integrationConfiguration);

  const exitsCleanly = (what: string) => (result: RunResult) => runProblem(result, what);
  const commands: Command[] = [
    {
      id: 'bare',
      run: () => runNode(context, { script: scripts.bare, input }),
      check: exitsCleanly('the bare script'),
    },
    {
      id: 'ping',
      run: () => runNode(context, { script: scripts.ping, input }),
      check: (result) => pingProblem(result, 'Ping'),
    },
    { id: 'python', run: () => runPython(context, input), check: exitsCleanly('python') },
    ...Object.entries(scripts.probes).map(([name, script]) => ({
      id: `probe:${name}`,
      run: () => runNode(context, { script, input: '' }),
      check: exitsCleanly(`the ${name} probe`),
    })),
    ...extraCaCommands(context),
    ...Object.entries(scripts.variants).map(([name, script]) => ({
      id: `variant:${name}`,
      run: () => runNode(context, { script, input }),
      check: (result: RunResult) => pingProblem(result, `the ${name} variant`),
    })),
  ];

  const samples = new Map<string, number[]>(commands.map((command) => [command.id, []]));
  const failures = new Map<string, string[]>(commands.map((command) => [command.id, []]));
  // One untimed round first: the first start of each file pays for reading it from disk.
  for (const command of commands) await command.run();

  for (let round = 0; round < context.startupRounds; round += 1) {
    for (const command of rotate(commands, round)) {
      const result = await command.run();
      const problem = command.check(result);
      if (problem === undefined) samples.get(command.id)?.push(result.wallMs);
      else failures.get(command.id)?.push(problem);
    }
    context.progress(`start-up: round ${round + 1} of ${context.startupRounds}`);
  }

  return summarise(samples, failures);
}

/**
 * When the bench's own environment names NODE_EXTRA_CA_CERTS (removed from the children's), the
 * empty file once more with it: what every action start pays where a runtime sets it.
 */
function extraCaCommands(context: BenchContext): Command[] {
  const bundle = context.extraCaCerts;
  const empty = context.scripts.probes['empty'];
  if (bundle === undefined || empty === undefined) return [];

  const env = { NODE_EXTRA_CA_CERTS: bundle };
  return [
    {
      id: 'env:empty, with NODE_EXTRA_CA_CERTS',
      run: () => runNode(context, { script: empty, input: '', env }),
      check: (result) => runProblem(result, 'the empty file with NODE_EXTRA_CA_CERTS'),
    },
  ];
}

function pingProblem(result: RunResult, what: string): string | undefined {
  const problem = runProblem(result, what);
  if (problem !== undefined) return problem;

  try {
    const parsed = parseActionResult(result.stdout);
    return parsed.resultValue ? undefined : `${what} failed: ${parsed.message}`;
  } catch (error) {
    return `${what} wrote no result: ${(error as Error).message}`;
  }
}

function summarise(
  samples: ReadonlyMap<string, number[]>,
  failures: ReadonlyMap<string, string[]>,
): StartupResult {
  const of = (id: string) => samples.get(id) ?? [];
  const failed = (id: string) => failures.get(id) ?? [];
  const medians = Object.fromEntries([...samples].map(([id, values]) => [id, median(values)]));
  const at = (id: string) => medians[id] ?? Number.NaN;
  const section = '1. Start-up (token + list read)';
  const bare = { name: 'bare node:http', median: at('bare'), unit: 'ms' as const };

  const figures = [
    makeFigure({
      section,
      name: 'Bare node:http script',
      unit: 'ms',
      samples: of('bare'),
      failures: failed('bare'),
    }),
    makeFigure({
      section,
      name: 'Python urllib script',
      unit: 'ms',
      samples: of('python'),
      failures: failed('python'),
    }),
    makeFigure({
      section,
      name: 'Ping, end to end',
      unit: 'ms',
      samples: of('ping'),
      baseline: bare,
      target: (_, ratio) => ({
        text: `≤ ${PING_TARGET_RATIO}× bare`,
        pass: ratio !== undefined && ratio <= PING_TARGET_RATIO,
      }),
      failures: [...failed('ping'), ...failed('bare')],
    }),
    makeFigure({
      section,
      name: 'Ping vs Python urllib',
      unit: 'ms',
      samples: of('ping'),
      baseline: { name: 'python urllib', median: at('python'), unit: 'ms' },
      target: (_, ratio) => ({
        text: '< 1× python',
        pass: ratio !== undefined && ratio < 1,
      }),
      failures: [...failed('ping'), ...failed('python')],
    }),
  ];

  const breakdown: BreakdownRow[] = [];
  for (const [id, value] of Object.entries(medians)) {
    const [kind, name] = id.split(':');
    if (name === undefined) continue;

    const isVariant = kind === 'variant';
    breakdown.push({
      name: isVariant ? `ping, ${name}` : name,
      kind: isVariant ? 'variant' : kind === 'probe' && name !== 'empty' ? 'dependency' : 'node',
      medianMs: value,
      deltaMs: value - (isVariant ? at('ping') : at('probe:empty')),
      ratioToBare: value / at('bare'),
    });
  }
  return { figures, breakdown, medians };
}
