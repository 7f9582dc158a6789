// Bundles each action, and each command-line tool, into one self-contained file under dist/, so
// a script starts without resolving a module tree.
import { readdir, rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { ACTION_BUNDLE_SETTINGS, unusedByTheClient } from './action-bundle.mjs';

const actionEntries = await entriesIn('actions');
const toolEntries = await entriesIn('tools');

await rm('dist', { recursive: true, force: true });
const settings = { ...ACTION_BUNDLE_SETTINGS, outdir: 'dist' };
await build({ ...settings, entryPoints: actionEntries, plugins: [unusedByTheClient] });
await build({ ...settings, entryPoints: toolEntries });

console.log(`built ${actionEntries.length} actions and ${toolEntries.length} tools into dist/`);

async function entriesIn(folder) {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.ts'));
  return files.map((file) => ({ in: `${folder}/${file}`, out: `${folder}/${file.slice(0, -3)}` }));
}
