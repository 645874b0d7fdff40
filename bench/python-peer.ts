// The peer for the large-jar figure: Python's standard library cookie jar. It loads the
// whole file (session and expired cookies too, as kr keeps them), clears the cookies a
// sign-out removes (domain/path/name, given as arguments) and saves the jar in place.

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

/** Writes the peer script into `dir` and returns how to run it on `jarPath`. */
export function pythonPeer(dir: string, jarPath: string, removed: readonly CookieKey[]): RunSpec {
  const script = join(dir, 'mozilla_peer.py');
  writeFileSync(script, SCRIPT);
  return { command: 'python3', args: [script, jarPath, ...removed.map((k) => `${k.domain}\t${k.path}\t${k.name}`)] };
}
