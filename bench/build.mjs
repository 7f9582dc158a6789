// Builds the benchmark: the runner (bench/run.ts → dist/bench/run.js), one probe per dependency
// (each bundled alone, to time what loading it costs), and copies of the Ping bundle: an
// unminified one for the CPU profile, a minified mirror that proves the profiled code is the
// action build's, and experimental variants that show what a change would save. Run after
// scripts/build.mjs, which empties dist/.
import path from 'node:path';
import { build } from 'esbuild';
import { ACTION_BUNDLE_SETTINGS, unusedByTheClient } from '../scripts/action-bundle.mjs';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist', 'bench');

// The action build's own settings and stand-ins, so a probe or a copy of Ping loads as an action
// does; the run compares a minified copy with dist/actions/ping.js byte for byte.
const ACTION_SETTINGS = { ...ACTION_BUNDLE_SETTINGS, absWorkingDir: root };
const actionBuildStandIns = unusedByTheClient;

// The transport over node:http without axios: a stand-in with the few axios calls it makes.
const axiosOverNodeHttp = {
  name: 'axios-over-node-http',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^axios$/ }, () => ({
      path: path.join(root, 'bench', 'variants', 'axios-over-node-http.mjs'),
    }));
  },
};
// https-proxy-agent only when a proxy is configured, as a dynamic import() would load it.
const noProxyAgentAtStart = {
  name: 'https-proxy-agent-on-demand',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^https-proxy-agent$/ }, (args) => ({
      path: args.path,
      namespace: 'on-demand',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'on-demand' }, () => ({
      contents: 'export class HttpsProxyAgent { constructor() { throw new Error("variant"); } }',
    }));
  },
};

await build({
  ...ACTION_SETTINGS,
  entryPoints: [path.join(root, 'bench', 'run.ts')],
  outfile: path.join(out, 'run.js'),
  minifySyntax: false,
  minifyWhitespace: false,
});

// Each dependency alone. `import * as m` and a use of `m` keep esbuild from dropping the module.
const PROBES = {
  empty: undefined,
  axios: 'axios',
  zod: 'zod',
  'zod-mini': 'zod/mini',
  dotenv: 'dotenv',
  'https-proxy-agent': 'https-proxy-agent',
  'p-limit': 'p-limit',
  'proxy-from-env': 'proxy-from-env',
};
for (const [name, specifier] of Object.entries(PROBES)) {
  const contents =
    specifier === undefined
      ? ''
      : `import * as m from '${specifier}';\n` +
        'if (Object.keys(m).length === 0) process.stdout.write("empty module\\n");\n';
  await build({
    ...ACTION_SETTINGS,
    stdin: { contents, resolveDir: root, sourcefile: `probe-${name}.js`, loader: 'js' },
    outfile: path.join(out, 'probes', `${name}.js`),
  });
}

const ping = path.join(root, 'actions', 'ping.ts');
const pingCopy = (file, settings) =>
  build({ ...ACTION_SETTINGS, entryPoints: [ping], outfile: path.join(out, file), ...settings });

// Variants, each timed against Ping as the action build makes it.
const VARIANTS = {
  'without-the-build-stand-ins': [],
  'node-http-transport': [actionBuildStandIns, axiosOverNodeHttp],
  'node-http-transport-proxy-agent-on-demand': [
    actionBuildStandIns,
    axiosOverNodeHttp,
    noProxyAgentAtStart,
  ],
};
for (const [name, plugins] of Object.entries(VARIANTS)) {
  await pingCopy(path.join('variants', `ping-${name}.js`), { plugins });
}

await pingCopy(path.join('check', 'ping-mirror.js'), { plugins: [actionBuildStandIns] });
// Unminified, esbuild marks where each module starts with a `// path` comment, which maps a
// profiled line back to its package.
await pingCopy(path.join('check', 'ping-profile.js'), {
  plugins: [actionBuildStandIns],
  minifySyntax: false,
  minifyWhitespace: false,
});

console.log(
  `built the bench runner, ${Object.keys(PROBES).length} probes and ` +
    `${Object.keys(VARIANTS).length} Ping variants into dist/bench/`,
);
