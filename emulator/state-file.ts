/**
 * The lists on disk: read once at start, rewritten after every change by writing a temporary file
 * beside the state file and renaming it over, so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { ListSeed } from './list-store.ts';

// Shape only: a state file holds what the emulator wrote, or what a test seeded on purpose.
const entrySchema = z.object({
  attribute: z.string(),
  operator: z.string(),
  value: z.string(),
  comment: z.string().optional(),
});

const stateSchema = z.object({
  version: z.literal(1),
  clusters: z.record(
    z.string(),
    z.object({ allow: z.array(entrySchema).optional(), block: z.array(entrySchema).optional() }),
  ),
});

export type StateFile = z.infer<typeof stateSchema>;

/**
 * @returns the lists in `path`, or undefined when there is no such file yet.
 * @throws naming the file when it is not valid JSON of the expected shape.
 */
export async function loadState(path: string): Promise<ListSeed | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) {
    await assertDirectoryExists(path);
    return undefined;
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Emulator state file ${path} is not valid JSON: ${(error as Error).message}`);
  }

  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const problem = z.prettifyError(parsed.error).replaceAll('\n', ' ');
    throw new Error(`Emulator state file ${path} has the wrong shape: ${problem}`);
  }
  return parsed.data.clusters;
}

async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;

    throw new Error(`Emulator state file ${path} cannot be read: ${(error as Error).message}`);
  }
}

async function assertDirectoryExists(path: string): Promise<void> {
  const directory = dirname(path);
  const isDirectory = await stat(directory).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new Error(`Emulator state file ${path} cannot be created: no directory ${directory}`);
  }
}

/**
 * Saves snapshots one at a time. Changes made while a write is in flight share the next write,
 * so a burst of changes costs two writes, not one per change.
 */
export class StateFileWriter {
  #current: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => StateFile,
  ) {}

  /** Resolves once a snapshot taken after this call is on disk. */
  save(): Promise<void> {
    if (this.#queued !== undefined) return this.#queued;

    const queued = this.#current
      .catch(() => {})
      .then(() => {
        this.#queued = undefined;
        this.#current = this.#write(JSON.stringify(this.snapshot()));
        return this.#current;
      });
    this.#queued = queued;
    return queued;
  }

  /** Waits for the writes already asked for; never rejects. */
  async flush(): Promise<void> {
    await (this.#queued ?? this.#current).catch(() => {});
  }

  async #write(text: string): Promise<void> {
    const suffix = `${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const temporaryPath = join(dirname(this.path), `.${basename(this.path)}.${suffix}`);
    try {
      await writeFile(temporaryPath, text, 'utf8');
      await rename(temporaryPath, this.path);
    } catch (error) {
      await unlink(temporaryPath).catch(() => {});
      throw error;
    }
  }
}
