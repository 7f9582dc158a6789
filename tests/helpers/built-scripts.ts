import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/**
 * `npm test` builds before vitest starts; a test run on its own builds once here. Rebuilding
 * inside a run would delete dist/ under the other test files' feet.
 */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'actions', 'ping.js'))) return;

  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
}

export function scriptPath(scriptName: string): string {
  return join(ROOT, 'dist', 'actions', `${scriptName}.js`);
}
