// `npm run build`'s second step: the `kr` executable as one esbuild bundle with a V8 code
// cache, behind a small CommonJS loader at dist/bin/kr.cjs (the package's bin entry).
// Start-up is most of a CI loop's cost: unbundled, Node spends it resolving, reading and
// compiling ~100 ES modules; bundled, compiling one big file; with the code cache, V8
// deserialises the compiled code instead (Node 20 has no module.enableCompileCache).
//
//   dist/bin/kr.cjs                   loader: reads the bundle and its cache, runs it in vm.Script
//   dist/bin/kr-bundle.cjs            everything kr runs (lazy parts stay lazy: esbuild's init wrappers)
//   dist/bin/kr-bundle-<hash>.cache   made here by one warm-up run; remade at exit by a run whose
//                                     Node rejects it (another V8). <hash> is the bundle's content
//                                     hash: V8 only checks the source length. Runs with Node flags
//                                     use kr-bundle-<hash>-<flags hash>.cache (V8 ties a cache to them).
//
// KR_EXTRA_CMDLETS modules extend the Cmdlet class of dist/src/index.js; a bundle has its
// own copy of the runtime, so with that variable set the loader runs the tsc build of
// src/cli/main.js instead, where there is one copy of everything.
//
// dist/bin/kr.js (tsc's output of bin/kr.ts) stays the unbundled entry: both run the same
// sources, the bundle just starts faster.

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
const quickIpChecks = {
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
const chalkWithoutDetection = {
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
  plugins: [lazyBuiltins, quickIpChecks, chalkWithoutDetection],
  logLevel: 'warning',
  legalComments: 'none',
  // no comments and no indentation: a smaller file to read and hand to V8 at every start, and
  // (esbuild escapes non-ASCII in strings) pure ASCII, which the loader reads as latin1, a plain
  // copy, instead of decoding UTF-8. Names stay, so stack traces still say which function.
  minifyWhitespace: true,
});

const hash = createHash('sha256').update(readFileSync(bundlePath)).digest('hex').slice(0, 16);
for (const name of readdirSync(outdir)) if (/^kr-bundle-[0-9a-f]+(-[0-9a-f]+)?\.cache/.test(name)) rmSync(join(outdir, name), { force: true });
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });

// CommonJS on purpose: an ES-module entry costs Node its ESM loader and an ESM facade per
// built-in imported (about 9 ms of a 35 ms `node -e 0` start, measured on Node 20).
const loader = `#!/usr/bin/env node
'use strict';
// The \`kr\` executable: runs kr-bundle.cjs from its V8 code cache (scripts/bundle-kr.mjs).
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

if (process.env.KR_EXTRA_CMDLETS) {
  import('../src/cli/main.js').then(async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2));
  });
} else {
  const { Script, constants } = require('node:vm');
  const bundlePath = join(__dirname, 'kr-bundle.cjs');
  // V8 rejects a cache made under other flags (node --max-old-space-size, NODE_OPTIONS): each
  // flag set keeps a cache of its own, so such runs never overwrite the shipped one
  const flags = process.execArgv.join(' ') + '|' + (process.env.NODE_OPTIONS ?? '');
  let flagsHash = 2166136261;
  for (let i = 0; i < flags.length; i++) flagsHash = Math.imul(flagsHash ^ flags.charCodeAt(i), 16777619) >>> 0;
  const cachePath = join(__dirname, flags === '|' ? 'kr-bundle-${hash}.cache' : \`kr-bundle-${hash}-\${flagsHash.toString(16)}.cache\`);
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    // no cache yet: compile, and leave one behind at exit
  }
  const bytes = readFileSync(bundlePath);
  const source = bytes.toString(require('node:buffer').isAscii(bytes) ? 'latin1' : 'utf8');
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
  const bundleModule = { exports: {} };
  const bundleUrl = require('node:url').pathToFileURL(bundlePath).href;
  script.runInThisContext()(bundleModule.exports, require('node:module').createRequire(bundlePath), bundleModule, bundlePath, __dirname, bundleUrl);
}
`;
writeFileSync(join(outdir, 'kr.cjs'), loader, { mode: 0o755 });

// one warm-up run of the usual paths (a -WhatIf, then a real sign-out of a chunked cookie)
// makes the cache that ships with the build: the functions they compile are in it. A named
// host, as users' jars have (an IP address skips tough-cookie's public-suffix code), with a
// domain cookie and another site's cookie beside the host's own.
const scratch = mkdtempSync(join(tmpdir(), 'kr-bundle-warm-'));
try {
  const line = (name, value, domain = 'app.warm.example', sub = 'FALSE') => `#HttpOnly_${domain}\t${sub}\t/\tFALSE\t0\t${name}\t${value}\n`;
  writeFileSync(
    join(scratch, 'jar.txt'),
    `# Netscape HTTP Cookie File\n\n${line('.AspNetCore.Cookies', 'chunks-2')}${line('.AspNetCore.CookiesC1', 'a')}${line('.AspNetCore.CookiesC2', 'b')}` +
      `${line('theme', 'dark', '.warm.example', 'TRUE')}${line('other', 'x', 'elsewhere.example')}`,
  );
  const warm = spawnSync(
    process.execPath,
    [join(outdir, 'kr.cjs'), '--jar', join(scratch, 'jar.txt'), '--url', 'http://app.warm.example/', '-c', 'Invoke-KrCookieSignOut -WhatIf; Invoke-KrCookieSignOut'],
    { cwd: scratch, env: { PATH: process.env.PATH, HOME: scratch, NO_COLOR: '1', KR_TOKENS: join(scratch, 'tokens.json') }, encoding: 'utf8' },
  );
  if (warm.status !== 0) process.stderr.write(`bundle-kr: the warm-up run failed (exit ${warm.status}): ${warm.stderr}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
