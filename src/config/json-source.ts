// A small strict JSON parser that remembers where every value sits, so a config error can
// say `kr.config.json:7:18` and name the field by its JSON path. JSON.parse cannot: its
// messages differ between Node versions and carry no line/column.

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** Object members in file order (a Map, so numeric-looking keys keep their place). */
export type JsonObject = Map<string, JsonValue>;

export interface JsonPosition {
  line: number;
  column: number;
}

export interface JsonDocument {
  value: JsonValue;
  /** Where the value at a JSON path (as `jsonPath` spells it) starts. */
  positionOf(path: string): JsonPosition | undefined;
  /** Where the key of an object member starts (for unknown-field errors). */
  keyPositionOf(path: string): JsonPosition | undefined;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: JsonPosition,
  ) {
    super(`${detail} at line ${position.line}, column ${position.column}`);
    this.name = 'JsonSyntaxError';
  }
}

/** `schemes.oidc.authority`; a key that is not a plain identifier is quoted: `schemes["Cookies.oidc"]`. */
export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

export function parseJson(text: string): JsonDocument {
  return new Parser(text).document();
}

/** kr.config.json nests 3 levels; past this the file is no config (and recursion must stop well before the stack does). */
export const MAX_CONFIG_DEPTH = 64;

class Parser {
  private i = 0;
  private depth = 0;
  private readonly valuePositions = new Map<string, JsonPosition>();
  private readonly keyPositions = new Map<string, JsonPosition>();

  constructor(private readonly text: string) {
    // A UTF-8 byte order mark is not JSON but editors write it; skip it.
    if (text.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  document(): JsonDocument {
    this.skipSpace();
    const value = this.value('');
    this.skipSpace();
    if (this.i < this.text.length) this.fail('Unexpected content after the JSON value');
    const values = this.valuePositions;
    const keys = this.keyPositions;
    return { value, positionOf: (p) => values.get(p), keyPositionOf: (p) => keys.get(p) };
  }

  // Positions are asked for in increasing order while parsing: resume the line count from
  // the last one instead of rescanning (which would be quadratic on a large file).
  private scanned = { at: 0, line: 1, lineStart: 0 };

  private position(at = this.i): JsonPosition {
    let { at: k, line, lineStart } = at >= this.scanned.at ? this.scanned : { at: 0, line: 1, lineStart: 0 };
    for (; k < at; k++) {
      if (this.text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    this.scanned = { at, line, lineStart };
    return { line, column: at - lineStart + 1 };
  }

  private fail(detail: string, at = this.i): never {
    throw new JsonSyntaxError(detail, this.position(at));
  }

  private skipSpace(): void {
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else break;
    }
  }

  private describe(at: number): string {
    if (at >= this.text.length) return 'end of file';
    return `'${this.text[at]}'`;
  }

  private value(path: string): JsonValue {
    this.valuePositions.set(path, this.position());
    const c = this.text[this.i];
    if (c === '{' || c === '[') {
      if (this.depth >= MAX_CONFIG_DEPTH) this.fail(`Nested more than ${MAX_CONFIG_DEPTH} levels deep`);
      this.depth++;
      try {
        return c === '{' ? this.object(path) : this.array(path);
      } finally {
        this.depth--;
      }
    }
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, val] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return val;
      }
    }
    return this.fail(`Unexpected ${this.describe(this.i)}, expected a JSON value`);
  }

  private object(path: string): JsonObject {
    const out: JsonObject = new Map();
    this.i++;
    this.skipSpace();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] !== '"') this.fail(`Unexpected ${this.describe(this.i)}, expected a property name in double quotes`);
      const keyAt = this.i;
      const key = this.string();
      const childPath = jsonPath(path, key);
      if (out.has(key)) this.fail(`Duplicate property "${key}"`, keyAt);
      this.keyPositions.set(childPath, this.position(keyAt));
      this.skipSpace();
      if (this.text[this.i] !== ':') this.fail(`Unexpected ${this.describe(this.i)}, expected ':' after the property name`);
      this.i++;
      this.skipSpace();
      out.set(key, this.value(childPath));
      this.skipSpace();
      const sep = this.text[this.i];
      if (sep === ',') {
        const commaAt = this.i;
        this.i++;
        this.skipSpace();
        if (this.text[this.i] === '}') this.fail("Trailing comma before '}'", commaAt);
        continue;
      }
      if (sep === '}') {
        this.i++;
        return out;
      }
      this.fail(`Unexpected ${this.describe(this.i)}, expected ',' or '}'`);
    }
  }

  private array(path: string): JsonValue[] {
    const out: JsonValue[] = [];
    this.i++;
    this.skipSpace();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value(jsonPath(path, out.length)));
      this.skipSpace();
      const sep = this.text[this.i];
      if (sep === ',') {
        const commaAt = this.i;
        this.i++;
        this.skipSpace();
        if (this.text[this.i] === ']') this.fail("Trailing comma before ']'", commaAt);
        continue;
      }
      if (sep === ']') {
        this.i++;
        return out;
      }
      this.fail(`Unexpected ${this.describe(this.i)}, expected ',' or ']'`);
    }
  }

  private string(): string {
    const start = this.i;
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.text.length) this.fail('Unterminated string', start);
      const c = this.text[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = this.text[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          this.fail('Invalid escape in string');
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('Control character in string (escape it)');
      out += c;
      this.i++;
    }
  }

  private number(): number {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!match) this.fail('Invalid number');
    this.i += match[0].length;
    return Number(match[0]);
  }
}
