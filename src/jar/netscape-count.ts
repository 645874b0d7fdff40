// Counting the cookies of a cookies.txt without building them. A sign-out report says how
// many cookies the jar kept; on a 100,000-cookie jar a string key per line costs more than
// the whole sign-out, so the identity hashes of the line index (src/jar/netscape-index.ts)
// go into an open-addressing table of typed arrays, and only a hash that comes back (a
// duplicate cookie, or a real collision) is settled with exact string keys.

import { domainHash, type LineIndex } from './netscape-index.js';

export interface CountInput {
  index: LineIndex;
  /** The first `length` bytes of the cookie line in index row `row` (only read for rows of a skipped domain's hash). */
  lineHead: (row: number, length: number) => Buffer;
  /** Domains not to count: lower-case, no leading dot, as UTF-8 bytes. */
  skip: readonly Buffer[];
  /** Per skipped domain, the rows known to hold it (the document looked them up already), so their lines need no read. */
  knownRows: readonly (ReadonlySet<number> | undefined)[];
  nowSeconds: number;
  /** Cookie lines the document cannot read (NUL, invalid UTF-8); null when there are none. */
  excluded: ((start: number) => boolean) | null;
  /** The exact identity of the cookie in index row `row`: only called on a repeated hash. */
  exactKey: (row: number) => string;
}

const DOT = 0x2e;
const HASH = 0x23;
const HTTP_ONLY_LENGTH = '#HttpOnly_'.length;
const TAB = 0x09;
const lower = (byte: number): number => (byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte);

/** Whether the cookie line in `row` has the domain `domain` (lower-case bytes). */
function hasDomain(input: CountInput, row: number, domain: Buffer): boolean {
  // the longest head this needs: #HttpOnly_, a dot, the domain and the TAB after it
  const line = input.lineHead(row, HTTP_ONLY_LENGTH + domain.length + 2);
  let i = line[0] === HASH ? HTTP_ONLY_LENGTH : 0;
  if (line[i] === DOT) i++;
  for (let k = 0; k < domain.length; k++, i++) if (lower(line[i]) !== domain[k]) return false;
  return line[i] === TAB;
}

/** Distinct live cookies (name/domain/path) outside `skip`, as JarSession.cookies() would list them. */
export function countDistinctLive(input: CountInput): number {
  const { index, skip, nowSeconds, excluded } = input;
  const { starts, domains, ids, expiries, size } = index;
  const skipHashes = Int32Array.from(skip, domainHash);
  let capacity = 16;
  while (capacity < size * 2) capacity *= 2;
  const mask = capacity - 1;
  const shift = 32 - Math.log2(capacity);
  // a slot holds its row + 1 (0 = empty); the hashes are read from the index, so the table is one small array
  const slots = new Int32Array(capacity);
  const settled = new Set<number>();
  const exact = new Set<string>();
  let count = 0;
  rows: for (let row = 0; row < size; row++) {
    const expiry = expiries[row];
    if (expiry !== 0 && expiry <= nowSeconds) continue;
    const domain = domains[row];
    for (let s = 0; s < skipHashes.length; s++) if (skipHashes[s] === domain && (input.knownRows[s]?.has(row) ?? hasDomain(input, row, skip[s]))) continue rows;
    if (excluded !== null && excluded(starts[row])) continue;
    const id = ids[row];
    // Fibonacci hashing: the product's top bits mix every bit of the id
    for (let slot = Math.imul(id, 0x9e3779b1) >>> shift; ; slot = (slot + 1) & mask) {
      const held = slots[slot] - 1;
      if (held === -1) {
        slots[slot] = row + 1;
        count++;
        break;
      }
      if (ids[held] !== id) continue;
      // rare: the same cookie twice in the file, or two cookies with one hash
      if (!settled.has(slot)) {
        settled.add(slot);
        exact.add(input.exactKey(held));
      }
      const own = input.exactKey(row);
      if (!exact.has(own)) {
        exact.add(own);
        count++;
      }
      break;
    }
  }
  return count;
}
