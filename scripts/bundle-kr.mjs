// `npm run build`'s second step: the `kr` executable as one esbuild bundle with a V8 code
// cache, behind a small loader at dist/bin/kr.js (the bin entry, replacing tsc's output).
// Start-up is most of a CI loop's cost: unbundled, Node spends it resolving, reading and
// compiling ~100 ES modules; bundled, compiling one big file; with the code cache, V8
// deserialises the compiled code instead (Node 20 has no module.enableCompileCache).
//
//   dist/bin/kr.js                    loader: reads the bundle and its cache, runs it in vm.Script
//   dist/bin/kr-bundle.cjs            everything kr runs (lazy parts stay lazy: esbuild's init wrappers)
//   dist/bin/kr-bundle-<hash>.cache   made here by one warm-up run; remade at exit by a run whose
//                                     Node rejects it (another V8). <hash> is the bundle's content
//                                     hash: V8 only checks the source length.
//
// KR_EXTRA_CMDLETS modules extend the Cmdlet class of dist/src/index.js; a bundle has its
// own copy of the runtime, so with that variable set the loader runs the tsc build of
// src/cli/main.js instead, where there is one copy of everything.
//
// A later plain `tsc -p tsconfig.build.json` writes the unbundled dist/bin/kr.js back: both
// always run the current sources, the bundle just starts faster.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = process.env.KR_BUNDLE_OUTDIR ?? join(root, 'dist/bin');
const bundlePath = join(outdir, 'kr-bundle.cjs');

/**
 * A built-in some modules load at start-up for calls most runs never make: commander's
 * node:child_process (for executable subcommands kr does not have), the OIDC token store's
 * node:crypto (only when it writes tokens). Loading them (and what they pull in) is a few
 * ms of every start, so those importers get a stand-in that loads the real module on first
 * use.
 */
const LAZY_BUILTINS = [
  { name: 'child_process', importer: 'node_modules/commander/' },
  { name: 'crypto', importer: 'src/http/token-store.ts' },
];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(pluginBuild) {
    for (const { name, importer } of LAZY_BUILTINS) {
      pluginBuild.onResolve({ filter: new RegExp(`^(node:)?${name}$`) }, (args) =>
        args.importer.includes(importer) ? { path: `lazy-${name}`, namespace: 'kr-lazy' } : undefined,
      );
    }
    // one getter per export, listed here at build time: esbuild's ESM interop copies an
    // object's own properties (a Proxy would have none), and copied getters stay lazy
    pluginBuild.onLoad({ filter: /^lazy-/, namespace: 'kr-lazy' }, (args) => {
      const name = `node:${args.path.slice('lazy-'.length)}`;
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
 * tough-cookie tests every domain against a large IPv6 regex, which V8 compiles on first use
 * (milliseconds of every start). An IPv6 address always holds a colon: the regex only runs
 * for strings that do. Same answers; skipped (with a note) if tough-cookie's source changes.
 */
const quickIpv6Check = {
  name: 'quick-ipv6-check',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /node_modules\/tough-cookie\/dist\/index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const original = 'var IP_V6_REGEX_OBJECT = new RegExp(`^${IP_V6_REGEX}$`);';
      if (!source.includes(original)) {
        process.stderr.write('bundle-kr: tough-cookie changed, its IPv6 check is bundled as is\n');
        return undefined;
      }
      const replacement = 'var IP_V6_FULL_REGEX = new RegExp(`^${IP_V6_REGEX}$`);\nvar IP_V6_REGEX_OBJECT = { test: (text) => text.includes(":") && IP_V6_FULL_REGEX.test(text) };';
      return { contents: source.replace(original, () => replacement), loader: 'js' };
    });
  },
};

const entry = `import { main } from '../src/cli/main.ts';
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
`;

await build({
  stdin: { contents: entry, resolveDir: join(root, 'bin'), sourcefile: 'kr-bundle-entry.js', loader: 'js' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: bundlePath,
  // the loader passes the bundle's own URL (src/cli/program.ts finds package.json from it)
  define: { 'import.meta.url': '__krBundleUrl' },
  plugins: [lazyBuiltins, quickIpv6Check],
  logLevel: 'warning',
  legalComments: 'none',
});

const hash = createHash('sha256').update(readFileSync(bundlePath)).digest('hex').slice(0, 16);
for (const name of readdirSync(outdir)) if (/^kr-bundle-[0-9a-f]+\.cache/.test(name)) rmSync(join(outdir, name), { force: true });
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });

const loader = `#!/usr/bin/env node
// The \`kr\` executable: runs dist/bin/kr-bundle.cjs from its V8 code cache (scripts/bundle-kr.mjs).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script, constants } from 'node:vm';

if (process.env.KR_EXTRA_CMDLETS) {
  const { main } = await import('../src/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
} else {
  const bundleUrl = new URL('./kr-bundle.cjs', import.meta.url);
  const bundlePath = fileURLToPath(bundleUrl);
  const cachePath = fileURLToPath(new URL('./kr-bundle-${hash}.cache', import.meta.url));
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    // no cache yet: compile, and leave one behind at exit
  }
  const source = readFileSync(bundlePath, 'utf8');
  const script = new Script(\`(function (exports, require, module, __filename, __dirname, __krBundleUrl) {\${source}\\n})\`, {
    filename: bundlePath,
    cachedData,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    // at exit the functions this run compiled are in it too; temp + rename, as runs may race
    process.once('exit', () => {
      try {
        const temp = \`\${cachePath}.\${process.pid}.tmp\`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cachePath);
      } catch {
        // a read-only install runs without a cache
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath), bundleUrl.href);
}
`;
writeFileSync(join(outdir, 'kr.js'), loader, { mode: 0o755 });

// one warm-up run of the usual paths (a -WhatIf, then a real sign-out of a chunked cookie)
// makes the cache that ships with the build: the functions they compile are in it
const scratch = mkdtempSync(join(tmpdir(), 'kr-bundle-warm-'));
try {
  const line = (name, value) => `#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t${name}\t${value}\n`;
  writeFileSync(
    join(scratch, 'jar.txt'),
    `# Netscape HTTP Cookie File\n\n${line('.AspNetCore.Cookies', 'chunks-2')}${line('.AspNetCore.CookiesC1', 'a')}${line('.AspNetCore.CookiesC2', 'b')}${line('theme', 'dark')}`,
  );
  const warm = spawnSync(
    process.execPath,
    [join(outdir, 'kr.js'), '--jar', join(scratch, 'jar.txt'), '--url', 'http://127.0.0.1/', '-c', 'Invoke-KrCookieSignOut -WhatIf; Invoke-KrCookieSignOut'],
    { cwd: scratch, env: { PATH: process.env.PATH, HOME: scratch, NO_COLOR: '1', KR_TOKENS: join(scratch, 'tokens.json') }, encoding: 'utf8' },
  );
  if (warm.status !== 0) process.stderr.write(`bundle-kr: the warm-up run failed (exit ${warm.status}): ${warm.stderr}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
