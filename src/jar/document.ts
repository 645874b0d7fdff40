// What a jar file format gives the session: the cookies it holds, each tied to its place
// in the file, and a serialiser that applies only the edits the session made.

import type { Cookie } from 'tough-cookie';
import type { JarPart } from './jar-bytes.js';
import type { JarCookie, JarFormat, JarWarning } from './types.js';

/** A cookie as the file holds it. `index` is its place in the file (line or array slot). */
export interface StoredEntry {
  index: number;
  cookie: JarCookie;
  /** tough-cookie's own object, when the format stores one (creation time, unknown fields). */
  tough?: Cookie;
}

/** A cookie the session wants written: its jar view plus tough-cookie's full object. */
export interface WrittenCookie {
  cookie: JarCookie;
  tough: Cookie;
}

export interface DocumentEdits {
  removed: ReadonlySet<number>;
  replaced: ReadonlyMap<number, WrittenCookie>;
  appended: readonly WrittenCookie[];
}

export interface JarDocument {
  readonly format: JarFormat;
  /** Every domain (lower-case, no leading dot) that has cookies in the file. */
  domains(): Iterable<string>;
  /** How many live cookies (each name/domain/path once) the file holds outside the `skip` domains. */
  countCookies(skip: ReadonlySet<string>, nowSeconds: number): number;
  /** The cookies whose domain is one of `domains` (each asked for once), in file order. */
  entriesFor(domains: readonly string[]): readonly StoredEntry[];
  readonly warnings: readonly JarWarning[];
  /** Whether the format can store this cookie (cookies.txt cannot hold a TAB or line break). */
  accepts(cookie: JarCookie): boolean;
  /** The new file contents: everything not named in `edits` exactly as read. */
  serialize(edits: DocumentEdits): Buffer;
  /** The same contents in pieces (ranges of the file as read), when the format can avoid copying it whole. */
  serializeParts?(edits: DocumentEdits): readonly JarPart[];
}
