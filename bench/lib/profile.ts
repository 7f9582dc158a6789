/**
 * Where Ping's start-up goes: `node --cpu-prof` on an unminified copy of the Ping bundle, with
 * each sample's time given to the package whose code ran (see attribute()).
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { actionContext } from './action-io.ts';
import { type BenchContext, runNode, runProblem } from './bench-context.ts';
import { median } from './stats.ts';

interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based, as are columns. */
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  /** 1-based lines this function was sampled on. */
  positionTicks?: { line: number; ticks: number }[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  /** A package of the bundle, or what ran outside it. */
  name: string;
  medianMs: number;
}

export interface ProfileResult {
  /** Whether the profiled code is the action build's (see Scripts.profileMatchesBuild). */
  matchesBuild: boolean;
  runs: number;
  medianTotalMs: number;
  shares: ProfileShare[];
}

const PROFILE_RUNS = 5;
const INTERVAL_US = 100;

export async function profilePing(context: BenchContext): Promise<ProfileResult> {
  const { emulator, scripts } = context;
  await emulator.setEntries('block', []);
  emulator.setLatency(0);
  const input = actionContext(emulator.integrationConfiguration);
  const directory = path.join(context.workDir, 'cpu-profiles');
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory);

  const nodeArgs = [
    '--cpu-prof',
    `--cpu-prof-dir=${directory}`,
    `--cpu-prof-interval=${INTERVAL_US}`,
  ];
  for (let run = 0; run < PROFILE_RUNS; run += 1) {
    const result = await runNode(context, { script: scripts.pingProfile, input, nodeArgs });
    const problem = runProblem(result, 'the profiled Ping');
    if (problem !== undefined) throw new Error(problem);
  }

  const source = await readFile(scripts.pingProfile, 'utf8');
  const bundle = new BundleModules(source, path.basename(scripts.pingProfile));
  const perRun: Map<string, number>[] = [];
  const totals: number[] = [];
  for (const file of (await readdir(directory)).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(await readFile(path.join(directory, file), 'utf8')) as CpuProfile;
    perRun.push(attribute(profile, bundle));
    totals.push((profile.endTime - profile.startTime) / 1000);
  }
  await rm(directory, { recursive: true, force: true });
  context.progress(`profile: ${perRun.length} runs of Ping under --cpu-prof`);

  const names = new Set(perRun.flatMap((shares) => [...shares.keys()]));
  const shares = [...names]
    .map((name) => ({ name, medianMs: median(perRun.map((shares) => shares.get(name) ?? 0)) }))
    .sort((a, b) => b.medianMs - a.medianMs);
  return {
    matchesBuild: scripts.profileMatchesBuild,
    runs: perRun.length,
    medianTotalMs: median(totals),
    shares,
  };
}

/**
 * Milliseconds per name. A bundle frame's own time goes to the modules of the lines it was
 * sampled on; time in Node's internals goes to the module of the nearest bundle function that
 * called them, or keeps a name of its own when only the bundle's top level (whose calling line
 * the profile does not record) or no bundle code at all is on the stack.
 */
function attribute(profile: CpuProfile, bundle: BundleModules): Map<string, number> {
  const parentOf = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });

  const shares = new Map<string, number>();
  const add = (name: string, ms: number) => shares.set(name, (shares.get(name) ?? 0) + ms);
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (node === undefined) continue;

    if (bundle.contains(node.callFrame)) {
      const ticks = node.positionTicks ?? [];
      const tickCount = ticks.reduce((sum, tick) => sum + tick.ticks, 0);
      if (tickCount === 0) add(bundle.moduleAt(node.callFrame.lineNumber), ms);
      for (const tick of ticks) add(bundle.moduleAt(tick.line - 1), (ms * tick.ticks) / tickCount);
      continue;
    }
    const lazy = lazyGlobalOf(id, byId, parentOf);
    const caller = callerName(id, byId, parentOf, bundle);
    if (lazy !== undefined) add(`node: ${lazy}, loaded by ${caller ?? 'node'}`, ms);
    else if (caller !== undefined) add(`node internals called by ${caller}`, ms);
    else add(outsideName(node.callFrame), ms);
  }
  return shares;
}

function callerName(
  id: number,
  byId: ReadonlyMap<number, ProfileNode>,
  parentOf: ReadonlyMap<number, number>,
  bundle: BundleModules,
): string | undefined {
  // Bounded by the tree's depth: each step moves to a parent, and the root has none.
  for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
    const frame = byId.get(at)?.callFrame;
    if (frame === undefined || !bundle.contains(frame)) continue;

    const isTopLevel = frame.lineNumber === 0 && frame.columnNumber === 0;
    return isTopLevel ? 'the bundle top level' : bundle.moduleAt(frame.lineNumber);
  }
  return undefined;
}

/**
 * Node 20 compiles undici, and the web streams, the first time code reads a global they back
 * (`FormData`, `Request`, `fetch`, `ReadableStream`): a cost no bare script pays.
 */
const LAZY_GLOBALS: readonly [string, string][] = [
  ['node:internal/deps/undici/', 'undici (fetch, FormData, Request globals)'],
  ['node:internal/webstreams/', 'web streams'],
];

function lazyGlobalOf(
  id: number,
  byId: ReadonlyMap<number, ProfileNode>,
  parentOf: ReadonlyMap<number, number>,
): string | undefined {
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const url = byId.get(at)?.callFrame.url ?? '';
    const lazy = LAZY_GLOBALS.find(([prefix]) => url.startsWith(prefix));
    if (lazy !== undefined) return lazy[1];
  }
  return undefined;
}

interface ModuleStart {
  line: number;
  name: string;
}

/** Which module of the unminified bundle a line belongs to. */
class BundleModules {
  readonly #starts: ModuleStart[] = [];

  constructor(
    source: string,
    private readonly fileName: string,
  ) {
    // esbuild's unminified output opens each module with a `// <path>` line.
    source.split('\n').forEach((text, line) => {
      const match = /^\s*\/\/ ((?:node_modules|src|actions|bench)\/\S+)$/.exec(text);
      if (match?.[1] !== undefined) this.#starts.push({ line, name: packageName(match[1]) });
    });
  }

  contains(frame: CallFrame): boolean {
    return frame.url.endsWith(`/${this.fileName}`);
  }

  /** @param line 0-based. */
  moduleAt(line: number): string {
    let owner = 'esbuild runtime helpers (require, __toESM)';
    for (const start of this.#starts) {
      if (start.line > line) break;
      owner = start.name;
    }
    return owner;
  }
}

function packageName(modulePath: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(modulePath);
  if (match?.[1] !== undefined) return match[1];

  return 'this package (src/, actions/)';
}

/** Time with no bundle frame on the stack. */
function outsideName(frame: CallFrame): string {
  if (frame.functionName === '(garbage collector)') return 'node: garbage collector';
  if (frame.functionName === '(idle)') return 'node: idle (waiting for I/O)';
  if (frame.functionName === '(program)') return 'node: V8 and native code';
  if (frame.url.startsWith('node:internal/modules')) return 'node: module loader';
  return 'node: bootstrap and other internals';
}
