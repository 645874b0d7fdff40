// The peer for the large-jar figure: Python's standard library cookie jar. It loads the
// whole file (session and expired cookies too, as kr keeps them), clears the cookies a
// sign-out removes (domain/path/name, given as arguments) and saves the jar in place.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CookieKey } from '../src/jar/types.js';
import type { RunSpec } from './measure.js';

const SCRIPT = `import sys
from http.cookiejar import MozillaCookieJar

path = sys.argv[1]
jar = MozillaCookieJar()
jar.load(path, ignore_discard=True, ignore_expires=True)
for spec in sys.argv[2:]:
    domain, cookie_path, name = spec.split("\\t")
    jar.clear(domain, cookie_path, name)
jar.save(path, ignore_discard=True, ignore_expires=True)
`;

let interpreter: { path: string; version: string } | undefined;

/**
 * The Python interpreter itself (`sys.executable`, resolved once), not whatever `python3` on
 * PATH is: a pyenv shim, for one, costs ~210 ms a run that is not Python's.
 */
export function pythonInterpreter(): { path: string; version: string } {
  if (interpreter) return interpreter;
  const ran = spawnSync('python3', ['-c', 'import os, sys, platform; print(os.path.realpath(sys.executable)); print(platform.python_version())'], { encoding: 'utf8' });
  if (ran.status !== 0) throw new Error(`python3 could not be run: ${ran.stderr || ran.error?.message || ran.status}`);
  const [path, version] = ran.stdout.trim().split('\n');
  interpreter = { path, version };
  return interpreter;
}

/** Writes the peer script into `dir` and returns how to run it on `jarPath`. */
export function pythonPeer(dir: string, jarPath: string, removed: readonly CookieKey[]): RunSpec {
  const script = join(dir, 'mozilla_peer.py');
  writeFileSync(script, SCRIPT);
  return { command: pythonInterpreter().path, args: [script, jarPath, ...removed.map((k) => `${k.domain}\t${k.path}\t${k.name}`)] };
}
