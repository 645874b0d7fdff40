// PowerShell values as kr carries them after parsing and evaluation; the expressions that
// produce them (ValueExpr), the reader of their source text (ValueReader: quoted strings,
// numbers, barewords, `$var`, arrays, `@{...}`), and their evaluation.

import { ParseErrors, type KrError, type KrErrorInit, type SourcePosition } from './errors.js';

export type PsValue = string | number | boolean | null | PsValue[] | Hashtable | PsObjectLike;

/** Any other object a script holds: a [pscustomobject], a script block, a cmdlet's output object. */
export type PsObjectLike = object;

/**
 * PowerShell's @{ } hashtable: case-insensitive keys, insertion order kept,
 * the key's original spelling kept for display.
 */
export class Hashtable {
  private readonly entries = new Map<string, { key: string; value: PsValue }>();

  static from(record: Record<string, PsValue>): Hashtable {
    const table = new Hashtable();
    for (const [k, v] of Object.entries(record)) table.set(k, v);
    return table;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key.toLowerCase());
  }

  get(key: string): PsValue | undefined {
    return this.entries.get(key.toLowerCase())?.value;
  }

  /** Sets (or replaces) a key; returns false when the key was already present. */
  set(key: string, value: PsValue): boolean {
    const folded = key.toLowerCase();
    const existed = this.entries.has(folded);
    this.entries.set(folded, { key: existed ? this.entries.get(folded)!.key : key, value });
    return !existed;
  }

  keys(): string[] {
    return [...this.entries.values()].map((e) => e.key);
  }

  /** Removes a key; false when it was not there. */
  delete(key: string): boolean {
    return this.entries.delete(key.toLowerCase());
  }

  /** [ordered]@{...}: an OrderedDictionary (both keep insertion order in kr; the type name differs). */
  ordered = false;

  *[Symbol.iterator](): IterableIterator<[string, PsValue]> {
    for (const e of this.entries.values()) yield [e.key, e.value];
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this) out[k] = toJsonValue(v);
    return out;
  }
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function toJsonValue(value: PsValue | undefined): JsonValue {
  if (value === undefined) return null;
  if (value instanceof Hashtable) return value.toJSON() as JsonValue;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (isPsObject(value)) return (JSON.parse(JSON.stringify(value) ?? 'null') as JsonValue) ?? null;
  return value;
}

/** An object that is none of PowerShell's scalars, arrays or hashtables (a [pscustomobject], a script block, a report). */
export function isPsObject(value: unknown): value is PsObjectLike {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Hashtable);
}

/** How an object shows itself as text: its own psToString(), a custom toString(), else its type's name. */
function objectToString(value: PsObjectLike): string {
  const own = (value as { psToString?: () => string }).psToString;
  if (value instanceof Date) return value.toISOString();
  if (typeof own === 'function') return own.call(value);
  if (value.toString !== Object.prototype.toString) return String(value);
  return 'System.Management.Automation.PSCustomObject';
}

/** PowerShell's ToString() of a value, as used for AuthenticationProperties items and messages. */
export function psToString(value: PsValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value instanceof Hashtable) return 'System.Collections.Hashtable';
  if (Array.isArray(value)) return value.map(psToString).join(' ');
  if (typeof value === 'number') return formatNumber(value);
  if (isPsObject(value)) return objectToString(value);
  return value;
}

// ---------------------------------------------------------------------------------------
// Value expressions: what an argument, a `-Name:value` or an assignment's right side is
// before evaluation. `$var` stays a reference until `evaluate`, so a parsed script can run
// against variables that earlier statements set.

export interface LiteralExpr {
  kind: 'literal';
  value: string | number | boolean | null;
  /**
   * For numbers: the token as typed when it differs from the number's own text (`0x1F`,
   * `007`, `1e3`). PowerShell keeps it so that a string parameter receives what was typed.
   */
  text?: string;
}
export interface VariableExpr {
  kind: 'variable';
  /** Without `$`, as written (`env:HOME`, `x`); case-insensitive lookup is the caller's job. */
  name: string;
}
export type StringPart = { kind: 'text'; text: string } | { kind: 'variable'; name: string };
/** A `"double-quoted"` string (or a bareword) with `$var` references in it. */
export interface ExpandableStringExpr {
  kind: 'expandable';
  parts: StringPart[];
}
export interface ArrayExpr {
  kind: 'array';
  items: ValueExpr[];
  /** `@( ... )`: array-valued items are flattened into the result, as PowerShell does. */
  subexpression?: boolean;
}
export interface HashtableEntry {
  key: ValueExpr;
  value: ValueExpr;
}
export interface HashtableExpr {
  kind: 'hashtable';
  entries: HashtableEntry[];
}
/** A value the script evaluator already computed (a command argument that was an expression). */
export interface ComputedExpr {
  kind: 'value';
  value: PsValue;
}
export type ValueExpr = LiteralExpr | VariableExpr | ExpandableStringExpr | ArrayExpr | HashtableExpr | ComputedExpr;

/** Reads a variable for `evaluate`; `name` is without `$`. */
export type VariableLookup = (name: string) => PsValue | undefined;

/** The value of an expression. An unknown variable is `$null`, as in PowerShell. */
export function evaluate(expr: ValueExpr, vars?: VariableLookup): PsValue {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'value':
      return expr.value;
    case 'variable':
      return vars?.(expr.name) ?? null;
    case 'expandable':
      return expr.parts.map((p) => (p.kind === 'text' ? p.text : psToString(vars?.(p.name) ?? null))).join('');
    case 'array': {
      const out: PsValue[] = [];
      for (const item of expr.items) {
        const v = evaluate(item, vars);
        if (expr.subexpression && Array.isArray(v)) out.push(...v);
        else out.push(v);
      }
      return out;
    }
    case 'hashtable': {
      const table = new Hashtable();
      for (const entry of expr.entries) {
        const key = psToString(evaluate(entry.key, vars));
        if (!table.set(key, evaluate(entry.value, vars))) throw ParseErrors.duplicateKeyInHashLiteral(key);
      }
      return table;
    }
  }
}

/** The expression's value when it needs no variables (literals, and containers of them). */
export function constantValue(expr: ValueExpr): PsValue | undefined {
  const refersToVariables = (e: ValueExpr): boolean => {
    switch (e.kind) {
      case 'literal':
      case 'value':
        return false;
      case 'variable':
        return true;
      case 'expandable':
        return e.parts.some((p) => p.kind === 'variable');
      case 'array':
        return e.items.some(refersToVariables);
      case 'hashtable':
        return e.entries.some((x) => refersToVariables(x.key) || refersToVariables(x.value));
    }
  };
  return refersToVariables(expr) ? undefined : evaluate(expr);
}

/**
 * .NET's text for a number: shortest round-trip digits, scientific notation (`1E+15`,
 * `1E-05`) outside the range where .NET writes plain digits.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 53) return String(value);
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (exponent >= 15 || exponent < -4) {
    const [mantissa, exp] = value.toExponential().split('e');
    const n = Number(exp);
    return `${mantissa}E${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(value);
}

/** A value written back as PowerShell source (`'a b'`, `$true`, `@('x', 1)`, `@{a = 1}`), for traces and help. */
export function formatPsLiteral(value: PsValue | undefined): string {
  if (value === undefined || value === null) return '$null';
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
  if (value instanceof Hashtable) {
    return `@{${[...value].map(([k, v]) => `${/^[\p{L}_][\p{L}\p{N}_.-]*$/u.test(k) ? k : formatPsLiteral(k)} = ${formatPsLiteral(v)}`).join('; ')}}`;
  }
  if (Array.isArray(value)) return `@(${value.map(formatPsLiteral).join(', ')})`;
  return psToString(value);
}

// ---------------------------------------------------------------------------------------
// Reading value expressions from source text (PowerShell's argument mode).

const SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";
const DOUBLE_QUOTES = '"\u201c\u201d\u201e';
const DASHES = '-\u2013\u2014\u2015';

// PowerShell treats the typographic quotes and dashes as their ASCII forms (text pasted from docs).
export const isSingleQuote = (c: string): boolean => c !== '' && SINGLE_QUOTES.includes(c);
export const isDoubleQuote = (c: string): boolean => c !== '' && DOUBLE_QUOTES.includes(c);
export const isDash = (c: string): boolean => c !== '' && DASHES.includes(c);
export const isNewline = (c: string): boolean => c === '\n' || c === '\r';
// .NET's Char.IsWhiteSpace: JavaScript's \s lacks U+0085 (NEL)
export const isBlank = (c: string): boolean => c === '\u0085' || (c !== '' && !isNewline(c) && /\s/.test(c));

/** Characters that end a bareword and start a new token (PowerShell's ForceStartNewToken, plus redirection). */
export const BAREWORD_END: ReadonlySet<string> = new Set([';', ',', '(', ')', '{', '}', '|', '&', '<', '>']);
const VARIABLE_CHAR = /[\p{L}\p{N}_?]/u;
const HEX_DIGIT = /[0-9a-fA-F]/;
const NUMBER =
  /^([-+\u2013\u2014\u2015]?)(?:0x([0-9a-f]+)|0b([01]+)|((?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?))(ul|uy|us|l|u|y|s|n|d)?(kb|mb|gb|tb|pb)?$/i;
const MULTIPLIERS: Record<string, number> = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40, pb: 2 ** 50 };

/**
 * A numeric token of argument mode (`-5`, `1.5`, `0x1F`, `1e3`, `10kb`, `0b101`, `5l`) or
 * undefined when the text is not a number (it is then a bareword string).
 */
/** The range of each integer type suffix (PowerShell's sbyte, byte, short, ushort, long, uint/ulong, ulong). */
const SUFFIX_RANGES: Record<string, [number, number]> = {
  y: [-128, 127],
  uy: [0, 255],
  s: [-32768, 32767],
  us: [0, 65535],
  l: [-(2 ** 63), 2 ** 63 - 1],
  u: [0, 2 ** 64 - 1],
  ul: [0, 2 ** 64 - 1],
};

/** .NET's Math.Round: halves to the even neighbour (2.5 -> 2, 3.5 -> 4). */
function roundToEven(n: number): number {
  const floor = Math.floor(n);
  const diff = n - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Why `raw`, which looks like a number, is no valid numeric constant (out of its type's range); undefined when it is one or is no number. */
export function badNumericConstant(raw: string): boolean {
  return NUMBER.test(raw) && parseNumber(raw) === undefined;
}

export function parseNumber(raw: string): LiteralExpr | undefined {
  const m = NUMBER.exec(raw);
  if (!m) return undefined;
  const [, sign, hex, bin, dec, suffixRaw, multiplier] = m;
  const suffix = suffixRaw?.toLowerCase();
  const unsigned = suffix !== undefined && suffix.startsWith('u');
  let value: number;
  if (hex !== undefined) {
    // BigInt: a 64-bit literal's two's complement is exact only there (0xFFFFFFFFFFFFFFFF is -1)
    let big = BigInt(`0x${hex}`);
    // PowerShell's tokenizer: a hex literal exactly as wide as its type (2 digits for y, 4 for s,
    // 16 for l, else 8 or 16) is two's complement: 0xFF y is -1, 0xFFFFFFFF is -1, 0x80 is 128
    if (!unsigned) {
      const width = suffix === 'y' ? 2 : suffix === 's' ? 4 : suffix === 'l' ? 16 : hex.length < 16 ? 8 : 16;
      if (hex.length === width && parseInt(hex[0], 16) >= 8) big -= 1n << BigInt(4 * width);
    }
    value = Number(big);
  } else if (bin !== undefined) {
    let big = BigInt(`0b${bin}`);
    // a binary literal of 8, 16, 32 or 64 digits with its top digit set is two's complement (0b11111111 is -1)
    if (!unsigned && [8, 16, 32, 64].includes(bin.length) && bin[0] === '1') big -= 1n << BigInt(bin.length);
    value = Number(big);
  } else {
    value = Number(dec);
    // a real with an integer type suffix is rounded to that type (3.72y is 4, 2.5l is 2)
    if (suffix !== undefined && suffix !== 'd' && !Number.isInteger(value)) value = roundToEven(value);
  }
  if (multiplier) value *= MULTIPLIERS[multiplier.toLowerCase()];
  if (sign && sign !== '+') value = -value;
  if (!Number.isFinite(value)) return undefined;
  const range = suffix === undefined ? undefined : SUFFIX_RANGES[suffix];
  if (range !== undefined && (value < range[0] || value > range[1])) return undefined;
  if (value === 0) value = 0; // no -0
  const literal: LiteralExpr = { kind: 'literal', value };
  if (raw !== formatNumber(value)) literal.text = raw;
  return literal;
}

/** The character a backtick escape stands for (`n newline, `t tab, ...; any other character itself; `u{} is the reader's). */
export function backtickEscape(c: string): string {
  const escapes: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  return escapes[c] ?? c;
}

/** Source text with the means to turn offsets into SourcePositions. */
export class SourceText {
  private lineStarts?: number[];

  /**
   * @param offset added to every position (argv elements are positioned in argv joined by spaces)
   * @param lines whether positions carry line/column (script text) or not (argv)
   */
  constructor(
    readonly text: string,
    readonly file?: string,
    readonly offset = 0,
    readonly lines = true,
  ) {}

  position(start: number, end: number): SourcePosition {
    const pos: SourcePosition = { start: start + this.offset, end: end + this.offset };
    if (this.lines) {
      if (!this.lineStarts) {
        this.lineStarts = [0];
        for (let i = 0; i < this.text.length; i++) {
          const c = this.text[i];
          if (c === '\n' || (c === '\r' && this.text[i + 1] !== '\n')) this.lineStarts.push(i + 1);
        }
      }
      let lo = 0;
      let hi = this.lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.lineStarts[mid] <= start) lo = mid;
        else hi = mid - 1;
      }
      pos.line = lo + 1;
      pos.column = start - this.lineStarts[lo] + 1;
    }
    if (this.file !== undefined) pos.file = this.file;
    return pos;
  }
}

/** Where a value is read: barewords end at `}` in a hashtable, at `)` in `@( )`, at `=` in a key. */
export type ReadContext = 'command' | 'hash' | 'key' | 'paren';

export interface ReadArgument {
  expr: ValueExpr;
  start: number;
  end: number;
  /**
   * A comma list with blanks next to a bareword item (`Hello, World`): argv reads such an
   * element as its text, not as an array (`'a', 'b'` stays an array).
   */
  loose: boolean;
}

class PartsBuilder {
  readonly parts: StringPart[] = [];

  text(t: string): void {
    const last = this.parts[this.parts.length - 1];
    if (last?.kind === 'text') last.text += t;
    else if (t !== '') this.parts.push({ kind: 'text', text: t });
  }

  add(part: StringPart): void {
    if (part.kind === 'text') this.text(part.text);
    else this.parts.push(part);
  }

  toExpr(): ValueExpr {
    if (this.parts.every((p) => p.kind === 'text')) return { kind: 'literal', value: this.parts.map((p) => (p as { text: string }).text).join('') };
    return { kind: 'expandable', parts: this.parts };
  }
}

/**
 * A cursor over source text that reads PowerShell argument-mode values. The statement
 * parser (tokenizer.ts) drives it; every read either advances or returns undefined.
 */
/** How deep `@{...}`, `@(...)` and arrays may nest: past it a NestingTooDeep parse error, never a stack overflow. */
export const MAX_NESTING_DEPTH = 200;

export class ValueReader {
  i = 0;
  private depth = 0;

  /** Runs `read` one nesting level deeper; NestingTooDeep past MAX_NESTING_DEPTH. */
  nested<T>(start: number, read: () => T): T {
    if (this.depth >= MAX_NESTING_DEPTH) throw ParseErrors.nestingTooDeep(MAX_NESTING_DEPTH, this.at(start));
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  constructor(readonly source: SourceText) {}

  get text(): string {
    return this.source.text;
  }

  peek(k = 0): string {
    return this.text.charAt(this.i + k);
  }

  eof(): boolean {
    return this.i >= this.text.length;
  }

  /** Error init pointing at [start, end) of the text. */
  at(start: number, end: number = start + 1): KrErrorInit {
    const to = Math.min(Math.max(end, start), this.text.length);
    const from = Math.min(start, to);
    return { position: this.source.position(from, to), token: this.text.slice(from, to) };
  }

  /** The token-like text at `start`, for "Unexpected token" messages. */
  tokenAt(start: number): string {
    let j = start + 1;
    while (j < this.text.length && j - start < 40) {
      const c = this.text.charAt(j);
      if (isBlank(c) || isNewline(c) || BAREWORD_END.has(c)) break;
      j++;
    }
    return this.text.slice(start, j);
  }

  unexpected(start: number = this.i): KrError {
    const token = this.tokenAt(start);
    return ParseErrors.unexpectedToken(token, this.at(start, start + token.length));
  }

  /** Skips blanks, comments and backtick line continuations (and newlines when asked); true if anything was skipped. */
  skipTrivia(newlines = false): boolean {
    const from = this.i;
    for (;;) {
      const c = this.peek();
      if (isBlank(c) || (newlines && isNewline(c))) {
        this.i++;
      } else if (c === '`' && isNewline(this.peek(1))) {
        this.i += this.peek(1) === '\r' && this.peek(2) === '\n' ? 3 : 2;
      } else if (c === '<' && this.peek(1) === '#') {
        const close = this.text.indexOf('#>', this.i + 2);
        if (close < 0) throw ParseErrors.missingEndMultiLineComment(this.at(this.i, this.i + 2));
        this.i = close + 2;
      } else if (c === '#') {
        while (!this.eof() && !isNewline(this.peek())) this.i++;
      } else {
        return this.i > from;
      }
    }
  }

  /** Trivia, newlines and `;` (between hashtable entries and `@( )` statements). */
  skipSeparators(): void {
    for (;;) {
      this.skipTrivia(true);
      if (this.peek() !== ';') return;
      this.i++;
    }
  }

  /** One argument: a value, or a comma list of values (`a,b,c`, `'a', "b"`). */
  readArgument(context: ReadContext): ReadArgument | undefined {
    const start = this.i;
    const first = this.readPrimary(context);
    if (!first) return undefined;
    const items = [first];
    let loose = false;
    let previousIsBareword = this.startsBareword(start);
    for (;;) {
      const save = this.i;
      const before = this.skipTrivia(false);
      if (this.peek() !== ',') {
        this.i = save;
        break;
      }
      const comma = this.i++;
      const after = this.skipTrivia(true);
      const itemStart = this.i;
      const item = this.readPrimary(context);
      if (!item) throw ParseErrors.missingExpressionAfterToken(',', this.at(comma));
      items.push(item);
      const isBareword = this.startsBareword(itemStart);
      loose ||= (before || after) && (previousIsBareword || isBareword);
      previousIsBareword = isBareword;
    }
    return { expr: items.length === 1 ? first : { kind: 'array', items }, start, end: this.i, loose };
  }

  private startsBareword(at: number): boolean {
    const c = this.text.charAt(at);
    return !(isSingleQuote(c) || isDoubleQuote(c) || c === '$' || c === '@' || c === ',');
  }

  /** One value (no comma list), or undefined when none starts here. */
  readPrimary(context: ReadContext): ValueExpr | undefined {
    const c = this.peek();
    const start = this.i;
    if (c === '') return undefined;
    if (isSingleQuote(c)) return { kind: 'literal', value: this.readSingleQuoted() };
    if (isDoubleQuote(c)) {
      const parts = new PartsBuilder();
      this.readDoubleQuoted(parts);
      return parts.toExpr();
    }
    if (c === '@' && this.peek(1) === '{') return this.nested(this.i, () => this.readHashtable());
    if (c === '@' && this.peek(1) === '(') return this.nested(this.i, () => this.readSubexpression());
    if (c === ',') {
      this.i++;
      this.skipTrivia(true);
      const item = this.readPrimary(context);
      if (!item) throw ParseErrors.missingExpressionAfterToken(',', this.at(start));
      return { kind: 'array', items: [item] };
    }
    if (c === '$') {
      const v = this.readVariable();
      if (v) {
        // Member access and indexing ($x.Name, $x[0]) are expressions kr does not evaluate.
        if ((this.peek() === '.' && VARIABLE_CHAR.test(this.peek(1))) || this.peek() === '[') throw this.unexpected();
        return v;
      }
    }
    if (c === '(' || c === '{') throw this.unexpected();
    if (isBlank(c) || isNewline(c) || BAREWORD_END.has(c)) return undefined;
    return this.readBareword(context);
  }

  /** `'...'` with `''` for a quote; the cursor is on the opening quote. */
  readSingleQuoted(): string {
    const start = this.i++;
    let out = '';
    for (;;) {
      if (this.eof()) throw ParseErrors.terminatorExpectedAtEndOfString("'", this.at(start, this.text.length));
      const c = this.peek();
      if (isSingleQuote(c)) {
        if (isSingleQuote(this.peek(1))) {
          out += c;
          this.i += 2;
          continue;
        }
        this.i++;
        return out;
      }
      out += c;
      this.i++;
    }
  }

  /** `"..."` with backtick escapes, `""` for a quote and `$var` references; the cursor is on the opening quote. */
  readDoubleQuoted(parts: PartsBuilder): void {
    const start = this.i++;
    const unterminated = () => ParseErrors.terminatorExpectedAtEndOfString('"', this.at(start, this.text.length));
    for (;;) {
      if (this.eof()) throw unterminated();
      const c = this.peek();
      if (isDoubleQuote(c)) {
        if (isDoubleQuote(this.peek(1))) {
          parts.text(c);
          this.i += 2;
          continue;
        }
        this.i++;
        return;
      }
      if (c === '`') {
        if (this.i + 1 >= this.text.length) throw unterminated();
        parts.text(this.readEscape());
        continue;
      }
      if (c === '$') {
        const v = this.readVariable();
        if (v) {
          parts.add(v.kind === 'variable' ? v : { kind: 'text', text: psToString(evaluate(v)) });
          continue;
        }
      }
      parts.text(c);
      this.i++;
    }
  }

  /** A backtick escape; the cursor is on the backtick. */
  readEscape(): string {
    const start = this.i;
    const e = this.peek(1);
    this.i += 2;
    if (e !== 'u') return backtickEscape(e);
    switch (e) {
      case 'u': {
        if (this.peek() !== '{') return 'u';
        this.i++;
        let hex = '';
        while (HEX_DIGIT.test(this.peek())) {
          hex += this.peek();
          this.i++;
          if (hex.length > 6) throw ParseErrors.tooManyDigitsInUnicodeEscapeSequence(this.at(start, this.i));
        }
        if (hex === '') throw ParseErrors.invalidUnicodeEscapeSequence(this.at(start, this.i + 1));
        if (this.peek() !== '}') throw ParseErrors.missingUnicodeEscapeSequenceTerminator(this.at(start, this.i));
        this.i++;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw ParseErrors.invalidUnicodeEscapeSequenceValue(this.at(start, this.i));
        return String.fromCodePoint(code);
      }
      default:
        return e;
    }
  }

  /**
   * `$name`, `$scope:name`, `${any name}`, `$$`, `$^`, `$?`; `$true`/`$false`/`$null` are
   * literals. Undefined (cursor unmoved) when the `$` starts no variable: it is then a plain `$`.
   */
  readVariable(): ValueExpr | undefined {
    const start = this.i;
    const n = this.peek(1);
    let name: string;
    if (n === '{') {
      let j = start + 2;
      let out = '';
      for (;;) {
        const ch = this.text.charAt(j);
        if (ch === '') throw ParseErrors.endBraceExpectedAtEndOfVariableName(this.at(start, j));
        if (ch === '}') break;
        if (ch === '`' && j + 1 < this.text.length) {
          out += this.text.charAt(j + 1);
          j += 2;
          continue;
        }
        out += ch;
        j++;
      }
      if (out === '') throw ParseErrors.emptyBracedVariableName(this.at(start, j + 1));
      this.i = j + 1;
      name = out;
    } else if (n === '$' || n === '^') {
      this.i += 2;
      name = n;
    } else if (n !== '' && VARIABLE_CHAR.test(n)) {
      let j = start + 1;
      while (VARIABLE_CHAR.test(this.text.charAt(j))) j++;
      if (this.text.charAt(j) === ':' && VARIABLE_CHAR.test(this.text.charAt(j + 1))) {
        j++;
        while (VARIABLE_CHAR.test(this.text.charAt(j))) j++;
      }
      name = this.text.slice(start + 1, j);
      this.i = j;
    } else if (n === '(') {
      throw ParseErrors.unexpectedToken('$(', this.at(start, start + 2));
    } else {
      return undefined;
    }
    switch (name.toLowerCase()) {
      case 'true':
        return { kind: 'literal', value: true };
      case 'false':
        return { kind: 'literal', value: false };
      case 'null':
        return { kind: 'literal', value: null };
      default:
        return { kind: 'variable', name };
    }
  }

  /**
   * A bareword (PowerShell's generic token): a string, or a number when it reads as one.
   * Quotes, `$var` and backtick escapes inside it join into one string (`a"b c"d` is `ab cd`).
   */
  readBareword(context: ReadContext): ValueExpr | undefined {
    const start = this.i;
    const parts = new PartsBuilder();
    let plain = true;
    while (!this.eof()) {
      const c = this.peek();
      if (isBlank(c) || isNewline(c) || BAREWORD_END.has(c) || (context === 'key' && c === '=')) break;
      if (c === '`') {
        const n = this.peek(1);
        if (isNewline(n)) break; // a line continuation ends the token
        plain = false;
        if (n === '') {
          this.i++; // a backtick at the very end escapes nothing
          break;
        }
        parts.text(this.readEscape());
      } else if (isSingleQuote(c)) {
        plain = false;
        parts.text(this.readSingleQuoted());
      } else if (isDoubleQuote(c)) {
        plain = false;
        this.readDoubleQuoted(parts);
      } else if (c === '$' && this.readVariableInto(parts)) {
        plain = false;
      } else {
        parts.text(c);
        this.i++;
      }
    }
    if (this.i === start) return undefined;
    if (plain) {
      const raw = this.text.slice(start, this.i);
      return parseNumber(raw) ?? { kind: 'literal', value: raw };
    }
    return parts.toExpr();
  }

  private readVariableInto(parts: PartsBuilder): boolean {
    const v = this.readVariable();
    if (!v) return false;
    parts.add(v.kind === 'variable' ? v : { kind: 'text', text: psToString(evaluate(v)) });
    return true;
  }

  /** `@{ key = value; ... }`; entries split by `;` or newlines; constant keys checked for duplicates. */
  readHashtable(): HashtableExpr {
    const open = this.i;
    this.i += 2;
    const entries: HashtableEntry[] = [];
    const seen = new Set<string>();
    for (;;) {
      this.skipSeparators();
      if (this.eof()) throw ParseErrors.missingEndCurlyBrace(this.at(open, open + 2));
      if (this.peek() === '}') {
        this.i++;
        return { kind: 'hashtable', entries };
      }
      const keyStart = this.i;
      if (this.peek() === '=') throw ParseErrors.missingKeyInHashLiteral(this.at(keyStart));
      const key = this.readKey();
      if (!key) throw this.unexpected();
      const keyEnd = this.i;
      this.skipTrivia(false);
      if (this.peek() !== '=') throw ParseErrors.missingEqualsInHashLiteral(this.at(keyStart, keyEnd));
      const equals = this.i++;
      this.skipTrivia(true);
      if (this.eof() || this.peek() === ';' || this.peek() === '}') {
        throw ParseErrors.missingStatementInHashLiteral(this.at(equals));
      }
      const value = this.readArgument('hash');
      if (!value) throw this.unexpected();
      const constant = constantValue(key);
      if (constant !== undefined) {
        const text = psToString(constant);
        if (seen.has(text.toLowerCase())) throw ParseErrors.duplicateKeyInHashLiteral(text, this.at(keyStart, keyEnd));
        seen.add(text.toLowerCase());
      }
      entries.push({ key, value: value.expr });
      this.skipTrivia(false);
      const c = this.peek();
      if (c !== '' && c !== '}' && c !== ';' && !isNewline(c)) throw this.unexpected();
    }
  }

  private readKey(): ValueExpr | undefined {
    const c = this.peek();
    if (isSingleQuote(c) || isDoubleQuote(c)) return this.readPrimary('key');
    if (c === '$') {
      const v = this.readVariable();
      if (v) return v;
    }
    if (isBlank(c) || isNewline(c) || BAREWORD_END.has(c)) return undefined;
    return this.readBareword('key');
  }

  /** `@( ... )`: statements split by `;` or newlines; each statement's array is flattened at evaluation. */
  readSubexpression(): ArrayExpr {
    const open = this.i;
    this.i += 2;
    const items: ValueExpr[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.eof()) throw ParseErrors.missingEndParenthesisInSubexpression(this.at(open, open + 2));
      if (this.peek() === ')') {
        this.i++;
        return { kind: 'array', items, subexpression: true };
      }
      const item = this.readArgument('paren');
      if (!item) throw this.unexpected();
      items.push(item.expr);
      this.skipTrivia(false);
      const c = this.peek();
      if (c !== '' && c !== ')' && c !== ';' && !isNewline(c)) throw this.unexpected();
    }
  }
}
