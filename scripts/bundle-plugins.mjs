// The esbuild plugins of kr's bundle (scripts/bundle-kr.mjs), in a module of their own so
// that test/cli/bundle-plugins.test.ts can build with them and check that they change nothing
// but start-up time.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * A built-in some modules load at start-up for calls most runs never make: commander's
 * node:child_process (for executable subcommands kr does not have), node:crypto (the OIDC
 * token store when it writes tokens, Get-KrCookie's fingerprints). Loading them (and what they pull in) is a few
 * ms of every start, so those importers get a stand-in that loads the real module on first
 * use.
 */
const LAZY_BUILTINS = [
  { name: 'child_process', importer: 'node_modules/commander/' },
  { name: 'crypto', importer: 'src/' },
  // kr's write paths (jar lock and replace, token store, history) and what only they use
  // (os.hostname for the lock, timers/promises for its retries); reads go through src/io/read.ts
  { name: 'fs/promises', importer: 'src/' },
  { name: 'timers/promises', importer: 'src/' },
  { name: 'os', importer: 'src/' },
];
/** `importer` names a folder or file of kr (src/...) or of a package (node_modules/...). */
const isImporter = (path, importer) =>
  path.includes(importer) && (importer.startsWith('node_modules/') || !path.includes('/node_modules/'));

export const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(pluginBuild) {
    for (const { name, importer } of LAZY_BUILTINS) {
      pluginBuild.onResolve({ filter: new RegExp(`^(node:)?${name}$`) }, (args) =>
        isImporter(args.importer, importer) ? { path: `lazy-${name.replace('/', '-')}`, namespace: 'kr-lazy', pluginData: name } : undefined,
      );
    }
    // one getter per export, listed here at build time: esbuild's ESM interop copies an
    // object's own properties (a Proxy would have none), and copied getters stay lazy
    pluginBuild.onLoad({ filter: /^lazy-/, namespace: 'kr-lazy' }, (args) => {
      const name = `node:${args.pluginData}`;
      const keys = Object.keys(createRequire(import.meta.url)(name));
      return {
        contents: `let real; const load = () => (real ??= require(${JSON.stringify(name)}));
for (const key of ${JSON.stringify(keys)}) Object.defineProperty(module.exports, key, { get: () => load()[key], enumerable: true });`,
        loader: 'js',
      };
    });
  },
};

/**
 * tough-cookie tests domains against two large IP-address regexes, which V8 compiles on first
 * use (about 6 ms of a sign-out's start). Each gets a cheap pre-check that only lets through
 * strings the regex could match: an IPv6 address always holds a colon; IP_REGEX_LOWERCASE
 * is an all-digits-and-dots IPv4 branch or a colon-holding IPv6 branch. Same answers; an
 * edit whose original text is gone is skipped with a note (tough-cookie changed).
 */
const TOUGH_COOKIE_EDITS = [
  {
    what: 'its IPv6 check',
    find: /^var IP_V6_REGEX_OBJECT = new RegExp\(`\^\$\{IP_V6_REGEX\}\$`\);$/m,
    replace: (line) =>
      `${line.replace('IP_V6_REGEX_OBJECT', 'IP_V6_FULL_REGEX')}\nvar IP_V6_REGEX_OBJECT = { test: (text) => text.includes(":") && IP_V6_FULL_REGEX.test(text) };`,
  },
  {
    what: 'its IP-address check in domainMatch',
    find: /^var IP_REGEX_LOWERCASE = \/.*\/;$/m,
    replace: (line) =>
      `${line.replace('IP_REGEX_LOWERCASE', 'IP_FULL_REGEX_LOWERCASE')}\nvar IP_REGEX_LOWERCASE = { test: (text) => (text.includes(":") || /^[\\d.]+$/.test(text)) && IP_FULL_REGEX_LOWERCASE.test(text) };`,
  },
];
export const quickIpChecks = {
  name: 'quick-ip-checks',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /node_modules\/tough-cookie\/dist\/index\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      for (const edit of TOUGH_COOKIE_EDITS) {
        if (!edit.find.test(source)) {
          process.stderr.write(`bundle-kr: tough-cookie changed, ${edit.what} is bundled as is\n`);
          continue;
        }
        source = source.replace(edit.find, (line) => edit.replace(line));
      }
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * chalk's bundled supports-color asks tty.isatty(1) and (2) when it loads, which makes Node load
 * tty and net (a few ms of every start), only to set the level of chalk's default instances.
 * kr never uses those: every Chalk it makes gets an explicit level (src/runtime/host-console.ts,
 * from --no-color, NO_COLOR, FORCE_COLOR and isTTY). So chalk gets "no colour support detected".
 */
export const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^#supports-color$/ }, (args) =>
      args.importer.includes('node_modules/chalk/') ? { path: 'supports-color', namespace: 'kr-stub' } : undefined,
    );
    pluginBuild.onLoad({ filter: /^supports-color$/, namespace: 'kr-stub' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

/**
 * Packages only some runs load (openid-client with oauth4webapi and jose: OIDC and OAuth sign-outs;
 * @inquirer/core: the Confirm prompt on a terminal) are imported dynamically by kr. Inside the
 * bundle each would still be ~10% of the code every start reads and deserialises from the code
 * cache, so they are built as chunks of their own (dist/bin/chunks/<name>.cjs, bundleChunks) and the
 * bundle's `import('<package>')` becomes a require of that file, made only on first use.
 */
export const LAZY_CHUNKS = [
  { name: 'openid-client', file: 'openid-client.cjs' },
  { name: '@inquirer/core', file: 'inquirer-core.cjs' },
];

export const lazyChunks = {
  name: 'lazy-chunks',
  setup(pluginBuild) {
    for (const chunk of LAZY_CHUNKS) {
      const filter = new RegExp(`^${chunk.name.replace(/[/.]/g, (c) => `\\${c}`)}$`);
      pluginBuild.onResolve({ filter }, (args) => (args.kind === 'dynamic-import' ? { path: chunk.file, namespace: 'kr-chunk' } : undefined));
    }
    // the stand-in: a CommonJS module requiring the chunk beside the bundle (the bundle's
    // require is made for its own path), so esbuild turns the import() into that require
    pluginBuild.onLoad({ filter: /.*/, namespace: 'kr-chunk' }, (args) => ({ contents: `module.exports = require("./chunks/${args.path}");`, loader: 'js' }));
    pluginBuild.onResolve({ filter: /^\.\/chunks\// }, (args) => (args.namespace === 'kr-chunk' ? { path: args.path, external: true } : undefined));
  },
};

/** Builds each lazy chunk as a CommonJS file in `outdir/chunks` (what lazyChunks' requires load). */
export async function bundleChunks(build, root, outdir) {
  for (const chunk of LAZY_CHUNKS) {
    await build({
      stdin: { contents: `module.exports = require(${JSON.stringify(chunk.name)});`, resolveDir: root, sourcefile: `${chunk.file}-entry.js`, loader: 'js' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outfile: `${outdir}/chunks/${chunk.file}`,
      logLevel: 'warning',
      legalComments: 'none',
      minifyWhitespace: true,
    });
  }
}
