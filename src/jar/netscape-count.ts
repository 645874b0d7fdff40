// Counting the cookies of a cookies.txt without building them. A sign-out report says how
// many cookies the jar kept; on a 100,000-cookie jar a string key per line costs more than
// the whole sign-out, so each line's name/domain/path is hashed in one walk over its bytes
// (up to the value, which is never read) into an open-addressing table of typed arrays,
// and only a hash that comes back (a duplicate cookie, or a real collision) is settled
// with exact string keys.

const TAB = 0x09;
const CR = 0x0d;
const SPACE = 0x20;
const HASH = 0x23;
const DOT = 0x2e;
const MINUS = 0x2d;
const HTTP_ONLY = Buffer.from('#HttpOnly_');

export interface CountInput {
  buf: Buffer;
  /** The same bytes as a latin1 string: String#indexOf is much cheaper to call than Buffer#indexOf. */
  view: string;
  /** Domains not to count: lower-case, no leading dot, as UTF-8 bytes. */
  skip: readonly Buffer[];
  nowSeconds: number;
  /** Lines the document refused or cannot read; null when there are none. */
  excluded: ((start: number) => boolean) | null;
  /** The exact identity of the cookie line at `start`: only called on a repeated hash. */
  exactKey: (start: number, end: number) => string;
}

const lower = (byte: number): number => (byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte);

function isDomain(buf: Buffer, from: number, to: number, domain: Buffer): boolean {
  if (to - from !== domain.length) return false;
  for (let i = 0; i < domain.length; i++) if (lower(buf[from + i]) !== domain[i]) return false;
  return true;
}

function isCommentOrBlank(buf: Buffer, start: number, end: number): boolean {
  if (buf[start] === HASH) {
    if (end - start < HTTP_ONLY.length) return true;
    for (let i = 1; i < HTTP_ONLY.length; i++) if (buf[start + i] !== HTTP_ONLY[i]) return true;
    return false;
  }
  for (let i = start; i < end; i++) if (buf[i] !== SPACE && buf[i] !== TAB && buf[i] !== CR) return false;
  return true;
}

function contentEnd(view: string, start: number): number {
  let lf = view.indexOf('\n', start);
  if (lf === -1) lf = view.length;
  return lf > start && view.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf;
}

function lineCount(view: string): number {
  let lines = 1;
  for (let lf = view.indexOf('\n'); lf !== -1; lf = view.indexOf('\n', lf + 1)) lines++;
  return lines;
}

/**
 * Hashes one cookie line's domain (lower-cased) TAB path TAB name into `key`; false when the
 * line does not count (a skipped domain, or expired). Its own small function, so V8 optimises
 * it after a few calls instead of waiting to replace a long-running loop.
 */
function hashCookieLine(buf: Buffer, lineStart: number, end: number, skip: readonly Buffer[], nowSeconds: number, key: Int32Array): boolean {
  let i = buf[lineStart] === HASH ? lineStart + HTTP_ONLY.length : lineStart;
  if (buf[i] === DOT) i++;
  // two FNV-style hashes over domain TAB path TAB name
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2545f491;
  const domainFrom = i;
  for (; i < end && buf[i] !== TAB; i++) {
    const b = lower(buf[i]);
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
  }
  const domainTo = i;
  let skipped = false;
  for (const domain of skip) if (isDomain(buf, domainFrom, domainTo, domain)) skipped = true;
  if (skipped) return false;
  for (i++; i < end && buf[i] !== TAB; i++); // past include-subdomains
  i++;
  h1 = Math.imul(h1 ^ TAB, 0x01000193);
  for (; i < end && buf[i] !== TAB; i++) {
    h1 = Math.imul(h1 ^ buf[i], 0x01000193);
    h2 = Math.imul(h2 ^ buf[i], 0x5bd1e995);
  }
  h1 = Math.imul(h1 ^ TAB, 0x01000193);
  for (i++; i < end && buf[i] !== TAB; i++); // past secure
  i++;
  let expiry = 0;
  const negative = buf[i] === MINUS;
  for (i += negative ? 1 : 0; i < end && buf[i] !== TAB; i++) expiry = expiry * 10 + (buf[i] - 0x30);
  if (negative) expiry = -expiry;
  if (expiry !== 0 && expiry <= nowSeconds) return false;
  for (i++; i < end && buf[i] !== TAB; i++) {
    h1 = Math.imul(h1 ^ buf[i], 0x01000193);
    h2 = Math.imul(h2 ^ buf[i], 0x5bd1e995);
  }

  key[0] = h1;
  key[1] = h2;
  return true;
}

/** Distinct live cookies (name/domain/path) outside `skip`, as JarSession.cookies() would list them. */
export function countDistinctLive(input: CountInput): number {
  const { buf, view, skip, nowSeconds, excluded } = input;
  const n = buf.length;
  const lines = lineCount(view);
  let capacity = 16;
  while (capacity < lines * 2) capacity *= 2;
  const mask = capacity - 1;
  const hashes1 = new Int32Array(capacity);
  const hashes2 = new Int32Array(capacity);
  const starts = new Int32Array(capacity).fill(-1);
  const settled = new Set<number>();
  const exact = new Set<string>();
  const key = new Int32Array(2);
  let count = 0;
  for (let start = 0; start < n; ) {
    let lf = view.indexOf('\n', start);
    if (lf === -1) lf = n;
    const end = lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
    const lineStart = start;
    start = lf + 1;
    if (end === lineStart || (excluded !== null && excluded(lineStart)) || isCommentOrBlank(buf, lineStart, end)) continue;

    if (!hashCookieLine(buf, lineStart, end, skip, nowSeconds, key)) continue;
    const h1 = key[0];
    const h2 = key[1];
    for (let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      if (starts[slot] === -1) {
        hashes1[slot] = h1;
        hashes2[slot] = h2;
        starts[slot] = lineStart;
        count++;
        break;
      }
      if (hashes1[slot] !== h1 || hashes2[slot] !== h2) continue;
      // rare: the same cookie twice in the file, or two cookies with one hash
      if (!settled.has(slot)) {
        settled.add(slot);
        exact.add(input.exactKey(starts[slot], contentEnd(view, starts[slot])));
      }
      const own = input.exactKey(lineStart, end);
      if (!exact.has(own)) {
        exact.add(own);
        count++;
      }
      break;
    }
  }
  return count;
}
