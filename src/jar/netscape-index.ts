// One pass over a cookies.txt that everything else reads from. A 100,000-cookie jar is
// 10 MB: looking at it once per question (which lines are broken, which lines belong to a
// domain, how many cookies it holds) made opening it cost several passes. Instead each
// line is classified once (scanLine, the grammar the rest of the jar code uses) and every
// cookie line gets a row in typed arrays: where it is, a hash of its domain, a hash of its
// identity (domain, path, name) and its expiry. No per-line objects and no strings.

import { isUtf8 } from 'node:buffer';
import type { JarBytes } from './jar-bytes.js';
import { OTHER, hostEnd, indexOfByte, scanLine } from './netscape-line.js';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const MINUS = 0x2d;
const TAB = 0x09;

const MAX_EXPIRY = 0xffffffff;

const lower = (byte: number): number => (byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte);

/** Cookie lines in file order, as parallel columns; `size` rows are in use. */
export interface LineIndex {
  size: number;
  /** Offset of the line's first byte. */
  starts: Int32Array;
  /** FNV-1a of the lower-cased domain (without a leading dot): domainHash() of the same domain. */
  domains: Int32Array;
  /** A hash of domain TAB path TAB name: equal cookies hash equal (unequal ones rarely do). */
  ids: Int32Array;
  /**
   * Expiry in epoch seconds, 0 for a session cookie; clamped into 1..2^32-1 (a past expiry
   * stays past, a far one far), which keeps `expiry <= now` exact until 2106.
   */
  expiries: Uint32Array;
  /** Offsets of lines that are neither a cookie, a comment nor blank, or too long to read. */
  refused: Set<number>;
  /** The whole file is valid UTF-8 without NUL bytes (then no line needs those checks). */
  clean: boolean;
  /** The first line ends in CR LF (new lines get the file's own EOL). */
  crlf: boolean;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The hash LineIndex.domains holds for `domain` (lower-case, no leading dot). */
export function domainHash(domain: Buffer): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < domain.length; i++) h = Math.imul(h ^ lower(domain[i]), FNV_PRIME);
  return h;
}

function grow<T extends Int32Array | Uint32Array>(column: T, size: number): T {
  const bigger = new (column.constructor as new (length: number) => T)(size);
  bigger.set(column);
  return bigger;
}

/** Fills row `row` from a line scanLine accepted; its own small function, so V8 optimises it early. */
function record(index: LineIndex, row: number, buf: Buffer, marks: Int32Array, end: number, fields: number): void {
  let i = marks[0];
  if (buf[i] === DOT) i++;
  let h = FNV_OFFSET;
  const to = marks[1];
  // hashed while looking for wget's `host:port`; a colon is rare in a domain, and then the host
  // part is hashed again
  let colon = false;
  for (let j = i; j < to; j++) {
    const byte = buf[j];
    if (byte === 0x3a) colon = true;
    h = Math.imul(h ^ lower(byte), FNV_PRIME);
  }
  if (colon) {
    let host = hostEnd(buf, marks[0], to);
    if (host !== to && buf[i] === 0x5b && buf[host - 1] === 0x5d) {
      i++;
      host--;
    }
    h = FNV_OFFSET;
    for (; i < host; i++) h = Math.imul(h ^ lower(buf[i]), FNV_PRIME);
  }
  index.domains[row] = h;
  h = Math.imul(h ^ TAB, FNV_PRIME);
  for (let j = marks[2] + 1, to = marks[3]; j < to; j++) {
    h = Math.imul(h ^ buf[j], FNV_PRIME);
  }
  h = Math.imul(h ^ TAB, FNV_PRIME);
  for (let j = marks[5] + 1, to = fields === 7 ? marks[6] : end; j < to; j++) {
    h = Math.imul(h ^ buf[j], FNV_PRIME);
  }
  let j = marks[4] + 1;
  const negative = buf[j] === MINUS;
  let expiry = 0;
  for (j += negative ? 1 : 0; j < marks[5]; j++) expiry = expiry * 10 + (buf[j] - 0x30);
  index.ids[row] = h;
  index.expiries[row] = expiry === 0 ? 0 : negative ? 1 : Math.min(expiry, MAX_EXPIRY);
}

/** Indexes the cookies.txt `bytes`, in one pass over its line-aligned chunks. */
export function indexLines(bytes: JarBytes): LineIndex {
  // about 100 bytes a cookie line in real jars; the columns grow if the guess is short
  let capacity = Math.max(64, bytes.length >> 6);
  const index: LineIndex = {
    size: 0,
    starts: new Int32Array(capacity),
    domains: new Int32Array(capacity),
    ids: new Int32Array(capacity),
    expiries: new Uint32Array(capacity),
    refused: new Set<number>(),
    clean: true,
    crlf: false,
  };
  const marks = new Int32Array(7);
  let firstLine = true;
  bytes.forEachLines((buf, offset) => {
    // a chunk ends at a LF, so it never splits a UTF-8 sequence
    if (index.clean && (!isUtf8(buf) || indexOfByte(buf, 0, 0) !== -1)) index.clean = false;
    const n = buf.length;
    for (let start = 0; start < n; ) {
      let lf = indexOfByte(buf, LF, start);
      if (lf === -1) lf = n;
      const end = lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
      if (firstLine) {
        firstLine = false;
        index.crlf = lf < n && end !== lf;
      }
      const code = end === start ? OTHER : scanLine(buf, start, end, marks, offset + start === 0);
      if (code === 6 || code === 7) {
        if (index.size === capacity) {
          capacity *= 2;
          index.starts = grow(index.starts, capacity);
          index.domains = grow(index.domains, capacity);
          index.ids = grow(index.ids, capacity);
          index.expiries = grow(index.expiries, capacity);
        }
        const row = index.size++;
        index.starts[row] = offset + start;
        record(index, row, buf, marks, end, code);
      } else if (code !== OTHER) {
        index.refused.add(offset + start);
      }
      start = lf + 1;
    }
  });
  return index;
}

/** The row of the cookie line that starts at `start`, or -1 (binary search: rows are in file order). */
export function rowAt(index: LineIndex, start: number): number {
  let low = 0;
  let high = index.size - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = index.starts[middle];
    if (at === start) return middle;
    if (at < start) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
