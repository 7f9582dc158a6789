// Bundles each action, and each command-line tool, into one self-contained file under dist/, so
// a script starts without resolving a module tree.
import { readdir, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const actionEntries = await entriesIn('actions');
const toolEntries = await entriesIn('tools');

/**
 * axios loads form-data (with the mime-types database) and follow-redirects when it starts. The
 * client sends only JSON and sets `maxRedirects: 0`, which makes axios call node:http directly,
 * so neither runs; empty stand-ins take their load time off every action's start-up.
 */
const unusedByTheClient = {
  name: 'unused-by-the-client',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(form-data|follow-redirects)$/ }, (args) => ({
      path: args.path,
      namespace: 'unused',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      contents:
        args.path === 'form-data'
          ? 'export default class FormData {}'
          : 'export default { http: {}, https: {} };',
    }));
  },
};

const common = {
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
};

await rm('dist', { recursive: true, force: true });
await build({ ...common, entryPoints: actionEntries, plugins: [unusedByTheClient] });
await build({ ...common, entryPoints: toolEntries });

console.log(`built ${actionEntries.length} actions and ${toolEntries.length} tools into dist/`);

async function entriesIn(folder) {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.ts'));
  return files.map((file) => ({ in: `${folder}/${file}`, out: `${folder}/${file.slice(0, -3)}` }));
}
