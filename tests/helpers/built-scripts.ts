/**
 * The built action scripts, for the tests that run them as processes. `npm test` builds before
 * vitest starts; a test run on its own builds here, once, when dist/ is missing or older than
 * the sources.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const SCRIPT_NAMES = [
  'ping',
  'add-entry-to-allow-list',
  'add-entry-to-block-list',
  'add-ioc-to-allow-list',
  'add-ioc-to-block-list',
  'get-allow-list-entries',
  'get-block-list-entries',
  'remove-entry-from-allow-list',
  'remove-entry-from-block-list',
] as const;

export type ScriptName = (typeof SCRIPT_NAMES)[number];

const BUILD_INPUTS = ['src', 'actions', 'scripts'];
let built: Promise<void> | undefined;

/**
 * Makes sure `dist/actions/*.js` exist and are newer than the sources, building once per worker
 * at most. Workers share a lock directory so that two never run the build (which empties dist/)
 * at the same time.
 */
export function ensureBuilt(): Promise<void> {
  built ??= buildIfStale();
  return built;
}

async function buildIfStale(): Promise<void> {
  if (await isBuildFresh()) return;

  const lock = join(tmpdir(), `pp-e2e-build-${createHash('sha1').update(ROOT).digest('hex')}`);
  await acquireLock(lock);
  try {
    if (await isBuildFresh()) return;
    await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function acquireLock(lock: string): Promise<void> {
  const giveUpAt = Date.now() + 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A lock left by a killed run is older than any build takes.
    const age = await stat(lock).then(
      (info) => Date.now() - info.mtimeMs,
      () => 0,
    );
    if (age > 60_000) await rm(lock, { recursive: true, force: true });
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for the build lock ${lock}`);
    await sleep(100);
  }
}

async function isBuildFresh(): Promise<boolean> {
  const outputs = await Promise.all(SCRIPT_NAMES.map((name) => mtimeOrUndefined(scriptPath(name))));
  if (outputs.some((time) => time === undefined)) return false;

  const oldestOutput = Math.min(...(outputs as number[]));
  const inputs = await Promise.all(BUILD_INPUTS.map((dir) => newestMtime(join(ROOT, dir))));
  return Math.max(...inputs) <= oldestOutput;
}

async function mtimeOrUndefined(path: string): Promise<number | undefined> {
  return stat(path).then(
    (info) => info.mtimeMs,
    () => undefined,
  );
}

async function newestMtime(dir: string): Promise<number> {
  const found = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const times = await Promise.all(
    found
      .filter((entry) => entry.isFile())
      .map((entry) => mtimeOrUndefined(join(entry.parentPath, entry.name))),
  );
  return Math.max(0, ...times.map((time) => time ?? 0));
}

export function scriptPath(name: ScriptName): string {
  return join(ROOT, 'dist', 'actions', `${name}.js`);
}
