// The objects a kr script holds besides strings, numbers, booleans, arrays and hashtables:
// [pscustomobject], script blocks and type literals, and PowerShell's member access on all of
// them (properties and the methods scripts reach for first: .Length, .Count, .ToUpper(),
// .Split(), .Keys, .ContainsKey(), ...). Unknown members are $null for properties, as in
// PowerShell, and a MethodNotFound error for methods.

import { KrError } from '../params/errors.js';
import type { ScriptBlockAst } from '../params/ast.js';
import type { SourceText } from '../params/values.js';
import { Hashtable, formatNumber, isPsObject, psToString, type PsValue } from '../params/values.js';
import { formatDate } from './date-format.js';
import { tableView } from './format.js';
import type { TableViewDefinition } from './out-default.js';

/** [pscustomobject]@{...}: ordered properties, names without case. */
export class PsCustomObject {
  readonly psTypeName = 'System.Management.Automation.PSCustomObject';
  private readonly props = new Map<string, { name: string; value: PsValue }>();

  static from(entries: Iterable<[string, PsValue]>): PsCustomObject {
    const object = new PsCustomObject();
    for (const [k, v] of entries) object.set(k, v);
    return object;
  }

  get(name: string): PsValue | undefined {
    return this.props.get(name.toLowerCase())?.value;
  }

  has(name: string): boolean {
    return this.props.has(name.toLowerCase());
  }

  set(name: string, value: PsValue): void {
    const key = name.toLowerCase();
    this.props.set(key, { name: this.props.get(key)?.name ?? name, value });
  }

  names(): string[] {
    return [...this.props.values()].map((p) => p.name);
  }

  entries(): [string, PsValue][] {
    return [...this.props.values()].map((p) => [p.name, p.value]);
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.entries()) out[k] = v instanceof Hashtable ? v.toJSON() : v;
    return out;
  }

  /** PowerShell's "@{a=1; b=x}". */
  psToString(): string {
    return `@{${this.entries().map(([k, v]) => `${k}=${psToString(v)}`).join('; ')}}`;
  }
}

/** A `{ ... }` value: its syntax tree, where it came from, and its text. */
export class ScriptBlock {
  readonly psTypeName = 'System.Management.Automation.ScriptBlock';

  constructor(
    readonly ast: ScriptBlockAst,
    readonly source: SourceText,
  ) {}

  psToString(): string {
    return this.ast.text;
  }

  toJSON(): string {
    return this.ast.text;
  }
}

/** A type literal's value (`[int]`, `[string]`): what -is/-as and static members work on. */
export class PsType {
  readonly psTypeName = 'System.RuntimeType';

  constructor(
    /** The full .NET name, e.g. System.Int32. */
    readonly fullName: string,
    /** kr's key for it, e.g. int. */
    readonly key: string,
  ) {}

  psToString(): string {
    return this.fullName;
  }

  toJSON(): string {
    return this.fullName;
  }

  /** The type's short name (`Int32`). */
  get name(): string {
    return this.fullName.slice(this.fullName.lastIndexOf('.') + 1);
  }

  /** What it derives from, as PowerShell's type view shows it. */
  get baseType(): string {
    if (this.fullName.endsWith('[]')) return 'System.Array';
    return VALUE_TYPES.has(this.fullName) ? 'System.ValueType' : this.fullName === 'System.Object' ? '' : 'System.Object';
  }

  /** PowerShell's view of a type: IsPublic, IsSerial, Name (40 wide), BaseType. */
  [tableView](): TableViewDefinition {
    return TYPE_VIEW;
  }
}

const VALUE_TYPES = new Set(['System.Int32', 'System.Int64', 'System.Double', 'System.Decimal', 'System.Boolean', 'System.Char', 'System.DateTime', 'System.Guid', 'System.Management.Automation.SwitchParameter', 'System.Management.Automation.ActionPreference', 'System.Void']);

const TYPE_VIEW: TableViewDefinition = {
  columns: [
    { label: 'IsPublic', width: 8, alignment: 'left', value: () => true },
    { label: 'IsSerial', width: 8, alignment: 'left', value: () => true },
    { label: 'Name', width: 40, alignment: 'left', value: (t) => (t as PsType).name },
    { label: 'BaseType', alignment: 'left', value: (t) => (t as PsType).baseType },
  ],
};

/** PowerShell's type name of a value, as -is, Get-Member and messages show it. */
export function typeNameOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'System.String';
  if (typeof value === 'boolean') return 'System.Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) <= 2147483647 ? 'System.Int32' : 'System.Int64') : 'System.Double';
  if (Array.isArray(value)) return 'System.Object[]';
  if (value instanceof Hashtable) return (value as Hashtable & { ordered?: boolean }).ordered ? 'System.Collections.Specialized.OrderedDictionary' : 'System.Collections.Hashtable';
  if (value instanceof Date) return 'System.DateTime';
  if (isPsObject(value) && typeof (value as { psTypeName?: unknown }).psTypeName === 'string') return (value as { psTypeName: string }).psTypeName;
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor && ctor !== 'Object' ? `kr.${ctor}` : 'System.Management.Automation.PSCustomObject';
}

/** The property names an object shows (Select-Object *, Format-List, Get-Member). */
export function propertyNames(value: unknown): string[] {
  if (value instanceof PsCustomObject) return value.names();
  if (value instanceof Hashtable) return value.keys();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') {
    const shape = json.call(value);
    if (typeof shape === 'object' && shape !== null && !Array.isArray(shape)) return Object.keys(shape);
  }
  return Object.keys(value);
}

/** A property by name, case-insensitively; undefined when there is none. */
function objectProperty(value: object, name: string): PsValue | undefined {
  if (value instanceof PsCustomObject) return value.get(name);
  const folded = name.toLowerCase();
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (key.toLowerCase() === folded) return toPs(record[key]);
  // getters and toJSON-shaped data (a report's fields)
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') {
    const shape = json.call(value) as Record<string, unknown> | null;
    if (shape && typeof shape === 'object') for (const key of Object.keys(shape)) if (key.toLowerCase() === folded) return toPs(shape[key]);
  }
  let proto = Object.getPrototypeOf(value) as object | null;
  while (proto && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      if (key.toLowerCase() === folded && descriptor?.get) return toPs(descriptor.get.call(value));
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return undefined;
}

/** A JavaScript value as a script sees it: plain objects become [pscustomobject]s, undefined $null. */
export function toPs(value: unknown): PsValue {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(toPs);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return PsCustomObject.from(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPs(v)]));
  }
  return value as PsValue;
}

/** `$x.psobject`: the object's properties as PowerShell's PSObject lists them (a hashtable's are its own, not its keys). */
function psObjectView(target: PsValue): PsValue {
  const names = target instanceof Hashtable ? ['Count', 'Keys', 'Values'] : typeof target === 'string' ? ['Length'] : Array.isArray(target) ? ['Count', 'Length'] : propertyNames(target);
  const kind = target instanceof PsCustomObject ? 'NoteProperty' : 'Property';
  const properties = names.map((n) => {
    const value = getMember(target, n);
    return PsCustomObject.from([['Name', n], ['Value', value], ['MemberType', kind], ['TypeNameOfValue', typeNameOf(value)], ['IsSettable', target instanceof PsCustomObject]]);
  });
  return PsCustomObject.from([['Properties', properties], ['TypeNames', [typeNameOf(target), 'System.Object']], ['BaseObject', target]]);
}

/** `$x.Name`: a property (hashtable keys too); on an array, each element's (member enumeration). */
export function getMember(target: PsValue, name: string): PsValue {
  const folded = name.toLowerCase();
  // `$null.Count` is 0, as in PowerShell 3+ (an empty pipeline's result counts nothing)
  if (target === null) return folded === 'count' || folded === 'length' ? 0 : null;
  // PowerShell's intrinsic member on every object: its PSObject view (Properties, TypeNames, BaseObject)
  if (folded === 'psobject' && !(target instanceof Hashtable && target.has(name))) return psObjectView(target);
  if (typeof target === 'string') {
    if (folded === 'length') return target.length;
    // PowerShell's surrogate Count of a scalar: one object
    if (folded === 'count') return 1;
    return null;
  }
  if ((typeof target === 'number' || typeof target === 'boolean') && (folded === 'count' || folded === 'length')) return 1;
  if (Array.isArray(target)) {
    if (folded === 'count' || folded === 'length') return target.length;
    if (folded === 'rank') return 1;
    // member enumeration: each element's value, a collection's items flattened into the result (as PowerShell does)
    const values = target.flatMap((item) => {
      const value = getMember(item, name);
      return Array.isArray(value) ? value : [value];
    }).filter((v) => v !== null);
    return values.length === 1 ? values[0] : values;
  }
  if (target instanceof Hashtable) {
    if (target.has(name)) return target.get(name) ?? null;
    if (folded === 'count') return target.size;
    if (folded === 'keys') return target.keys();
    if (folded === 'values') return [...target].map(([, v]) => v);
    return null;
  }
  // every scalar counts as one item (PowerShell 3+)
  if (typeof target === 'number' || typeof target === 'boolean') return folded === 'count' || folded === 'length' ? 1 : null;
  if (target instanceof PsType) {
    // instance members of the type itself (`(1).GetType().Name`), else its static ones (`[int]::MaxValue`)
    if (folded === 'name') return target.name;
    if (folded === 'fullname') return target.fullName;
    if (folded === 'basetype') return target.baseType === '' ? null : target.baseType;
    return staticMember(target, name);
  }
  if (target instanceof Date) {
    const d = target;
    const map: Record<string, PsValue> = {
      year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(),
      millisecond: d.getMilliseconds(), dayofweek: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getDay()],
      ticks: d.getTime() * 10000 + 621355968000000000,
    };
    return map[folded] ?? null;
  }
  if (folded === 'count' && !(target instanceof PsCustomObject && target.has('count'))) {
    const own = objectProperty(target, name);
    return own === undefined ? 1 : own;
  }
  return objectProperty(target, name) ?? null;
}

/** `$x.Name = v`. */
export function setMember(target: PsValue, name: string, value: PsValue): void {
  if (target instanceof Hashtable) {
    target.set(name, value);
    return;
  }
  if (target instanceof PsCustomObject) {
    if (!target.has(name)) throw propertyNotFound(name);
    target.set(name, value);
    return;
  }
  throw propertyNotFound(name);
}

const propertyNotFound = (name: string) =>
  new KrError('PropertyNotFound', `The property '${name}' cannot be found on this object. Verify that the property exists and can be set.`, {
    category: 'InvalidOperation',
  });

const methodNotFound = (target: PsValue, name: string) =>
  new KrError('MethodNotFound', `Method invocation failed because [${typeNameOf(target)}] does not contain a method named '${name}'.`, {
    category: 'InvalidOperation',
  });

const str = (v: PsValue | undefined): string => psToString(v ?? null);
const int = (v: PsValue | undefined): number => Math.trunc(Number(v ?? 0));

/** `$x.Method(args)`: the methods of strings, arrays, hashtables and numbers scripts use. */
export function invokeMethod(target: PsValue, name: string, args: PsValue[], invokeScriptBlock?: (block: ScriptBlock, args: PsValue[]) => Promise<PsValue>): PsValue | Promise<PsValue> {
  const m = name.toLowerCase();
  if (m === 'tostring' && args.length === 0) return psToString(target);
  if (m === 'gettype' && args.length === 0) return new PsType(typeNameOf(target), typeNameOf(target));
  if (m === 'equals') return psToString(target) === psToString(args[0] ?? null) && typeof target === typeof args[0];
  if (typeof target === 'string') {
    const s = target;
    switch (m) {
      case 'toupper':
      case 'toupperinvariant':
        return s.toUpperCase();
      case 'tolower':
      case 'tolowerinvariant':
        return s.toLowerCase();
      case 'trim':
        return args.length ? trimChars(s, str(args[0]), true, true) : s.trim();
      case 'trimstart':
        return args.length ? trimChars(s, str(args[0]), true, false) : s.trimStart();
      case 'trimend':
        return args.length ? trimChars(s, str(args[0]), false, true) : s.trimEnd();
      case 'split': {
        const separators = args.length === 0 ? [' '] : args.flatMap((a) => (Array.isArray(a) ? a.map(str) : [str(a)]));
        const chars = separators.every((x) => x.length <= 1) && args.length > 0 && typeof args[0] === 'string' && str(args[0]).length > 1 ? [...str(args[0])] : separators;
        const pattern = new RegExp(chars.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
        return s.split(pattern);
      }
      case 'replace':
        return s.split(str(args[0])).join(str(args[1]));
      case 'contains':
        return s.includes(str(args[0]));
      case 'startswith':
        return s.startsWith(str(args[0]));
      case 'endswith':
        return s.endsWith(str(args[0]));
      case 'indexof':
        return s.indexOf(str(args[0]), args.length > 1 ? int(args[1]) : 0);
      case 'lastindexof':
        return s.lastIndexOf(str(args[0]));
      case 'substring': {
        const start = int(args[0]);
        if (start > s.length || start < 0) throw argumentOutOfRange('startIndex');
        return args.length > 1 ? s.substr(start, int(args[1])) : s.slice(start);
      }
      case 'padleft':
        return s.padStart(int(args[0]), args.length > 1 ? str(args[1]) : ' ');
      case 'padright':
        return s.padEnd(int(args[0]), args.length > 1 ? str(args[1]) : ' ');
      case 'insert':
        return s.slice(0, int(args[0])) + str(args[1]) + s.slice(int(args[0]));
      case 'remove':
        return args.length > 1 ? s.slice(0, int(args[0])) + s.slice(int(args[0]) + int(args[1])) : s.slice(0, int(args[0]));
      case 'tochararray':
        return [...s];
      default:
    }
  }
  if (Array.isArray(target)) {
    switch (m) {
      case 'contains':
        return target.some((x) => psToString(x) === psToString(args[0] ?? null));
      case 'indexof':
        return target.findIndex((x) => psToString(x) === psToString(args[0] ?? null));
      case 'getvalue':
        return target[int(args[0])] ?? null;
      default:
    }
  }
  if (target instanceof Hashtable) {
    switch (m) {
      case 'containskey':
        return target.has(str(args[0]));
      case 'containsvalue':
        return [...target].some(([, v]) => psToString(v) === psToString(args[0] ?? null));
      case 'add':
        if (target.has(str(args[0]))) {
          throw new KrError('ArgumentException', `Item has already been added. Key in dictionary: '${str(args[0])}'  Key being added: '${str(args[0])}'`, { category: 'InvalidArgument' });
        }
        target.set(str(args[0]), args[1] ?? null);
        return null;
      case 'remove':
        target.delete(str(args[0]));
        return null;
      case 'clone':
        return Hashtable.from(Object.fromEntries([...target]));
      case 'getenumerator':
        // its entries, as DictionaryEntry objects (Key, Value, and PowerShell's Name alias)
        return [...target].map(([k, v]) => PsCustomObject.from([['Name', k], ['Key', k], ['Value', v]]));
      case 'clear':
        for (const key of target.keys()) target.delete(key);
        return null;
      default:
    }
  }
  if (typeof target === 'number' && m === 'tostring') return formatNumber(target);
  if (target instanceof Date) {
    const date = target;
    const add = (ms: number) => new Date(date.getTime() + ms) as unknown as PsValue;
    const n = () => Number(args[0] ?? 0);
    switch (m) {
      case 'tostring':
        return formatDate(date, str(args[0]));
      case 'adddays':
        return add(n() * 86_400_000);
      case 'addhours':
        return add(n() * 3_600_000);
      case 'addminutes':
        return add(n() * 60_000);
      case 'addseconds':
        return add(n() * 1000);
      case 'addmilliseconds':
        return add(n());
      case 'touniversaltime':
      case 'tolocaltime':
        // kr's dates are instants: the same one either way (its text is always UTC, ISO 8601)
        return date as unknown as PsValue;
      default:
    }
  }
  if (target instanceof ScriptBlock && m === 'invoke' && invokeScriptBlock) return invokeScriptBlock(target, args);
  if (target instanceof PsType) return invokeStatic(target, name, args);
  // an object of kr's own (an error record, $PSCmdlet): its JavaScript method of that name, any case
  if (isPsObject(target)) {
    const method = methodOf(target, m);
    if (method !== undefined) return toPs(method.apply(target, args)) as PsValue | Promise<PsValue>;
  }
  throw methodNotFound(target, name);
}

function methodOf(target: object, folded: string): ((...args: unknown[]) => unknown) | undefined {
  for (let proto: object | null = target; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key.toLowerCase() !== folded || key === 'constructor') continue;
      const value = (target as Record<string, unknown>)[key];
      if (typeof value === 'function') return value as (...args: unknown[]) => unknown;
    }
  }
  return undefined;
}

function trimChars(s: string, chars: string, start: boolean, end: boolean): string {
  let a = 0;
  let b = s.length;
  while (start && a < b && chars.includes(s[a])) a++;
  while (end && b > a && chars.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

const argumentOutOfRange = (param: string) =>
  new KrError('ArgumentOutOfRangeException', `Exception calling method: "Index and length must refer to a location within the string. (Parameter '${param}')"`, {
    category: 'InvalidArgument',
  });

/** `[type]::Member`. */
function staticMember(type: PsType, name: string): PsValue {
  const m = name.toLowerCase();
  switch (`${type.key}::${m}`) {
    case 'int::maxvalue':
      return 2147483647;
    case 'int::minvalue':
      return -2147483648;
    case 'long::maxvalue':
      return Number.MAX_SAFE_INTEGER;
    case 'string::empty':
      return '';
    case 'math::pi':
      return Math.PI;
    case 'math::e':
      return Math.E;
    case 'datetime::now':
      return new Date() as unknown as PsValue;
    case 'datetime::utcnow':
      return new Date() as unknown as PsValue;
    default:
      return null;
  }
}

function invokeStatic(type: PsType, name: string, args: PsValue[]): PsValue {
  const m = name.toLowerCase();
  const n = (k: number) => Number(args[k] ?? 0);
  switch (`${type.key}::${m}`) {
    case 'string::isnullorempty':
      return args[0] === null || args[0] === undefined || str(args[0]) === '';
    case 'string::isnullorwhitespace':
      return args[0] === null || args[0] === undefined || str(args[0]).trim() === '';
    case 'string::join': {
      const items = args.length === 2 && Array.isArray(args[1]) ? args[1] : args.slice(1);
      return items.map(str).join(str(args[0]));
    }
    case 'string::concat':
      return args.map(str).join('');
    case 'math::max':
      return Math.max(n(0), n(1));
    case 'math::min':
      return Math.min(n(0), n(1));
    case 'math::abs':
      return Math.abs(n(0));
    case 'math::floor':
      return Math.floor(n(0));
    case 'math::ceiling':
      return Math.ceil(n(0));
    case 'math::round': {
      const digits = args.length > 1 ? n(1) : 0;
      const f = 10 ** digits;
      const x = n(0) * f;
      const r = Math.round(x);
      // banker's rounding, as .NET's default
      return (Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r) / f;
    }
    case 'math::pow':
      return n(0) ** n(1);
    case 'math::sqrt':
      return Math.sqrt(n(0));
    case 'guid::newguid':
      return globalThis.crypto.randomUUID();
    case 'regex::escape':
      return str(args[0]).replace(/[\\*+?|{[()^$.#\s]/g, (c) => (c === ' ' ? '\\ ' : `\\${c}`));
    case 'environment::getenvironmentvariable':
      return null;
    default:
      throw new KrError('MethodNotFound', `Method invocation failed because [${type.fullName}] does not contain a method named '${name}'.`, { category: 'InvalidOperation' });
  }
}
