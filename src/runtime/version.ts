// kr's version: the package.json above this file (src/ in tests, dist/src/ when built), read
// once, for --version and $PSVersionTable.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The version the bundle build writes in (scripts/bundle-kr.mjs `define`): no package.json read at start. */
declare const __KR_VERSION__: string | undefined;

/** kr's version, from the package.json above this file (src/ in tests, dist/src/ when built). */
export function krVersion(): string {
  if (cached !== undefined) return cached;
  cached = typeof __KR_VERSION__ === 'string' ? __KR_VERSION__ : readVersion();
  return cached;
}

function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kr-shell' && pkg.version) return pkg.version;
    } catch {
      // not here: look one folder up
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

