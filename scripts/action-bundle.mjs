// How an action is bundled: shared by the build and by the benchmark's copies of the actions, so
// what the benchmark measures is what ships.
import { readFile } from 'node:fs/promises';

/**
 * What axios loads when it starts but this client never runs, measured as the largest part of an
 * action's start-up (README, Performance). The client sends only JSON over HTTP/1.1 with
 * `maxRedirects: 0` and the `http` adapter, so:
 * - form-data (with the mime-types database) and follow-redirects get empty stand-ins;
 * - node:http2, imported for `httpVersion: 2`, gets one too;
 * - the fetch adapter gets a stand-in that reports fetch as unavailable, and axios's utils stop
 *   reading `globalThis.FormData`: either makes Node load its whole fetch implementation.
 */
const STAND_INS = {
  'form-data': 'export default class FormData {}',
  'follow-redirects': 'export default { http: {}, https: {} };',
  http2: 'export default {};',
};
const AXIOS_FETCH_ADAPTER = /axios[/\\]lib[/\\]adapters[/\\]fetch\.js$/;
const AXIOS_UTILS = /axios[/\\]lib[/\\]utils\.js$/;
const FORM_DATA_LOOKUP =
  "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;";

export const unusedByTheClient = {
  name: 'unused-by-the-client',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(form-data|follow-redirects|http2)$/ }, (args) =>
      args.importer.includes('node_modules') ? { path: args.path, namespace: 'unused' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      contents: STAND_INS[args.path],
    }));
    pluginBuild.onLoad({ filter: AXIOS_FETCH_ADAPTER }, () => ({
      contents: 'export const getFetch = () => false; export default false;',
    }));
    pluginBuild.onLoad({ filter: AXIOS_UTILS }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      // Fail loudly when an axios upgrade changes the line, rather than lose the saving unseen.
      if (!source.includes(FORM_DATA_LOOKUP))
        throw new Error(`${args.path}: FormData lookup moved`);
      return { contents: source.replace(FORM_DATA_LOOKUP, 'const FormDataCtor = undefined;') };
    });
  },
};

export const ACTION_BUNDLE_SETTINGS = {
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
    js: [
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
    ].join(' '),
  },
};
