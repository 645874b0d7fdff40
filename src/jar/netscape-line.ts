// One line of curl's cookies.txt: classify it, build its cookie, write one.
//
// Lines are read from the file's bytes, as they are (offsets are byte offsets), and only
// decoded as UTF-8 when a cookie is built, so a line with invalid UTF-8 is never altered and
// the hot path makes no strings. (Not from a latin1 string of the file: for a 10 MB jar that
// string was 10 MB more memory to fault in, ~45 ms and a tenth of kr's peak RSS.)

import type { JarCookie } from './types.js';

const HTTP_ONLY_PREFIX = '#HttpOnly_';
const HTTP_ONLY_BYTES = Buffer.from(HTTP_ONLY_PREFIX, 'latin1');
const TAB = 0x09;
const CR = 0x0d;
const SPACE = 0x20;
const HASH = 0x23;
const MINUS = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const MAX_EXPIRY_DIGITS = 16;
/** Longer lines are kept but not parsed: no real cookie is this big (curl itself skips lines over 5000 bytes). */
export const MAX_LINE_BYTES = 64 * 1024;

export type LineParse = { kind: 'cookie'; cookie: JarCookie } | { kind: 'other' } | { kind: 'invalid'; reason: string };

// scanLine's answers: the field count (6 or 7) for a cookie, OTHER for comments and blank
// lines, TOO_LONG, an index into REASONS, or WRONG_FIELD_COUNT minus the field count.
export const OTHER = -1;
const TOO_LONG = -2;
const WRONG_FIELD_COUNT = -100;
const REASONS = [
  'empty domain field',
  'include-subdomains field is not TRUE or FALSE',
  'secure field is not TRUE or FALSE',
  'expiry field is not a number',
  'path field does not start with /',
];

/** Why scanLine refused a line of `lineBytes` bytes; never quotes the line. */
export function scanReason(code: number, lineBytes: number): string {
  if (code === TOO_LONG) return `line is ${lineBytes} bytes long, too long to be a cookie`;
  return code <= WRONG_FIELD_COUNT ? `expected 7 TAB-separated fields, found ${WRONG_FIELD_COUNT - code}` : REASONS[code];
}

const typedIndexOf = Uint8Array.prototype.indexOf;

/**
 * The offset of the first `byte` at or after `from`, or -1. Uint8Array's own indexOf (a V8
 * builtin), not Buffer's (a JS wrapper and a C++ binding call for every search): the scanner
 * finds every line's end with it.
 */
export function indexOfByte(bytes: Uint8Array, byte: number, from: number): number {
  return typedIndexOf.call(bytes, byte, from);
}

/** Whether `bytes` holds `prefix` at `at`. */
function bytesAt(bytes: Uint8Array, prefix: Uint8Array, at: number): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** Case-insensitive TRUE/FALSE, as curl compares them; undefined for anything else. */
function boolAt(bytes: Uint8Array, from: number, to: number): boolean | undefined {
  // `| 0x20` lower-cases ASCII letters: compared char by char to stay allocation-free on the hot path
  if (to - from === 4) {
    return (bytes[from] | 0x20) === 0x74 &&
      (bytes[from + 1] | 0x20) === 0x72 &&
      (bytes[from + 2] | 0x20) === 0x75 &&
      (bytes[from + 3] | 0x20) === 0x65
      ? true
      : undefined;
  }
  if (to - from === 5) {
    return (bytes[from] | 0x20) === 0x66 &&
      (bytes[from + 1] | 0x20) === 0x61 &&
      (bytes[from + 2] | 0x20) === 0x6c &&
      (bytes[from + 3] | 0x20) === 0x73 &&
      (bytes[from + 4] | 0x20) === 0x65
      ? false
      : undefined;
  }
  return undefined;
}

function isNumberAt(bytes: Uint8Array, from: number, to: number): boolean {
  // An empty expiry is a session cookie: Python's MozillaCookieJar writes session cookies that way
  // and curl reads the empty field as 0.
  if (to === from) return true;
  const first = bytes[from] === MINUS ? from + 1 : from;
  if (to - first < 1 || to - first > MAX_EXPIRY_DIGITS) return false;
  for (let i = first; i < to; i++) {
    const code = bytes[i];
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = bytes[i];
    if (code !== SPACE && code !== TAB && code !== CR) return false;
  }
  return true;
}

/** A UTF-8 byte order mark. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Where the line's text begins: after a byte order mark at the very start of the file (editors
 * on Windows write one). `fileStart`: the line is the file's first (`bytes` may be a piece of it).
 */
function contentStart(bytes: Uint8Array, start: number, fileStart: boolean): number {
  return fileStart && bytesAt(bytes, BOM, start) ? start + BOM.length : start;
}

/**
 * Classifies the line `bytes[start, end)` (no EOL), `bytes` being the file or a piece of it
 * (`fileStart`: the line is the file's first). For a cookie, fills `marks`: marks[0] = first
 * byte of the domain field, marks[1..6] = the TABs.
 */
export function scanLine(bytes: Uint8Array, start: number, end: number, marks: Int32Array, fileStart = start === 0): number {
  if (end - start > MAX_LINE_BYTES) return TOO_LONG;
  const begin = contentStart(bytes, start, fileStart);
  let from = begin;
  if (bytes[begin] === HASH) {
    if (!bytesAt(bytes, HTTP_ONLY_BYTES, begin) || begin + HTTP_ONLY_BYTES.length > end) return OTHER;
    from = begin + HTTP_ONLY_BYTES.length;
  } else if (isBlank(bytes, begin, end)) {
    return OTHER;
  }
  marks[0] = from;
  let fields = 1;
  // the first six fields with a plain loop (short fields: cheaper to walk than an indexOf call each)
  let i = from;
  for (; i < end && fields <= 6; i++) {
    if (bytes[i] === TAB) marks[fields++] = i;
  }
  // the value, the longest field, is only checked for more TABs: one native scan instead of a
  // loop over its bytes. Past the line's end it stops at the next line's first TAB (or the end of
  // the file), so every byte is scanned by at most one line.
  for (let tab = indexOfByte(bytes, TAB, i); tab !== -1 && tab < end; tab = indexOfByte(bytes, TAB, tab + 1)) fields++;
  // curl writes an empty value as a trailing TAB (7 fields); it also reads 6 fields as an empty value
  if (fields !== 7 && fields !== 6) return WRONG_FIELD_COUNT - fields;
  const domainLength = marks[1] - from;
  if (domainLength === 0 || (domainLength === 1 && bytes[from] === DOT)) return 0;
  if (boolAt(bytes, marks[1] + 1, marks[2]) === undefined) return 1;
  if (bytes[marks[2] + 1] !== SLASH) return 4;
  if (boolAt(bytes, marks[3] + 1, marks[4]) === undefined) return 2;
  if (!isNumberAt(bytes, marks[4] + 1, marks[5])) return 3;
  return fields;
}

const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;

/**
 * Where the host of a domain field `bytes[from, to)` ends: before wget's `:port` (digits after
 * the last colon, of a host that holds no other colon or is a bracketed IPv6 address).
 */
export function hostEnd(bytes: Uint8Array, from: number, to: number): number {
  // bounded loops, not lastIndexOf: that one would scan the whole file before a line without a colon
  let colon = to - 1;
  while (colon >= from && bytes[colon] !== COLON) colon--;
  if (colon < from || colon === to - 1) return to;
  for (let i = colon + 1; i < to; i++) {
    const code = bytes[i];
    if (code < 0x30 || code > 0x39) return to;
  }
  const first = bytes[from] === DOT ? from + 1 : from;
  const bracketed = bytes[first] === OPEN_BRACKET && bytes[colon - 1] === 0x5d;
  if (!bracketed) for (let i = from; i < colon; i++) if (bytes[i] === COLON) return to;
  return to - colon > 6 ? to : colon;
}

const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());

/** The cookie of a line `scanLine` accepted with `fields` fields. */
export function materialize(buf: Buffer, start: number, end: number, marks: Int32Array, fields: number, fileStart = start === 0): JarCookie {
  const text = (from: number, to: number) => buf.toString('utf8', from, to);
  const leadingDot = buf[marks[0]] === DOT;
  const expiry = Number(text(marks[4] + 1, marks[5]));
  const host = hostEnd(buf, marks[0], marks[1]);
  const cookie: JarCookie = {
    name: text(marks[5] + 1, fields === 7 ? marks[6] : end),
    value: fields === 7 ? text(marks[6] + 1, end) : '',
    domain: asciiLower(text(leadingDot ? marks[0] + 1 : marks[0], host)).replace(/^\[(.*)\]$/, '$1'),
    hostOnly: !leadingDot && boolAt(buf, marks[1] + 1, marks[2]) === false,
    path: text(marks[2] + 1, marks[3]),
    secure: boolAt(buf, marks[3] + 1, marks[4]) === true,
    httpOnly: marks[0] !== contentStart(buf, start, fileStart),
    expires: expiry === 0 ? null : expiry,
  };
  if (host !== marks[1]) cookie.port = Number(buf.toString('latin1', host + 1, marks[1]));
  return cookie;
}

/** Parses one line's text (no EOL). A reason never holds a field's value. */
export function parseNetscapeLine(line: string): LineParse {
  const buf = Buffer.from(line, 'utf8');
  const marks = new Int32Array(7);
  const code = scanLine(buf, 0, buf.length, marks);
  if (code === OTHER) return { kind: 'other' };
  if (code !== 6 && code !== 7) return { kind: 'invalid', reason: scanReason(code, buf.length) };
  return { kind: 'cookie', cookie: materialize(buf, 0, buf.length, marks, code) };
}

/** One cookie in curl's own format (no EOL). */
export function formatNetscapeLine(cookie: JarCookie): string {
  const host = cookie.port !== undefined && cookie.domain.includes(':') ? `[${cookie.domain}]` : cookie.domain;
  const domain = `${cookie.hostOnly ? '' : '.'}${host}${cookie.port !== undefined ? `:${cookie.port}` : ''}`;
  return [
    `${cookie.httpOnly ? HTTP_ONLY_PREFIX : ''}${domain}`,
    cookie.hostOnly ? 'FALSE' : 'TRUE',
    cookie.path,
    cookie.secure ? 'TRUE' : 'FALSE',
    String(cookie.expires ?? 0),
    cookie.name,
    cookie.value,
  ].join('\t');
}
