/** Reads the package's source files from a project directory (the repository root by default). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ACTIONS_DIR,
  INTEGRATION_FILE,
  LOGO_FILE,
  type RawSources,
  RELEASE_NOTES_FILE,
} from './source-files.ts';

/** Where `node scripts/build.mjs` writes the bundled action scripts. */
export const SCRIPTS_DIR = 'dist/actions';

export async function loadSources(root: string): Promise<RawSources> {
  const [integration, actions, releaseNotes, logo, scripts] = await Promise.all([
    readJson(join(root, INTEGRATION_FILE)),
    readDirectory(join(root, ACTIONS_DIR), '.json', readJson),
    readJson(join(root, RELEASE_NOTES_FILE)),
    readFile(join(root, LOGO_FILE), 'utf8').catch(() => ''),
    readDirectory(join(root, SCRIPTS_DIR), '.js', (path) => readFile(path)),
  ]);
  return { integration, actions, releaseNotes, logo, scripts };
}

/** A missing or unparsable file reads as `undefined`, which the shape check then reports. */
async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

async function readDirectory<T>(
  directory: string,
  extension: string,
  read: (path: string) => Promise<T>,
): Promise<Map<string, T>> {
  const files = await readdir(directory).catch((): string[] => []);
  const wanted = files.filter((file) => file.endsWith(extension)).sort();
  const contents = await Promise.all(wanted.map((file) => read(join(directory, file))));
  return new Map(wanted.map((file, index) => [file, contents[index] as T]));
}
