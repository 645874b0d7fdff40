// The JSON jars: tough-cookie's serialized jar, Playwright's storageState and Puppeteer's
// cookie array, told apart by their content (json-shapes.ts has each cookie shape). Edits
// are made in the text (json-text.ts): a removed cookie object is cut out with its
// separator, a changed one is rewritten keeping the fields kr does not manage, a new one is
// added in the file's own indentation. Everything else stays byte for byte.

import type { Cookie } from 'tough-cookie';
import type { JarWarning } from './types.js';
import type { DocumentEdits, JarDocument, StoredEntry, WrittenCookie } from './document.js';
import { identity, isExpired } from './convert.js';
import { COOKIE_SHAPES, type CookieShape, type JsonJarFormat } from './json-shapes.js';
import {
  JsonSyntaxError,
  indentBefore,
  lineIndent,
  member,
  parseJsonText,
  scalarMembers,
  type JsonArrayNode,
  type JsonNode,
  type JsonObjectNode,
} from './json-text.js';

/** Thrown for a JSON file that is no jar kr knows; the caller names the file. */
export class JarFormatError extends Error {
  constructor(
    message: string,
    readonly recognized: boolean,
  ) {
    super(message);
  }
}

/** The major versions of tough-cookie whose serialized form kr reads (the form is unchanged since 2.x). */
const TOUGH_MAJOR_VERSIONS = new Set([2, 3, 4, 5, 6]);

const EXPECTED =
  'kr reads Playwright storageState ({ "cookies": [...], "origins": [...] }), a Puppeteer cookie array ([{ "name", "value", "domain", ... }]) ' +
  'and tough-cookie\'s serialized jar ({ "version": "tough-cookie@<2-6>", "cookies": [...] })';

const notRecognized = (what: string) => new JarFormatError(`${what}; ${EXPECTED}`, false);

/** Which JSON jar `root` is, and its cookie array; throws JarFormatError for anything else. */
function classify(text: string, root: JsonNode): { format: JsonJarFormat; cookies: JsonArrayNode } {
  if (root.kind === 'array') {
    const cookieLike = root.items.every((item) => item.kind === 'object' && member(item, 'name')?.kind === 'string');
    if (!cookieLike) throw notRecognized('it is a JSON array, but not of cookie objects with a "name"');
    return { format: 'puppeteer', cookies: root };
  }
  if (root.kind !== 'object') throw notRecognized('it is JSON, but neither an object nor an array');
  const cookies = member(root, 'cookies');
  if (cookies === undefined) throw notRecognized('it is a JSON object without a "cookies" field');
  if (cookies.kind !== 'array') throw notRecognized('its "cookies" field is not an array');
  const origins = member(root, 'origins');
  if (origins !== undefined) {
    if (origins.kind !== 'array') throw notRecognized('its "origins" field is not an array');
    return { format: 'playwright', cookies };
  }
  const version = member(root, 'version');
  if (version !== undefined) {
    const text_ = version.kind === 'string' ? (JSON.parse(text.slice(version.start, version.end)) as string) : '';
    const major = /^tough-cookie@(\d+)\./.exec(text_)?.[1];
    if (major === undefined || !TOUGH_MAJOR_VERSIONS.has(Number(major))) {
      throw notRecognized(`its "version" is ${version.kind === 'string' ? `'${text_.slice(0, 40)}'` : 'not a string'}, not a tough-cookie version kr knows`);
    }
    return { format: 'tough-json', cookies };
  }
  // no version and no origins: the cookies' own field names decide
  const first = cookies.items.find((item): item is JsonObjectNode => item.kind === 'object');
  if (first === undefined || member(first, 'name') !== undefined) return { format: 'playwright', cookies };
  if (member(first, 'key') !== undefined) return { format: 'tough-json', cookies };
  throw notRecognized('its cookies have neither "name" (Playwright) nor "key" (tough-cookie)');
}

/** The fields a cookie shape reads: the scalars, and `extensions` (tough-cookie's one array). */
function readFields(text: string, node: JsonObjectNode): Record<string, unknown> {
  const fields: Record<string, unknown> = scalarMembers(text, node);
  const extensions = member(node, 'extensions');
  if (extensions?.kind === 'array') fields.extensions = JSON.parse(text.slice(extensions.start, extensions.end));
  return fields;
}

export class JsonJarDocument implements JarDocument {
  readonly format: JsonJarFormat;
  readonly warnings: JarWarning[] = [];
  private readonly byDomain = new Map<string, StoredEntry[]>();
  private readonly shape: CookieShape;
  private readonly cookiesNode: JsonArrayNode;
  /** One level of indentation in this file ('' for a file on one line). */
  private readonly unit: string;

  constructor(private readonly text: string) {
    let root: JsonNode;
    try {
      root = parseJsonText(text);
    } catch (error) {
      // the offset only: a parser's message could quote the text, which holds cookie values
      if (error instanceof JsonSyntaxError) throw new JarFormatError(`it starts like JSON but is not valid JSON (${error.message})`, true);
      throw error;
    }
    const { format, cookies } = classify(text, root);
    this.format = format;
    this.shape = COOKIE_SHAPES[format];
    this.cookiesNode = cookies;
    this.unit = /\n([ \t]+)\S/.exec(text)?.[1] ?? '';
    cookies.items.forEach((item, index) => {
      const read = item.kind === 'object' ? this.shape.read(readFields(text, item)) : undefined;
      if (read === undefined) {
        // JSON has no useful line numbers here: line 0 and the array position instead
        this.warnings.push({ line: 0, message: `cookies[${index}] is not a valid cookie; kept unchanged` });
        return;
      }
      const entry: StoredEntry = { index, cookie: read.cookie, ...(read.tough ? { tough: read.tough } : {}) };
      const list = this.byDomain.get(read.cookie.domain);
      if (list === undefined) this.byDomain.set(read.cookie.domain, [entry]);
      else list.push(entry);
    });
  }

  /** A new, empty jar in `format`, as that tool would start one. */
  static empty(format: JsonJarFormat): JsonJarDocument {
    const empty = {
      'tough-json': { version: 'tough-cookie@6.1.0', storeType: 'MemoryCookieStore', rejectPublicSuffixes: true, cookies: [] },
      playwright: { cookies: [], origins: [] },
      puppeteer: [],
    }[format];
    return new JsonJarDocument(`${JSON.stringify(empty, null, 2)}\n`);
  }

  domains(): Iterable<string> {
    return this.byDomain.keys();
  }

  entriesFor(domains: readonly string[]): readonly StoredEntry[] {
    return domains.flatMap((domain) => this.byDomain.get(domain) ?? []).sort((a, b) => a.index - b.index);
  }

  countCookies(skip: ReadonlySet<string>, nowSeconds: number): number {
    const live = new Set<string>();
    for (const [domain, entries] of this.byDomain) {
      if (skip.has(domain)) continue;
      for (const { cookie } of entries) if (!isExpired(cookie, nowSeconds)) live.add(identity(cookie));
    }
    return live.size;
  }

  accepts(): boolean {
    return true;
  }

  /** The text of a cookie object: the shape's fields, and the original's other fields as they were. */
  private renderCookie(written: WrittenCookie, indent: string, original?: JsonObjectNode): string {
    const fresh = new Map(this.shape.write(written.cookie, written.tough as Cookie));
    const members: [string, string][] = [];
    for (const { key, value } of original?.members ?? []) {
      if (!this.shape.managed.has(key)) members.push([key, this.text.slice(value.start, value.end)]);
      else if (fresh.has(key)) members.push([key, JSON.stringify(fresh.get(key))]);
      fresh.delete(key);
    }
    for (const [key, value] of fresh) if (value !== undefined) members.push([key, JSON.stringify(value)]);
    if (this.unit === '') return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
    const inner = members.map(([k, v]) => `${indent}${this.unit}${JSON.stringify(k)}: ${v}`).join(',\n');
    return `{\n${inner}\n${indent}}`;
  }

  serialize(edits: DocumentEdits): Buffer {
    const { text } = this;
    const array = this.cookiesNode;
    const items = array.items;
    const arrayIndent = lineIndent(text, array.start);
    const itemIndent = items.length > 0 ? indentBefore(text, items[0].start) : `${arrayIndent}${this.unit}`;
    const newline = this.unit === '' ? '' : '\n';
    const defaultSep = items.length > 1 ? text.slice(items[0].end, items[1].start) : `,${newline}${itemIndent}`;
    const pieces: string[] = [];
    items.forEach((item, k) => {
      if (edits.removed.has(k)) return;
      const replacement = edits.replaced.get(k);
      const body =
        replacement === undefined ? text.slice(item.start, item.end) : this.renderCookie(replacement, itemIndent, item.kind === 'object' ? item : undefined);
      const sep = pieces.length === 0 ? text.slice(array.start + 1, items[0].start) : k > 0 ? text.slice(items[k - 1].end, item.start) : defaultSep;
      pieces.push(sep, body);
    });
    for (const added of edits.appended) {
      pieces.push(pieces.length === 0 ? `${newline}${itemIndent}` : defaultSep, this.renderCookie(added, itemIndent));
    }
    let inner: string;
    if (pieces.length === 0) inner = items.length === 0 ? text.slice(array.start + 1, array.end - 1) : '';
    else inner = pieces.join('') + (items.length > 0 ? text.slice(items[items.length - 1].end, array.end - 1) : `${newline}${arrayIndent}`);
    return Buffer.from(`${text.slice(0, array.start)}[${inner}]${text.slice(array.end)}`, 'utf8');
  }
}

/** Content-based: a JSON object or array is one of the JSON jars, anything else is read as cookies.txt. */
export function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*[[{]/.test(text);
}
