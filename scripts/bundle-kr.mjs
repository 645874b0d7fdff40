// `npm run build`'s second step: the `kr` executable as one esbuild bundle with a V8 code
// cache, behind a small CommonJS loader at dist/bin/kr.cjs (the package's bin entry).
// Start-up is most of a CI loop's cost: unbundled, Node spends it resolving, reading and
// compiling ~100 ES modules; bundled, compiling one big file; with the code cache, V8
// deserialises the compiled code instead (Node 20 has no module.enableCompileCache).
//
//   dist/bin/kr.cjs                   loader: reads the bundle and its cache, runs it in vm.Script
//   dist/bin/kr-bundle.cjs            everything kr runs (lazy parts stay lazy: esbuild's init wrappers)
//   dist/bin/chunks/*.cjs             packages only some runs need (openid-client, @inquirer/core),
//                                     required on first use (bundle-plugins.mjs lazyChunks)
//   dist/bin/kr-bundle-<hash>.cache   made here by one warm-up run (the build's Node, no flags).
//                                     <hash> is the bundle's content hash: V8 only checks the source
//                                     length. Another Node version, or Node flags (V8 ties a cache to
//                                     both), use a per-user cache, $XDG_CACHE_HOME/kr/code-cache/
//                                     kr-bundle-<hash>-<node version>-<flags hash>.cache, made at
//                                     exit by the first such run: never a write into the install.
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
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleChunks, chalkWithoutDetection, compactSuffixTrie, lazyBuiltins, lazyChunks, toughCookieEdits } from './bundle-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = process.env.KR_BUNDLE_OUTDIR ?? join(root, 'dist/bin');
const bundlePath = join(outdir, 'kr-bundle.cjs');

const entry = `import { finish, main } from '../src/cli/main.ts';
main(process.argv.slice(2)).then(finish);
`;

await build({
  stdin: { contents: entry, resolveDir: join(root, 'bin'), sourcefile: 'kr-bundle-entry.js', loader: 'js' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: bundlePath,
  // the loader passes the bundle's own URL as a getter: made only if something asks (URL and
  // pathToFileURL cost ~1.5 ms of a start; the bundle has its version written in, so today
  // nothing does)
  define: { 'import.meta.url': '__krBundle.url', __KR_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
  plugins: [lazyBuiltins, lazyChunks, toughCookieEdits, compactSuffixTrie, chalkWithoutDetection],
  logLevel: 'warning',
  legalComments: 'none',
  // no comments and no indentation: a smaller file to read and hand to V8 at every start, and
  // (esbuild escapes non-ASCII in strings) pure ASCII, which the loader reads as latin1, a plain
  // copy, instead of decoding UTF-8. Names stay, so stack traces still say which function.
  minifyWhitespace: true,
});

// a dynamic import() of a module outside the bundle fails in it: a Script compiled from a code
// cache has no import callback (and the callback's constant warns "experimental" on Node 20/22).
// Built-ins are imported statically (lazy where it matters: bundle-plugins.mjs); the one file
// import (KR_EXTRA_CMDLETS) runs only from the unbundled build.
const bundled = readFileSync(bundlePath);
// The file is the function the loader calls, wrapper included, and pure ASCII: the loader reads it
// as latin1 straight into one flat string and hands that to V8 (no decode, no ASCII check, no
// concatenation for V8 to flatten: ~5 ms of every start, measured with the loader's timestamps).
if (!bundled.every((byte) => byte < 0x80)) throw new Error('bundle-kr: the bundle is not pure ASCII (esbuild escapes non-ASCII in strings: check its charset option)');
writeFileSync(bundlePath, `(function (exports, require, module, __filename, __dirname, __krBundle) {${bundled.toString('latin1')}\n})`);
const dynamicImports = readFileSync(bundlePath, 'latin1').match(/\bimport\((?!\(0,import_node_url\d*\.pathToFileURL\))[^)]{0,60}/g) ?? [];
if (dynamicImports.length > 0) throw new Error(`bundle-kr: the bundle has dynamic imports it cannot run: ${dynamicImports.join(', ')}`);

const hash = createHash('sha256').update(readFileSync(bundlePath)).digest('hex').slice(0, 16);
for (const name of readdirSync(outdir)) if (/^kr-bundle-[0-9a-f]+(-[0-9a-f]+)?\.cache/.test(name)) rmSync(join(outdir, name), { force: true });
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
await bundleChunks(build, root, outdir);

// CommonJS on purpose: an ES-module entry costs Node its ESM loader and an ESM facade per
// built-in imported (about 9 ms of a 35 ms `node -e 0` start, measured on Node 20).
const loader = `#!/usr/bin/env node
'use strict';
// The \`kr\` executable: runs kr-bundle.cjs from its V8 code cache (scripts/bundle-kr.mjs).
const { closeSync, fstatSync, openSync, readSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

if (process.env.KR_EXTRA_CMDLETS) {
  import('../src/cli/main.js').then(async ({ finish, main }) => {
    finish(await main(process.argv.slice(2)));
  });
} else {
  const { Script } = require('node:vm');
  const bundlePath = join(__dirname, 'kr-bundle.cjs');
  const env = process.env;
  // V8 accepts a code cache only from its own version and flags. The one shipped beside the
  // bundle was made by the build's Node without flags; any other Node, or flags (node
  // --max-old-space-size, NODE_OPTIONS), uses a cache of its own per user under the XDG cache
  // folder, keyed by Node version and flags. kr never writes into its install folder, except
  // for the build's own warm-up run (KR_WRITE_SHIPPED_CACHE).
  const flags = process.execArgv.join(' ') + '|' + (env.NODE_OPTIONS ?? '');
  let flagsHash = 2166136261;
  for (let i = 0; i < flags.length; i++) flagsHash = Math.imul(flagsHash ^ flags.charCodeAt(i), 16777619) >>> 0;
  const shippedPath = join(__dirname, 'kr-bundle-${hash}.cache');
  const building = env.KR_WRITE_SHIPPED_CACHE === '1';
  let cachePath;
  if (building || (flags === '|' && process.version === ${JSON.stringify(process.version)})) cachePath = shippedPath;
  else {
    const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
    if (base) cachePath = join(base, 'kr', 'code-cache', \`kr-bundle-${hash}-\${process.version}-\${flagsHash.toString(16)}.cache\`);
  }
  // One buffer for both files, the cache read into the pages the bundle's bytes were read into
  // once the bundle is a string: fresh memory costs a page fault per 4 kB (~10 us each on a
  // virtual machine, measured here: ~2 ms for the cache's pages alone).
  const openFile = (path) => {
    const fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    return { fd, size: stat.size, isFile: stat.isFile() };
  };
  const readAll = (file, buffer) => {
    let done = 0;
    try {
      for (let n = 1; done < file.size && n > 0; done += n) n = readSync(file.fd, buffer, done, file.size - done, done);
    } finally {
      closeSync(file.fd);
    }
    return buffer.subarray(0, done);
  };
  const bundleFile = openFile(bundlePath);
  let cacheFile;
  try {
    if (cachePath !== undefined && !building) cacheFile = openFile(cachePath);
  } catch {
    // no cache yet: compile, and leave one behind at exit
  }
  if (cacheFile !== undefined && !cacheFile.isFile) {
    // a directory or a device where the cache should be: run without one
    closeSync(cacheFile.fd);
    cacheFile = undefined;
  }
  const buffer = Buffer.allocUnsafeSlow(Math.max(bundleFile.size, cacheFile?.size ?? 0));
  // the bundle is the wrapped function, pure ASCII (checked at build): read as latin1, one flat string
  const source = readAll(bundleFile, buffer).latin1Slice();
  let cachedData;
  try {
    if (cacheFile !== undefined) cachedData = readAll(cacheFile, buffer);
  } catch {
    // an unreadable cache is no cache: compile from source
  }
  const script = new Script(source, {
    filename: bundlePath,
    cachedData,
  });
  // a rejected shipped cache (another V8 build of the same version) is left as it is
  const writable = cachePath !== undefined && (building || cachePath !== shippedPath);
  if (writable && (cachedData === undefined || script.cachedDataRejected)) {
    // at exit the functions this run compiled are in it too; temp + rename, as runs may race
    process.once('exit', () => {
      try {
        if (!building) require('node:fs').mkdirSync(require('node:path').dirname(cachePath), { recursive: true, mode: 0o700 });
        const temp = \`\${cachePath}.\${process.pid}.tmp\`;
        writeFileSync(temp, script.createCachedData(), { mode: building ? 0o644 : 0o600 });
        renameSync(temp, cachePath);
      } catch {
        // a read-only cache folder: kr runs without a cache
      }
    });
  }
  const bundleModule = { exports: {} };
  const bundle = {
    get url() {
      return require('node:url').pathToFileURL(bundlePath).href;
    },
  };
  // the loader's own require: it sits beside the bundle, so './chunks/…' resolves the same (a
  // createRequire of the bundle's path would cost ~0.4 ms of path resolution)
  script.runInThisContext()(bundleModule.exports, require, bundleModule, bundlePath, __dirname, bundle);
}
`;
writeFileSync(join(outdir, 'kr.cjs'), loader, { mode: 0o755 });

// one warm-up run of the usual path (kr's main job, argv: a -WhatIf of a chunked cookie's
// sign-out) makes the cache that ships with the build: the functions it compiles are in it.
// Scripts (-c, -f: the parser and evaluator) and the write path compile the rest lazily, so the
// cache a plain `kr Invoke-KrCookieSignOut` deserialises stays small. A named
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
    [join(outdir, 'kr.cjs'), '--jar', join(scratch, 'jar.txt'), '--url', 'http://app.warm.example/', 'Invoke-KrCookieSignOut', '-WhatIf'],
    { cwd: scratch, env: { PATH: process.env.PATH, HOME: scratch, NO_COLOR: '1', KR_TOKENS: join(scratch, 'tokens.json'), KR_WRITE_SHIPPED_CACHE: '1' }, encoding: 'utf8' },
  );
  if (warm.status !== 0) process.stderr.write(`bundle-kr: the warm-up run failed (exit ${warm.status}): ${warm.stderr}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
