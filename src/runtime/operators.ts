// PowerShell's operators and conversions on kr's values: arithmetic (with PowerShell's
// left-operand typing: "1" + 2 is "12", 1 + "2" is 3), comparison (case-insensitive unless the
// -c form; an array on the left filters), -like/-match/-replace/-split/-join/-f, -is/-as, and
// the casts kr knows ([int], [string], [bool], [hashtable], [pscustomobject], [array], ...).

import type { BinaryOperator } from '../params/ast.js';
import { KrError } from '../params/errors.js';
import { Hashtable, formatNumber, isPsObject, psToString, type PsValue } from '../params/values.js';
import { PsCustomObject, PsType, ScriptBlock, typeNameOf } from './ps-objects.js';

export class PsRuntimeError extends KrError {}

const runtimeError = (id: string, message: string, category: 'InvalidArgument' | 'InvalidOperation' | 'InvalidType' = 'InvalidOperation') =>
  new KrError(id, message, { category });

/** The types kr's casts, -is and -as know, by every name PowerShell accepts for them. */
const TYPES: Record<string, { fullName: string; key: string }> = {};
function defineType(fullName: string, key: string, ...names: string[]): void {
  for (const name of [fullName, fullName.replace(/^System\./, ''), key, ...names]) TYPES[name.toLowerCase()] = { fullName, key };
}
defineType('System.Int32', 'int', 'int32');
defineType('System.Int64', 'long', 'int64');
defineType('System.Double', 'double', 'float', 'single');
defineType('System.Decimal', 'decimal');
defineType('System.String', 'string');
defineType('System.Char', 'char');
defineType('System.Boolean', 'bool', 'boolean');
defineType('System.Object', 'object');
defineType('System.Management.Automation.PSObject', 'psobject');
defineType('System.Object[]', 'array', 'object[]');
defineType('System.String[]', 'string[]');
defineType('System.Int32[]', 'int[]');
defineType('System.Collections.Hashtable', 'hashtable');
defineType('System.Collections.Specialized.OrderedDictionary', 'ordered');
defineType('System.Management.Automation.PSCustomObject', 'pscustomobject');
defineType('System.Management.Automation.ScriptBlock', 'scriptblock');
defineType('System.Management.Automation.SwitchParameter', 'switch');
defineType('System.Void', 'void');
defineType('System.DateTime', 'datetime');
defineType('System.Text.RegularExpressions.Regex', 'regex');
defineType('System.Math', 'math');
defineType('System.Guid', 'guid');
defineType('System.Environment', 'environment');
defineType('System.Management.Automation.ActionPreference', 'actionpreference');

/** The type a name means; TypeNotFound (PowerShell's runtime error) for one kr does not know. */
export function resolveType(name: string): PsType {
  const known = TYPES[name.toLowerCase().replace(/\s+/g, '')];
  if (known === undefined) throw runtimeError('TypeNotFound', `Unable to find type [${name}].`, 'InvalidType');
  return new PsType(known.fullName, known.key);
}

export function isKnownType(name: string): boolean {
  return TYPES[name.toLowerCase()] !== undefined;
}

// ---------------------------------------------------------------------------------------
// Conversions

/** PowerShell's truthiness: $null, 0, '', an empty array, a one-element array of a false value are false. */
export function toBool(value: PsValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) {
    if (value.length === 0) return false;
    if (value.length === 1) return Array.isArray(value[0]) ? value[0].length > 0 : toBool(value[0]);
    return true;
  }
  return true;
}

const NUMBER_TEXT = /^\s*([-+]?)(?:0x([0-9a-f]+)|((?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?))(kb|mb|gb|tb|pb)?\s*$/i;

/** A string as PowerShell parses it for arithmetic; undefined when it is not a number. */
export function parseNumeric(text: string): number | undefined {
  if (text.trim() === '') return 0;
  const m = NUMBER_TEXT.exec(text);
  if (!m) return undefined;
  let n = m[2] !== undefined ? parseInt(m[2], 16) : Number(m[3]);
  if (m[4]) n *= 2 ** (10 * (['kb', 'mb', 'gb', 'tb', 'pb'].indexOf(m[4].toLowerCase()) + 1));
  return m[1] === '-' ? -n : n;
}

function cannotConvert(value: PsValue, type: string, reason?: string): KrError {
  const shown = Array.isArray(value) || value instanceof Hashtable ? typeNameOf(value) : psToString(value);
  return runtimeError(
    'InvalidCastFromStringToInteger',
    reason === undefined
      ? `Cannot convert value "${shown}" to type "${type}".`
      : `Cannot convert value "${shown}" to type "${type}". Error: "${reason}"`,
    'InvalidArgument',
  );
}

export function toNumber(value: PsValue, type = 'System.Int32'): number {
  if (value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const n = parseNumeric(value);
    if (n === undefined) throw cannotConvert(value, type, 'Input string was not in a correct format.');
    return n;
  }
  if (Array.isArray(value) && value.length === 1) return toNumber(value[0], type);
  throw runtimeError(
    'ConvertToFinalInvalidCastException',
    `Cannot convert the "${psToString(value)}" value of type "${typeNameOf(value)}" to type "${type}".`,
    'InvalidArgument',
  );
}

/** .NET's Math.Round (to even), as [int] casts do. */
function roundHalfEven(n: number): number {
  const r = Math.round(n);
  return Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `[type]value`: throws PowerShell's conversion errors. */
export function convertTo(typeName: string, value: PsValue, ofs = ' '): PsValue {
  const type = resolveType(typeName);
  switch (type.key) {
    case 'int':
    case 'long': {
      if (Array.isArray(value) && value.length !== 1) throw runtimeError('ConvertToFinalInvalidCastException', `Cannot convert the "System.Object[]" value of type "System.Object[]" to type "${type.fullName}".`, 'InvalidArgument');
      const n = roundHalfEven(toNumber(Array.isArray(value) ? value[0] : value, type.fullName));
      if (type.key === 'int' && (n > 2147483647 || n < -2147483648)) throw cannotConvert(value, type.fullName, 'Value was either too large or too small for an Int32.');
      return n === 0 ? 0 : n;
    }
    case 'double':
    case 'decimal':
      return toNumber(value, type.fullName);
    case 'string':
      return value === null ? '' : toStringWith(value, ofs);
    case 'char': {
      if (typeof value === 'number') return String.fromCharCode(value);
      const s = psToString(value);
      if (s.length !== 1) throw cannotConvert(value, 'System.Char', 'String must be exactly one character long.');
      return s;
    }
    case 'bool':
    case 'switch':
      return toBool(value);
    case 'object':
    case 'psobject':
      return value;
    // an array type of $null is $null, as in PowerShell (`@([int[]]$null)` has one element)
    case 'array':
      return value === null ? null : Array.isArray(value) ? value : [value];
    case 'string[]':
      return value === null ? null : (Array.isArray(value) ? value : [value]).map((v) => toStringWith(v, ofs));
    case 'int[]':
      return value === null ? null : (Array.isArray(value) ? value : [value]).map((v) => convertTo('int', v));
    case 'hashtable':
      if (value instanceof Hashtable) return value;
      if (value === null) return null;
      // PowerShell converts no custom object to a hashtable (its Pester test: InvalidCastConstructorException)
      if (value instanceof PsCustomObject) throw runtimeError('InvalidCastConstructorException', `Cannot convert the "${psToString(value)}" value of type "${typeNameOf(value)}" to type "System.Collections.Hashtable".`, 'InvalidArgument');
      throw runtimeError('ConvertToFinalInvalidCastException', `Cannot convert the "${psToString(value)}" value of type "${typeNameOf(value)}" to type "System.Collections.Hashtable".`, 'InvalidArgument');
    case 'ordered': {
      if (!(value instanceof Hashtable)) throw runtimeError('OrderedAttributeOnlyOnHashLiteralNode', 'The ordered attribute can be specified only on a hash literal node.', 'InvalidArgument');
      value.ordered = true;
      return value;
    }
    case 'pscustomobject':
      if (value instanceof Hashtable) return PsCustomObject.from(value);
      return value;
    case 'scriptblock':
      if (value instanceof ScriptBlock) return value;
      throw runtimeError('ConvertToFinalInvalidCastException', `Cannot convert the "${psToString(value)}" value of type "${typeNameOf(value)}" to type "System.Management.Automation.ScriptBlock".`, 'InvalidArgument');
    case 'void':
      return null;
    case 'datetime': {
      if (value instanceof Date) return value;
      const d = new Date(psToString(value));
      if (Number.isNaN(d.getTime())) throw cannotConvert(value, 'System.DateTime', `String '${psToString(value)}' was not recognized as a valid DateTime.`);
      return d;
    }
    case 'actionpreference': {
      const names = ['SilentlyContinue', 'Stop', 'Continue', 'Inquire', 'Ignore', 'Suspend', 'Break'];
      const match = names.find((n) => n.toLowerCase() === psToString(value).toLowerCase());
      if (match === undefined) throw cannotConvert(value, type.fullName);
      return match;
    }
    default:
      throw runtimeError('ConvertToFinalInvalidCastException', `Cannot convert to type "${type.fullName}".`, 'InvalidArgument');
  }
}

/** A value as text, arrays joined by `ofs` ($OFS, a space by default). */
export function toStringWith(value: PsValue, ofs: string): string {
  if (Array.isArray(value)) return value.map((v) => toStringWith(v, ofs)).join(ofs);
  return psToString(value);
}

/** `-is [type]`. */
export function isOfType(value: PsValue, typeName: string): boolean {
  const type = resolveType(typeName);
  switch (type.key) {
    case 'object':
      return value !== null;
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2147483648;
    case 'long':
      return typeof value === 'number' && Number.isInteger(value);
    case 'double':
    case 'decimal':
      return typeof value === 'number' && !Number.isInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'hashtable':
      return value instanceof Hashtable && !value.ordered;
    case 'ordered':
      return value instanceof Hashtable && value.ordered;
    // [psobject]: what PowerShell wraps (custom objects, cmdlet output), not a literal string or number
    case 'psobject':
    case 'pscustomobject':
      return value instanceof PsCustomObject || (isPsObject(value) && !(value instanceof ScriptBlock) && !(value instanceof PsType) && !(value instanceof Date));
    case 'scriptblock':
      return value instanceof ScriptBlock;
    case 'datetime':
      return value instanceof Date;
    default:
      return typeNameOf(value) === type.fullName;
  }
}

// ---------------------------------------------------------------------------------------
// Comparison

/** Compares two scalars PowerShell's way: the right converted to the left's type. */
function compare(left: PsValue, right: PsValue, caseSensitive: boolean): number | undefined {
  if (left === null || right === null) {
    if (left === null && right === null) return 0;
    return undefined;
  }
  if (typeof left === 'number') {
    const r = typeof right === 'number' ? right : typeof right === 'boolean' ? (right ? 1 : 0) : parseNumeric(psToString(right));
    if (r === undefined) return compareText(formatNumber(left), psToString(right), caseSensitive);
    return left === r ? 0 : left < r ? -1 : 1;
  }
  if (typeof left === 'boolean') {
    const r = toBool(right);
    return left === r ? 0 : left ? 1 : -1;
  }
  if (left instanceof Date && right instanceof Date) return Math.sign(left.getTime() - right.getTime());
  if (typeof left === 'string') return compareText(left, psToString(right), caseSensitive);
  if (left === right) return 0;
  return compareText(psToString(left), psToString(right), caseSensitive);
}

function compareText(a: string, b: string, caseSensitive: boolean): number {
  const x = caseSensitive ? a : a.toLowerCase();
  const y = caseSensitive ? b : b.toLowerCase();
  if (x === y) return caseSensitive || a === b ? 0 : 0;
  return x.localeCompare(y, 'en', { sensitivity: caseSensitive ? 'variant' : 'accent' }) || (x < y ? -1 : 1);
}

export function psEquals(left: PsValue, right: PsValue, caseSensitive = false): boolean {
  return compare(left, right, caseSensitive) === 0;
}

/** PowerShell's -like pattern (`*`, `?`, `[a-z]`, backtick escapes) as a regex. */
export function wildcardToRegex(pattern: string, caseSensitive: boolean): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '`' && i + 1 < pattern.length) {
      out += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) out += '\\[';
      else {
        out += `[${pattern.slice(i + 1, close).replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, caseSensitive ? 'su' : 'isu');
}

/** A .NET regex pattern as a JavaScript one (named groups `(?<n>)` and most syntax are the same). */
export function toRegex(pattern: string, caseSensitive: boolean, global = false): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?<([A-Za-z_]\w*)>/g, '(?<$1>'), `${caseSensitive ? '' : 'i'}${global ? 'g' : ''}u`);
  } catch {
    try {
      return new RegExp(pattern, `${caseSensitive ? '' : 'i'}${global ? 'g' : ''}`);
    } catch (error) {
      throw runtimeError('InvalidRegularExpression', `The regular expression pattern ${pattern} is not valid.`, 'InvalidArgument');
    }
  }
}

export interface MatchResult {
  /** $Matches after a scalar -match that succeeded. */
  matches?: Hashtable;
}

function scalarComparison(op: BinaryOperator, left: PsValue, right: PsValue, caseSensitive: boolean, state: MatchResult): boolean {
  switch (op) {
    case '-eq':
      return compare(left, right, caseSensitive) === 0;
    case '-ne':
      return compare(left, right, caseSensitive) !== 0;
    case '-gt':
      return (compare(left, right, caseSensitive) ?? (left === null ? -1 : 1)) > 0;
    case '-ge':
      return (compare(left, right, caseSensitive) ?? (left === null ? -1 : 1)) >= 0;
    case '-lt':
      return (compare(left, right, caseSensitive) ?? (left === null ? -1 : 1)) < 0;
    case '-le':
      return (compare(left, right, caseSensitive) ?? (left === null ? -1 : 1)) <= 0;
    case '-like':
      return wildcardToRegex(psToString(right), caseSensitive).test(psToString(left));
    case '-notlike':
      return !wildcardToRegex(psToString(right), caseSensitive).test(psToString(left));
    case '-match':
    case '-notmatch': {
      const m = toRegex(psToString(right), caseSensitive).exec(psToString(left));
      if (m !== null && op === '-match') {
        const table = new Hashtable();
        m.forEach((g, k) => {
          if (g !== undefined) table.set(String(k), g);
        });
        for (const [name, g] of Object.entries(m.groups ?? {})) if (g !== undefined) table.set(name, g);
        state.matches = table;
      }
      return op === '-match' ? m !== null : m === null;
    }
    default:
      return false;
  }
}

const asList = (value: PsValue): PsValue[] => (Array.isArray(value) ? value : value === null ? [] : [value]);

/** A comparison operator: scalar on the left gives a boolean; an array on the left, the matching items. */
export function comparison(op: BinaryOperator, left: PsValue, right: PsValue, caseSensitive: boolean, state: MatchResult): PsValue {
  if (op === '-contains' || op === '-notcontains') {
    const found = asList(left).some((item) => compare(item, right, caseSensitive) === 0);
    return op === '-contains' ? found : !found;
  }
  if (op === '-in' || op === '-notin') {
    const found = asList(right).some((item) => compare(item, left, caseSensitive) === 0);
    return op === '-in' ? found : !found;
  }
  if (Array.isArray(left)) return left.filter((item) => scalarComparison(op, item, right, caseSensitive, {}));
  return scalarComparison(op, left, right, caseSensitive, state);
}

// ---------------------------------------------------------------------------------------
// Arithmetic and the string operators

function addValues(left: PsValue, right: PsValue, ofs: string): PsValue {
  if (Array.isArray(left)) return [...left, ...(Array.isArray(right) ? right : [right])];
  if (left instanceof Hashtable) {
    if (!(right instanceof Hashtable)) throw runtimeError('AddHashTableToNonHashTable', 'A hash table can only be added to another hash table.');
    const sum = new Hashtable();
    for (const [k, v] of left) sum.set(k, v);
    for (const [k, v] of right) {
      if (sum.has(k)) throw runtimeError('DuplicateKeyInHashtable', `Item has already been added. Key in dictionary: '${k}'  Key being added: '${k}'`, 'InvalidArgument');
      sum.set(k, v);
    }
    return sum;
  }
  if (typeof left === 'string') return left + toStringWith(right, ofs);
  if (left === null) return right;
  if (left instanceof Date && typeof right === 'number') return new Date(left.getTime() + right / 10000);
  const a = toNumber(left, 'System.Int32');
  const b = Array.isArray(right) ? NaN : toNumber(right, typeof left === 'number' && !Number.isInteger(left) ? 'System.Double' : 'System.Int32');
  if (Number.isNaN(b)) throw runtimeError('OperatorFailed', `Method invocation failed because [System.Object[]] does not contain a method named 'op_Addition'.`);
  return a + b;
}

function multiply(left: PsValue, right: PsValue): PsValue {
  if (typeof left === 'string') {
    const n = toNumber(right);
    return n <= 0 ? '' : left.repeat(Math.trunc(n));
  }
  if (Array.isArray(left)) {
    const n = Math.trunc(toNumber(right));
    const out: PsValue[] = [];
    for (let k = 0; k < n; k++) out.push(...left);
    return out;
  }
  return toNumber(left) * toNumber(right);
}

function divide(left: PsValue, right: PsValue): PsValue {
  const b = toNumber(right);
  if (b === 0) throw runtimeError('RuntimeException', 'Attempted to divide by zero.');
  return toNumber(left) / b;
}

/** .NET composite formatting for -f: `{0}`, `{1,5}`, `{0:N2}`, `{0:D3}`, `{0:X}`, `{{` `}}`. */
export function formatString(format: string, args: PsValue[]): string {
  return format.replace(/\{\{|\}\}|\{(\d+)(?:,(-?\d+))?(?::([^}]*))?\}/g, (whole, index?: string, align?: string, spec?: string) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const k = Number(index);
    if (k >= args.length) throw runtimeError('FormatError', 'Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list..');
    let text = formatOne(args[k], spec);
    if (align !== undefined) {
      const width = Number(align);
      text = width < 0 ? text.padEnd(-width) : text.padStart(width);
    }
    return text;
  });
}

function formatOne(value: PsValue, spec: string | undefined): string {
  if (spec === undefined || spec === '') return psToString(value);
  const m = /^([NnFfDdXxPpCcEe])(\d*)$/.exec(spec);
  if (m === null || typeof value !== 'number') {
    if (value instanceof Date) return value.toISOString();
    return psToString(value);
  }
  const digits = m[2] === '' ? undefined : Number(m[2]);
  switch (m[1]) {
    case 'N':
    case 'n':
      return value.toLocaleString('en-US', { minimumFractionDigits: digits ?? 2, maximumFractionDigits: digits ?? 2 });
    case 'F':
    case 'f':
      return value.toFixed(digits ?? 2);
    case 'D':
    case 'd':
      return (value < 0 ? '-' : '') + String(Math.abs(Math.trunc(value))).padStart(digits ?? 0, '0');
    case 'X':
      return Math.trunc(value).toString(16).toUpperCase().padStart(digits ?? 0, '0');
    case 'x':
      return Math.trunc(value).toString(16).padStart(digits ?? 0, '0');
    case 'P':
    case 'p':
      return `${(value * 100).toFixed(digits ?? 2)} %`;
    case 'E':
    case 'e':
      return value.toExponential(digits ?? 6).replace(/e([+-])(\d)$/, 'e$10$2').replace(/e([+-])(\d\d)$/, 'e$10$2');
    default:
      return psToString(value);
  }
}

/**
 * .NET's substitution language (Regex.Replace): `$0`/`$&` the match, `$n`/`${n}` a group by
 * number, `${name}` by name, `` $` `` and `$'` the text before and after, `$+` the last group,
 * `$_` the whole input, `$$` a dollar; a reference to no group stays as written.
 */
export function dotNetSubstitution(replacement: string, match: RegExpExecArray, input: string): string {
  const groups = match.groups ?? {};
  return replacement.replace(/\$(?:\$|&|`|'|\+|_|(\d+)|\{([^}]*)\})/g, (token, number?: string, braced?: string) => {
    if (token === '$$') return '$';
    if (token === '$&') return match[0];
    if (token === '$`') return input.slice(0, match.index);
    if (token === "$'") return input.slice(match.index + match[0].length);
    if (token === '$+') return match.length > 1 ? (match[match.length - 1] ?? '') : '';
    if (token === '$_') return input;
    const key = number ?? braced ?? '';
    if (/^\d+$/.test(key)) {
      const n = Number(key);
      return n < match.length ? (match[n] ?? '') : token;
    }
    return key in groups ? (groups[key] ?? '') : token;
  });
}

/** -replace: .NET regex and substitution (dotNetSubstitution); a script block's form is the evaluator's. */
function replace(left: PsValue, right: PsValue, caseSensitive: boolean): PsValue {
  const [pattern, substitution] = Array.isArray(right) ? [right[0] ?? '', right[1] ?? ''] : [right, ''];
  const regex = toRegex(psToString(pattern), caseSensitive, true);
  const replacement = psToString(substitution);
  const one = (item: PsValue) => {
    const text = psToString(item);
    return text.replace(regex, (...args: unknown[]) => {
      // the callback's arguments: match, groups..., offset, input, [named groups]
      const named = typeof args[args.length - 1] === 'object' ? (args[args.length - 1] as Record<string, string>) : undefined;
      const offsetAt = named ? args.length - 3 : args.length - 2;
      const match = Object.assign(args.slice(0, offsetAt) as string[], { index: args[offsetAt] as number, input: text, groups: named }) as unknown as RegExpExecArray;
      return dotNetSubstitution(replacement, match, text);
    });
  };
  return Array.isArray(left) ? left.map(one) : one(left);
}

/**
 * Where `text` splits, as [start, end, captures] of each separator, at most `max - 1` of them:
 * from the left for a positive max, from the right for a negative one (PowerShell's -split
 * with a negative count), all for 0.
 */
export function limitSeparators<T>(separators: readonly T[], max: number): readonly T[] {
  if (max === 0 || Math.abs(max) > separators.length) return separators;
  const keep = Math.abs(max) - 1;
  return max > 0 ? separators.slice(0, keep) : separators.slice(separators.length - keep);
}

/** -split: regex separators (a group's captures kept, as .NET's Regex.Split does), an optional maximum count. */
function split(left: PsValue, right: PsValue, caseSensitive: boolean): PsValue {
  const [pattern, max] = Array.isArray(right) ? [right[0] ?? ' ', right.length > 1 ? Math.trunc(toNumber(right[1])) : 0] : [right, 0];
  const regex = toRegex(psToString(pattern), caseSensitive, true);
  const one = (item: PsValue): string[] => {
    const text = psToString(item);
    if (max === 0) return text.split(regex);
    const separators = limitSeparators([...text.matchAll(regex)].filter((m) => m[0] !== ''), max);
    const parts: string[] = [];
    let last = 0;
    for (const m of separators) {
      parts.push(text.slice(last, m.index), ...(m.slice(1).filter((g) => g !== undefined) as string[]));
      last = (m.index ?? 0) + m[0].length;
    }
    parts.push(text.slice(last));
    return parts;
  };
  return Array.isArray(left) ? left.flatMap(one) : one(left);
}

/** `a..b`: the integers from a to b (either direction), or characters for one-letter strings. */
export function range(left: PsValue, right: PsValue): PsValue[] {
  if (typeof left === 'string' && typeof right === 'string' && left.length === 1 && right.length === 1 && parseNumeric(left) === undefined) {
    const a = left.charCodeAt(0);
    const b = right.charCodeAt(0);
    const out: PsValue[] = [];
    for (let c = a; a <= b ? c <= b : c >= b; c += a <= b ? 1 : -1) out.push(String.fromCharCode(c));
    return out;
  }
  const a = roundHalfEven(toNumber(left));
  const b = roundHalfEven(toNumber(right));
  if (Math.abs(b - a) > 50_000_000) throw runtimeError('RangeTooBig', 'The range is too big: kr builds ranges of at most 50,000,000 items.');
  const out: number[] = [];
  for (let n = a; a <= b ? n <= b : n >= b; n += a <= b ? 1 : -1) out.push(n);
  return out;
}

/** Every binary operator but -and/-or/-xor and ?? (which short-circuit and live in the evaluator). */
export function binaryOperation(op: BinaryOperator, left: PsValue, right: PsValue, caseSensitive: boolean, ofs: string, state: MatchResult): PsValue {
  switch (op) {
    case '+':
      return addValues(left, right, ofs);
    case '-':
      if (left instanceof Date && right instanceof Date) return (left.getTime() - right.getTime()) * 10000;
      return toNumber(left) - toNumber(right);
    case '*':
      return multiply(left, right);
    case '/':
      return divide(left, right);
    case '%': {
      const b = toNumber(right);
      if (b === 0) throw runtimeError('RuntimeException', 'Attempted to divide by zero.');
      return toNumber(left) % b;
    }
    case '..':
      return range(left, right);
    case '-f':
      return formatString(psToString(left), Array.isArray(right) ? right : [right]);
    case '-band':
      return toNumber(left) & toNumber(right);
    case '-bor':
      return toNumber(left) | toNumber(right);
    case '-bxor':
      return toNumber(left) ^ toNumber(right);
    case '-shl':
      return toNumber(left) << toNumber(right);
    case '-shr':
      return toNumber(left) >> toNumber(right);
    case '-join':
      return (Array.isArray(left) ? left : [left]).map(psToString).join(psToString(right));
    case '-split':
      return split(left, right, caseSensitive);
    case '-replace':
      return replace(left, right, caseSensitive);
    case '-is':
    case '-isnot': {
      const typeName = right instanceof PsType ? right.key : psToString(right);
      const is = isOfType(left, typeName);
      return op === '-is' ? is : !is;
    }
    case '-as': {
      const typeName = right instanceof PsType ? right.key : psToString(right);
      try {
        return convertTo(typeName, left, ofs);
      } catch (error) {
        if (error instanceof KrError && error.errorId === 'TypeNotFound') throw error;
        return null;
      }
    }
    default:
      return comparison(op, left, right, caseSensitive, state);
  }
}
