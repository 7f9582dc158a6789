// Bundles each action, and each command-line tool, into one self-contained file under dist/, so
// a script starts without resolving a module tree.
import { readdir, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const actionEntries = (await readdir('actions'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ in: `actions/${file}`, out: `actions/${file.replace(/\.ts$/, '')}` }));

const toolEntries = (await readdir('tools').catch(() => []))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ in: `tools/${file}`, out: `tools/${file.replace(/\.ts$/, '')}` }));

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: [...actionEntries, ...toolEntries],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies (axios) call require() for Node's own modules.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});

console.log(`built ${actionEntries.length} actions and ${toolEntries.length} tools into dist/`);
