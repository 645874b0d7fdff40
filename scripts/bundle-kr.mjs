// `npm run build`'s second step: the `kr` executable as one esbuild bundle at dist/bin/kr.js
// (the bin entry), replacing the tsc output there. Start-up is most of a CI loop's cost, and
// Node spends it resolving, reading and compiling ~100 ES modules; one file halves that.
// Lazily imported parts (openid-client, inquirer, the interactive shell) stay separate chunks
// in dist/bin/chunks/, loaded only when a path needs them.
//
// KR_EXTRA_CMDLETS modules extend the Cmdlet class of dist/src/index.js; a bundle has its
// own copy of the runtime, so with that variable set the bundle hands over to the tsc build
// of src/cli/main.js, where there is one copy of everything.
//
// A later plain `tsc -p tsconfig.build.json` writes the unbundled dist/bin/kr.js back: both
// always run the current sources, the bundle just starts faster.

import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = process.env.KR_BUNDLE_OUTDIR ?? join(root, 'dist/bin');

const entry = `#!/usr/bin/env node
// The \`kr\` executable (bundled by scripts/bundle-kr.mjs from bin/kr.ts and src/).
import { main as bundledMain } from '../src/cli/main.ts';
const unbundled = '../src/cli/main.js';
const main = process.env.KR_EXTRA_CMDLETS ? (await import(unbundled)).main : bundledMain;
process.exitCode = await main(process.argv.slice(2));
`;

/**
 * commander requires node:child_process at load time, for executable subcommands kr does
 * not have; loading it (and what it pulls in) is a few ms of every start. It is handed a
 * stand-in that loads the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander/') ? { path: 'lazy-child-process', namespace: 'kr-lazy' } : undefined,
    );
    pluginBuild.onLoad({ filter: /^lazy-child-process$/, namespace: 'kr-lazy' }, () => ({
      contents: `let real; const load = () => (real ??= require('node:child_process'));
module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`,
      loader: 'js',
    }));
  },
};

rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
await build({
  stdin: { contents: entry, resolveDir: join(root, 'bin'), sourcefile: 'kr-bundle-entry.js', loader: 'js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  entryNames: 'kr',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (commander, tough-cookie) call require() for Node built-ins
  banner: { js: "import { createRequire as __krCreateRequire } from 'node:module';\nconst require = __krCreateRequire(import.meta.url);" },
  plugins: [lazyChildProcess],
  logLevel: 'warning',
  legalComments: 'none',
});
