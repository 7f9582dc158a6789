/** What every scenario needs: the emulator, the scripts to run, and how to run them. */
import type { RunningEmulator } from '../../emulator/create-emulator.ts';
import type { ProcessRunner, RunResult } from './measure.ts';

export interface Scripts {
  ping: string;
  addIocToBlockList: string;
  getBlockListEntries: string;
  removeEntryFromBlockList: string;
  /** The bare node:http client, the start-up floor. */
  bare: string;
  /** The urllib client and the interpreter that runs it (resolved past any pyenv shim). */
  python: string;
  pythonExecutable: string;
  /** Each dependency bundled alone, by name; `empty` is an empty file. */
  probes: Record<string, string>;
  /** Experimental Ping bundles, by name. */
  variants: Record<string, string>;
  /** Ping unminified, for the CPU profile. */
  pingProfile: string;
  /** Whether Ping built minified as pingProfile was is byte for byte the action's bundle. */
  profileMatchesBuild: boolean;
}

export interface BenchContext {
  emulator: RunningEmulator;
  runner: ProcessRunner;
  scripts: Scripts;
  /** Runs per figure of the slower scenarios (at least five). */
  rounds: number;
  /** PROOFPOINT_CONCURRENCY values of the trade-off table; always holds 1 and the default. */
  concurrencies: readonly number[];
  /** Runs per figure of the start-up comparison, which is cheap and the noisiest. */
  startupRounds: number;
  /** The environment every child starts from; see childEnvironment in run.ts. */
  env: NodeJS.ProcessEnv;
  /** NODE_EXTRA_CA_CERTS of the bench's own environment, timed on its own when set. */
  extraCaCerts: string | undefined;
  /** Where children run and write scratch files. */
  workDir: string;
  progress(line: string): void;
}

export interface NodeRun {
  script: string;
  input: string;
  env?: Record<string, string>;
  nodeArgs?: readonly string[];
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export function runNode(context: BenchContext, run: NodeRun): Promise<RunResult> {
  return context.runner.run({
    command: process.execPath,
    args: [...(run.nodeArgs ?? []), run.script],
    input: run.input,
    env: { ...context.env, ...run.env },
    cwd: context.workDir,
    timeoutMs: run.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}

export function runPython(context: BenchContext, input: string): Promise<RunResult> {
  return context.runner.run({
    command: context.scripts.pythonExecutable,
    args: [context.scripts.python],
    input,
    env: context.env,
    cwd: context.workDir,
    timeoutMs: DEFAULT_TIMEOUT_MS,
  });
}

/** Why a run does not count, or undefined when it ran as expected. */
export function runProblem(result: RunResult, what: string): string | undefined {
  if (result.timedOut) return `${what} timed out`;
  if (result.exitCode !== 0) {
    const detail = result.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300);
    return `${what} exited ${result.exitCode}: ${detail}`;
  }
  return undefined;
}
