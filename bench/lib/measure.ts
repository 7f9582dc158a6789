/**
 * Runs one command as a child process and measures it: wall time from spawn to exit, and the
 * child's peak resident set size.
 *
 * Peak RSS: under GNU time (`/usr/bin/time -f %M -o <file>`) when it is installed, which reads
 * the kernel's `ru_maxrss` of the finished child, exact and free of sampling. Without it, the
 * child's `VmHWM` (the kernel's own high-water mark of its RSS) is read from /proc every 5 ms;
 * since the mark only rises, a poll misses at most what grew after the last one.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface RunSpec {
  command: string;
  args: readonly string[];
  /** Written to standard input, which is then closed. */
  input: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The child is killed after this long; the run then counts as failed. */
  timeoutMs: number;
}

export interface RunResult {
  wallMs: number;
  /** Undefined when neither method could read it. */
  peakRssMb: number | undefined;
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export type RssMethod = 'gnu-time' | 'proc-vmhwm';

const GNU_TIME = '/usr/bin/time';

export class ProcessRunner {
  readonly rssMethod: RssMethod;
  #sequence = 0;

  /** @param rssMethod forced; by default GNU time when it is installed. */
  constructor(
    private readonly scratchDir: string,
    rssMethod?: RssMethod,
  ) {
    this.rssMethod = rssMethod ?? (hasGnuTime() ? 'gnu-time' : 'proc-vmhwm');
  }

  async run(spec: RunSpec): Promise<RunResult> {
    if (this.rssMethod === 'gnu-time') return this.#runUnderTime(spec);
    return runPolling(spec);
  }

  async #runUnderTime(spec: RunSpec): Promise<RunResult> {
    this.#sequence += 1;
    const rssFile = path.join(this.scratchDir, `rss-${this.#sequence}.txt`);
    const args = ['-f', '%M', '-o', rssFile, spec.command, ...spec.args];
    const result = await spawnAndWait({ ...spec, command: GNU_TIME, args }, undefined);

    const text = await readFile(rssFile, 'utf8').catch(() => '');
    await rm(rssFile, { force: true });
    const kilobytes = Number.parseInt(text.trim().split('\n').pop() ?? '', 10);
    return { ...result, peakRssMb: Number.isFinite(kilobytes) ? kilobytes / 1024 : undefined };
  }
}

function hasGnuTime(): boolean {
  try {
    accessSync(GNU_TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function runPolling(spec: RunSpec): Promise<RunResult> {
  let peakKb: number | undefined;
  const result = await spawnAndWait(spec, (pid) => {
    const kilobytes = readVmHwmKb(pid);
    if (kilobytes !== undefined) peakKb = Math.max(peakKb ?? 0, kilobytes);
  });
  return { ...result, peakRssMb: peakKb === undefined ? undefined : peakKb / 1024 };
}

function readVmHwmKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

const POLL_INTERVAL_MS = 5;

function spawnAndWait(
  spec: RunSpec,
  poll: ((pid: number) => void) | undefined,
): Promise<Omit<RunResult, 'peakRssMb'>> {
  return new Promise((resolve, reject) => {
    const startedMs = performance.now();
    // Its own process group, so a timeout kills the command and whatever it started.
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;

    const pid = child.pid;
    const poller =
      pid === undefined || poll === undefined
        ? undefined
        : setInterval(() => poll(pid), POLL_INTERVAL_MS);
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) killGroup(pid);
    }, spec.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => {});
    child.on('error', (error) => {
      clearTimeout(timer);
      clearInterval(poller);
      reject(error);
    });
    child.on('close', (exitCode) => {
      const wallMs = performance.now() - startedMs;
      clearTimeout(timer);
      clearInterval(poller);
      resolve({
        wallMs,
        exitCode,
        timedOut,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    if (pid !== undefined) poll?.(pid);
    child.stdin.end(spec.input);
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
