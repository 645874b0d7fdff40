// The floor for the large-jar figure: what Node itself allows for the same job, with nothing
// of kr in it. A minimal script reads the whole cookies.txt, drops the lines of the cookies a
// sign-out removes (domain, path and name columns, #HttpOnly_ lines too) in one native
// indexOf pass, and writes the rest atomically (temp file, fsync, rename), as kr does.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CookieKey } from '../src/jar/types.js';
import type { RunSpec } from './measure.js';

const SCRIPT = `'use strict';
const fs = require('node:fs');
const [path, ...specs] = process.argv.slice(2);
const removed = specs.map((s) => s.split('\\t'));
const data = fs.readFileSync(path);
const starts = new Set(removed.flatMap(([domain]) => [domain, '#HttpOnly_' + domain]));
const kept = [];
let at = 0;
let from = 0;
while (at < data.length) {
  let end = data.indexOf(10, at);
  end = end < 0 ? data.length : end + 1;
  const tab = data.indexOf(9, at);
  if (tab > at && tab < end && starts.has(data.latin1Slice(at, tab))) {
    const fields = data.toString('utf8', at, end).replace(/\\r?\\n$/, '').split('\\t');
    const domain = fields[0].replace(/^#HttpOnly_/, '');
    if (removed.some(([d, p, n]) => d === domain && p === fields[2] && n === fields[5])) {
      if (at > from) kept.push(data.subarray(from, at));
      from = end;
    }
  }
  at = end;
}
if (from < data.length) kept.push(data.subarray(from));
const temp = path + '.' + process.pid + '.tmp';
const fd = fs.openSync(temp, 'w', 0o600);
fs.writevSync(fd, kept);
fs.fsyncSync(fd);
fs.closeSync(fd);
fs.renameSync(temp, path);
`;

/** Writes the floor script into `dir` and returns how to run it on `jarPath` with `node`. */
export function floorPeer(dir: string, jarPath: string, removed: readonly CookieKey[], node: string, env: NodeJS.ProcessEnv): RunSpec {
  const script = join(dir, 'floor.cjs');
  writeFileSync(script, SCRIPT);
  return { command: node, args: [script, jarPath, ...removed.map((k) => `${k.domain}\t${k.path}\t${k.name}`)], env };
}
