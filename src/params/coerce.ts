// Conversion of an argument value to its parameter's type, the way PowerShell's binder
// does it for a compiled cmdlet: numbers keep the text they were typed with for string
// parameters, bool and switch take only booleans and numbers, a collection never becomes
// a scalar, enum names match case-insensitively. Errors carry PowerShell's ids and texts;
// the binder adds the position of the offending token.

import { BindingErrors, type KrErrorInit } from './errors.js';
import { ACTION_PREFERENCES, DOTNET_TYPE_NAMES, type ParameterDeclaration, type ParameterType } from './metadata.js';
import { Hashtable, formatNumber, isPsObject, psToString, type PsValue, type ValueExpr } from './values.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const ENUM_TYPE = DOTNET_TYPE_NAMES.ActionPreference;

/** The .NET type PowerShell would report for a value (`System.String`, `System.Object[]`, ...). */
export function dotNetTypeName(value: PsValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'System.String';
  if (typeof value === 'boolean') return 'System.Boolean';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'System.Double';
    return value >= INT32_MIN && value <= INT32_MAX ? 'System.Int32' : 'System.Int64';
  }
  if (value instanceof Hashtable) return 'System.Collections.Hashtable';
  if (Array.isArray(value)) return 'System.Object[]';
  const name = (value as { psTypeName?: unknown }).psTypeName;
  return typeof name === 'string' ? name : 'System.Management.Automation.PSCustomObject';
}

/** How .NET's ToString() shows a value in conversion messages (collections by their type name). */
function displayValue(value: PsValue): string {
  if (Array.isArray(value) || value instanceof Hashtable) return dotNetTypeName(value);
  return psToString(value);
}

/** An argument as PowerShell's messages show it: a number as typed, collections by their type name. */
export function describeArgument(value: PsValue, source?: ValueExpr): string {
  return (typeof value === 'number' ? typedNumberText(source) : undefined) ?? displayValue(value);
}

/** The literal's typed text for a number (`0x1F`, `007`), when the source is one. */
function typedNumberText(source: ValueExpr | undefined): string | undefined {
  return source?.kind === 'literal' && typeof source.value === 'number' ? source.text : undefined;
}

function toText(value: Scalar, source?: ValueExpr): string | null {
  if (value === null) return null;
  if (typeof value === 'number') return typedNumberText(source) ?? formatNumber(value);
  return psToString(value);
}

/** .NET's Convert.ToInt32 of a double: round half to even. */
function roundHalfEven(n: number): number {
  const floor = Math.floor(n);
  const diff = n - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export interface CoerceContext {
  /** The parameter's name as the message shows it (the canonical name). */
  name: string;
  type: ParameterType;
  /** Where the value came from, so a numeric literal keeps its typed text. */
  source?: ValueExpr;
  /** A secret: messages show `***` in place of the value. */
  sensitive?: boolean;
  /**
   * The command is a PowerShell advanced function: a [string] parameter converts as a script
   * does ($null becomes '', an array its items joined by $OFS, a space) where a compiled
   * cmdlet keeps null and refuses an array.
   */
  scriptFunction?: boolean;
  /** A simple function (no CmdletBinding): a [string] parameter joins an array with $OFS. */
  simpleFunction?: boolean;
  init?: KrErrorInit;
}

const shown = (ctx: CoerceContext, text: string): string => (ctx.sensitive ? '***' : text);

type Converter = (value: PsValue, ctx: CoerceContext) => PsValue;

type Scalar = Exclude<PsValue, PsValue[]>;

/** PowerShell refuses to bind a collection to a scalar parameter (a NotSupportedException in its binder). */
function notForCollections(value: PsValue, ctx: CoerceContext): asserts value is Scalar {
  if (Array.isArray(value)) {
    throw BindingErrors.cannotConvertArgument(ctx.name, 'System.Object[]', DOTNET_TYPE_NAMES[ctx.type], 'Specified method is not supported.', ctx.init);
  }
}

function toInt(value: PsValue, ctx: CoerceContext): number {
  notForCollections(value, ctx);
  const fail = (shown: string, reason: string) =>
    BindingErrors.cannotConvert(ctx.name, `Cannot convert value "${shown}" to type "System.Int32". Error: "${reason}"`, ctx.init);
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Hashtable || isPsObject(value)) {
    const type = dotNetTypeName(value);
    throw BindingErrors.cannotConvert(ctx.name, `Cannot convert the "${shown(ctx, psToString(value))}" value of type "${type}" to type "System.Int32".`, ctx.init);
  }
  const converted = convertToInt32(value, ctx.source);
  if (converted.ok) return converted.value;
  const text = shown(ctx, converted.text);
  throw fail(text, converted.tooLarge ? 'Value was either too large or too small for an Int32.' : `The input string '${text}' was not in a correct format.`);
}

export type Int32Conversion = { ok: true; value: number } | { ok: false; text: string; tooLarge: boolean };

/**
 * PowerShell's [int] of a scalar: $null 0, booleans 1/0, numbers rounded half to even, text
 * as a number (`12`, ` 0x1F `, `1e3`, `1kb`; blank is 0). A failure says what text was not a
 * number, or that it is out of range (`source` keeps a literal's typed text for the message).
 */
export function convertToInt32(value: null | boolean | number | string, source?: ValueExpr): Int32Conversion {
  if (value === null) return { ok: true, value: 0 };
  if (typeof value === 'boolean') return { ok: true, value: value ? 1 : 0 };
  let n: number;
  if (typeof value === 'number') {
    n = value;
  } else {
    const trimmed = value.trim();
    if (trimmed === '') return { ok: true, value: 0 };
    const parsed = parseNumberText(trimmed);
    if (parsed === undefined) return { ok: false, text: value, tooLarge: false };
    n = parsed;
  }
  const rounded = roundHalfEven(n);
  if (!(rounded >= INT32_MIN && rounded <= INT32_MAX)) {
    return { ok: false, text: typeof value === 'number' ? (typedNumberText(source) ?? formatNumber(value)) : value, tooLarge: true };
  }
  return { ok: true, value: rounded === 0 ? 0 : rounded };
}

/** A string's number the way PowerShell converts text to a number (`12`, ` 0x1F `, `1e3`, `1kb`). */
function parseNumberText(text: string): number | undefined {
  const m = /^([-+]?)(?:0x([0-9a-f]+)|((?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?))(kb|mb|gb|tb|pb)?$/i.exec(text);
  if (!m) return undefined;
  const [, sign, hex, dec, multiplier] = m;
  let n = hex !== undefined ? parseInt(hex, 16) : Number(dec);
  if (multiplier) n *= 2 ** (10 * (['kb', 'mb', 'gb', 'tb', 'pb'].indexOf(multiplier.toLowerCase()) + 1));
  return sign === '-' ? -n : n;
}

/** bool and switch: only booleans and numbers (0 is false), as PowerShell's binder insists. */
function toBoolean(value: PsValue, ctx: CoerceContext): boolean {
  if (value === null) {
    if (ctx.type === 'switch') return true; // -Switch:$null is present
    throw BindingErrors.nullNotAllowed(ctx.name, ctx.init);
  }
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (ctx.scriptFunction && !Array.isArray(value)) {
    const shownValue = shown(ctx, psToString(value));
    throw BindingErrors.argumentTransformation(
      ctx.name,
      `Cannot convert value "${shownValue}" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.`,
      ctx.init,
    );
  }
  throw BindingErrors.cannotConvertArgument(ctx.name, dotNetTypeName(value), DOTNET_TYPE_NAMES[ctx.type], '', ctx.init);
}

function toStringValue(value: PsValue, ctx: CoerceContext): string | null {
  // a simple function converts as a script does ($OFS between the items); an advanced one refuses
  if (ctx.simpleFunction && Array.isArray(value)) return psToString(value);
  if (ctx.scriptFunction && Array.isArray(value)) throw BindingErrors.argumentTransformation(ctx.name, 'Cannot convert value to type System.String.', ctx.init);
  notForCollections(value, ctx);
  if (value === null && ctx.scriptFunction) return '';
  return toText(value, ctx.source);
}

function toStringArray(value: PsValue, ctx: CoerceContext): (string | null)[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) return [toText(value, ctx.source)];
  const sources = ctx.source?.kind === 'array' && !ctx.source.subexpression && ctx.source.items.length === value.length ? ctx.source.items : [];
  return value.map((item, k) => (Array.isArray(item) ? psToString(item) : toText(item, sources[k])));
}

function toHashtable(value: PsValue, ctx: CoerceContext): Hashtable | null {
  notForCollections(value, ctx);
  if (value === null || value instanceof Hashtable) return value;
  throw BindingErrors.cannotConvert(
    ctx.name,
    `Cannot convert the "${shown(ctx, psToString(value))}" value of type "${dotNetTypeName(value)}" to type "System.Collections.Hashtable".`,
    ctx.init,
  );
}

/** ActionPreference by name (case-insensitive) or number; the result is the enum's spelling. */
function toActionPreference(value: PsValue, ctx: CoerceContext): string {
  if (value === null) throw BindingErrors.bindingFailed(ctx.name, `Exception setting "${ctx.name}": "Object reference not set to an instance of an object."`, ctx.init);
  const byNumber = (n: number, shown: string): string => {
    const name = Number.isInteger(n) ? ACTION_PREFERENCES[n] : undefined;
    if (name) return name;
    throw BindingErrors.cannotConvert(
      ctx.name,
      `Cannot convert value "${shown}" to type "${ENUM_TYPE}" due to enumeration values that are not valid. Specify one of the following enumeration values and try again. The possible enumeration values are "${ACTION_PREFERENCES.join(',')}".`,
      ctx.init,
    );
  };
  if (typeof value === 'number') return byNumber(value, shown(ctx, typedNumberText(ctx.source) ?? formatNumber(value)));
  const text = displayValue(value);
  const trimmed = text.trim();
  if (typeof value === 'string' && /^[-+]?\d+$/.test(trimmed)) return byNumber(Number(trimmed), shown(ctx, text));
  // the whole name, any case, or a unique prefix (-ea Ig is Ignore; -ea S matches SilentlyContinue, Stop and Suspend: refused)
  const folded = trimmed.toLowerCase();
  const exact = typeof value === 'string' ? ACTION_PREFERENCES.find((p) => p.toLowerCase() === folded) : undefined;
  if (exact) return exact;
  const prefixed = typeof value === 'string' && folded !== '' ? ACTION_PREFERENCES.filter((p) => p.toLowerCase().startsWith(folded)) : [];
  if (prefixed.length === 1) return prefixed[0];
  throw BindingErrors.cannotConvert(
    ctx.name,
    `Cannot convert value "${shown(ctx, text)}" to type "${ENUM_TYPE}". Error: "Unable to match the identifier name ${shown(ctx, text)} to a valid enumerator name. Specify one of the following enumerator names and try again: ${ACTION_PREFERENCES.join(', ')}"`,
    ctx.init,
  );
}

const CONVERTERS: Record<ParameterType, Converter> = {
  string: toStringValue,
  int: toInt,
  bool: toBoolean,
  switch: toBoolean,
  hashtable: toHashtable,
  'string[]': toStringArray,
  ActionPreference: toActionPreference,
  object: (value) => value,
};

/** Converts `value` to the parameter's type, or throws KrError (CannotConvertArgument*, ParameterArgumentValidationErrorNullNotAllowed). */
export function coerceArgument(
  parameter: Pick<ParameterDeclaration, 'name' | 'type' | 'sensitive'>,
  value: PsValue,
  source?: ValueExpr,
  init?: KrErrorInit,
  scriptFunction = false,
  simpleFunction = false,
): PsValue {
  return CONVERTERS[parameter.type](value, {
    name: parameter.name,
    type: parameter.type,
    source,
    sensitive: parameter.sensitive,
    scriptFunction: scriptFunction || simpleFunction,
    simpleFunction,
    init,
  });
}
