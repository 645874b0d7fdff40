// Parameter binding as PowerShell does it (REFERENCE.md §2), as a list of named stages:
// named -> positional -> defaults -> validate -> mandatory. Each stage is a plain function
// from one `{ unbound, bound }` state to the next, and reports what it did, so `-Debug`
// and KR_TRACE_BINDING can show the binding step by step.

import { coerceArgument, describeArgument } from './coerce.js';
import { BindingErrors, ParseErrors, isKrError, type KrErrorInit, type SourcePosition } from './errors.js';
import { DOTNET_TYPE_NAMES, type CommandMetadata, type ParameterMetadata } from './metadata.js';
import type { ArgumentToken, CommandElement, ParameterToken } from './tokenizer.js';
import { Hashtable, evaluate, formatNumber, formatPsLiteral, psToString, type PsValue, type ValueExpr, type VariableLookup } from './values.js';

export type BindStage = 'named' | 'positional' | 'pipeline' | 'defaults' | 'validate' | 'mandatory';

/** What one stage did. `detail` lines never contain values of sensitive parameters. */
export interface BindTraceEntry {
  stage: BindStage;
  bound: string[];
  detail: string[];
}

export interface Binding {
  command: CommandMetadata;
  /** Canonical names: bound values and defaults; switches as booleans. */
  values: Record<string, PsValue>;
  /** Canonical names given on the command line (named or positional). */
  explicit: ReadonlySet<string>;
  trace: BindTraceEntry[];
  /** A simple function's arguments no parameter took (its $args). */
  remaining: PsValue[];
}

export interface BindOptions {
  variables?: VariableLookup;
  trace?: (entry: BindTraceEntry) => void;
  /**
   * The command will receive pipeline input: a mandatory parameter that takes pipeline input
   * may be missing now (the pipeline stage binds it per object).
   */
  expectsInput?: boolean;
}

/** A parameter with its value and where the value came from. */
export interface BoundArgument {
  parameter: ParameterMetadata;
  value: PsValue;
  /** false for defaults. */
  explicit: boolean;
  /** Where the value (for a switch: the parameter) was written; absent for defaults. */
  position?: SourcePosition;
  /** The value's source text, for marking it in error output; absent for sensitive parameters. */
  token?: string;
}

export interface BindState {
  /** Elements not bound yet: all of them before `named`, the positional arguments after it, none after `positional`. */
  unbound: readonly CommandElement[];
  /** Canonical name -> bound argument. */
  bound: ReadonlyMap<string, BoundArgument>;
}

export interface StageContext {
  command: CommandMetadata;
  variables?: VariableLookup;
  expectsInput?: boolean;
  /** Arguments left over for a simple function's $args. */
  remaining?: PsValue[];
}

export interface StageResult {
  state: BindState;
  /** Canonical names this stage bound, validated or checked. */
  bound: string[];
  detail: string[];
}

export type Stage = (state: BindState, context: StageContext) => StageResult;

const shown = (parameter: ParameterMetadata, value: PsValue): string => (parameter.sensitive ? '<sensitive>' : formatPsLiteral(value));

const errorAt = (position: SourcePosition | undefined, token: string | undefined): KrErrorInit => ({ position, token });

/**
 * The parameter a typed name means: exact name or alias; else the unique prefix match,
 * where a single declared parameter beats common and ShouldProcess ones. Undefined when
 * nothing matches; AmbiguousParameter (candidates in PowerShell's order) when several do.
 */
export function matchParameter(command: CommandMetadata, name: string, init?: KrErrorInit): ParameterMetadata | undefined {
  const folded = name.toLowerCase();
  const exact = command.byName.get(folded);
  if (exact) return exact;
  const matches = command.parameters.filter((p) => p.name.toLowerCase().startsWith(folded));
  for (const p of command.parameters) {
    if (!matches.includes(p) && p.lookupNames.slice(1).some((alias) => alias.startsWith(folded))) matches.push(p);
  }
  if (matches.length <= 1) return matches[0];
  const declared = matches.filter((p) => p.origin === 'declared');
  if (declared.length === 1) return declared[0];
  throw BindingErrors.ambiguousParameter(
    name,
    matches.map((p) => p.name),
    init,
  );
}

const parameterAt = (token: ParameterToken): KrErrorInit => errorAt(token.position, token.text);

/** A value waiting to be bound: its expression and where it was written. */
interface PendingValue {
  expr: ValueExpr;
  text: string;
  position: SourcePosition;
}

interface NamedArgument {
  token: ParameterToken;
  /** Known when pairing resolved the name (parameters without a colon). */
  parameter?: ParameterMetadata;
  /** The name ParameterAlreadyBound reports: canonical when the value was paired from the next token, else as typed. */
  reportedName: string;
  /** Absent for a switch given without a value. */
  value?: PendingValue;
}

/**
 * PowerShell's ReparseUnboundArguments: gives each `-Name` its value from the next token.
 * A switch takes none; a dash-token that names no parameter is a value (`-Scheme -abc`);
 * one that names a parameter, or has a colon, leaves the first without one (MissingArgument).
 */
function pairArguments(command: CommandMetadata, elements: readonly CommandElement[]): { named: NamedArgument[]; positional: ArgumentToken[] } {
  const named: NamedArgument[] = [];
  const positional: ArgumentToken[] = [];
  for (let k = 0; k < elements.length; k++) {
    const element = elements[k];
    if (element.kind === 'argument') {
      positional.push(element);
      continue;
    }
    if (element.hasColon) {
      if (!element.argument) throw ParseErrors.parameterRequiresArgument(element.name, parameterAt(element));
      const value = { expr: element.argument, text: element.argumentText ?? '', position: element.argumentPosition ?? element.position };
      named.push({ token: element, reportedName: element.name, value });
      continue;
    }
    const parameter = matchParameter(command, element.name, parameterAt(element));
    if (!parameter || parameter.type === 'switch') {
      named.push({ token: element, parameter, reportedName: element.name });
      continue;
    }
    const next = elements[k + 1];
    const missing = () => BindingErrors.missingArgument(parameter.name, DOTNET_TYPE_NAMES[parameter.type], parameterAt(element));
    if (!next) throw missing();
    k++;
    if (next.kind === 'parameter') {
      if (next.hasColon || matchParameter(command, next.name, parameterAt(next))) throw missing();
      const value = { expr: { kind: 'literal', value: next.text } as const, text: next.text, position: next.position };
      named.push({ token: element, parameter, reportedName: parameter.name, value });
    } else {
      named.push({ token: element, parameter, reportedName: parameter.name, value: { expr: next.expr, text: next.text, position: next.position } });
    }
  }
  return { named, positional };
}

/** Evaluates and converts a value for a parameter; errors point at the value. */
function convert(parameter: ParameterMetadata, pending: PendingValue, context: StageContext): BoundArgument {
  const token = parameter.sensitive ? undefined : pending.text;
  let value: PsValue;
  try {
    value = evaluate(pending.expr, context.variables);
  } catch (error) {
    if (isKrError(error)) {
      error.position ??= pending.position;
      error.token ??= token;
    }
    throw error;
  }
  return {
    parameter,
    value: coerceArgument(
      parameter,
      value,
      pending.expr,
      errorAt(pending.position, token),
      context.command.declaration.scriptFunction === true,
      context.command.declaration.simpleFunction === true,
    ),
    explicit: true,
    position: pending.position,
    token,
  };
}

/** Stage 1: every `-Name` element, in order (NamedParameterNotFound, ParameterAlreadyBound, conversion). */
export function bindNamed(state: BindState, context: StageContext): StageResult {
  const { named, positional } = pairArguments(context.command, state.unbound);
  const bound = new Map(state.bound);
  const names: string[] = [];
  const detail: string[] = [];
  for (const argument of named) {
    const { token } = argument;
    const parameter = argument.parameter ?? matchParameter(context.command, token.name, parameterAt(token));
    if (!parameter) throw BindingErrors.namedParameterNotFound(token.name, parameterAt(token));
    if (bound.has(parameter.name)) throw BindingErrors.parameterAlreadyBound(argument.reportedName, parameterAt(token));
    const result: BoundArgument = argument.value
      ? convert(parameter, argument.value, context)
      : { parameter, value: true, explicit: true, position: token.position, token: token.text };
    bound.set(parameter.name, result);
    names.push(parameter.name);
    detail.push(`${token.text} -> ${parameter.name} = ${shown(parameter, result.value)}`);
  }
  return { state: { unbound: positional, bound }, bound: names, detail };
}

/** Stage 2: arguments fill the free positional parameters, lowest Position first (PositionalParameterNotFound). */
export function bindPositional(state: BindState, context: StageContext): StageResult {
  const free = context.command.positional.filter((p) => p.type !== 'switch' && !state.bound.has(p.name));
  const bound = new Map(state.bound);
  const names: string[] = [];
  const detail: string[] = [];
  for (const element of state.unbound) {
    if (element.kind === 'parameter') throw BindingErrors.namedParameterNotFound(element.name, parameterAt(element));
    const parameter = free[names.length];
    const rest = context.command.parameters.find((p) => p.valueFromRemainingArguments);
    if (!parameter && rest !== undefined && names.length > 0 && names[names.length - 1] === rest.name) {
      // a later argument joins the remaining-arguments parameter's array
      const previous = bound.get(rest.name) as BoundArgument;
      const more = convert(rest, element, context).value;
      bound.set(rest.name, { ...previous, value: [...(Array.isArray(previous.value) ? previous.value : [previous.value]), more] });
      continue;
    }
    if (!parameter && context.command.declaration.simpleFunction) {
      (context.remaining ??= []).push(evaluate(element.expr, context.variables));
      continue;
    }
    if (!parameter) {
      const shownArgument = describeArgument(evaluate(element.expr, context.variables), element.expr);
      throw BindingErrors.positionalParameterNotFound(shownArgument, errorAt(element.position, element.text));
    }
    const result = convert(parameter, element, context);
    bound.set(parameter.name, result);
    names.push(parameter.name);
    detail.push(`position ${parameter.position} -> ${parameter.name} = ${shown(parameter, result.value)}`);
  }
  return { state: { unbound: [], bound }, bound: names, detail };
}

/** Stage 3: declared defaults for what is still unbound; a declared switch defaults to off. */
export function applyDefaults(state: BindState, context: StageContext): StageResult {
  const bound = new Map(state.bound);
  const names: string[] = [];
  const detail: string[] = [];
  for (const parameter of context.command.parameters) {
    if (bound.has(parameter.name)) continue;
    const value = parameter.default ?? (parameter.type === 'switch' && parameter.origin === 'declared' ? false : undefined);
    if (value === undefined) continue;
    bound.set(parameter.name, { parameter, value, explicit: false });
    names.push(parameter.name);
    detail.push(`${parameter.name} = ${shown(parameter, value)}`);
  }
  return { state: { unbound: state.unbound, bound }, bound: names, detail };
}

function checkSet(argument: BoundArgument, value: PsValue, set: readonly string[]): PsValue {
  if (Array.isArray(value)) return value.map((item) => checkSet(argument, item, set));
  const text = psToString(value);
  const match = set.find((s) => s.toLowerCase() === text.toLowerCase());
  if (match === undefined) {
    const { parameter } = argument;
    throw BindingErrors.validateSet(parameter.name, parameter.sensitive ? '***' : text, set, errorAt(argument.position, argument.token));
  }
  return match;
}

function checkRange(argument: BoundArgument, value: PsValue, [min, max]: readonly [number, number]): void {
  if (Array.isArray(value)) return value.forEach((item) => checkRange(argument, item, [min, max]));
  if (typeof value !== 'number') return;
  const { parameter } = argument;
  const text = parameter.sensitive ? '***' : formatNumber(value);
  const init = errorAt(argument.position, argument.token);
  if (value < min) throw BindingErrors.validateRangeTooSmall(parameter.name, text, min, init);
  if (value > max) throw BindingErrors.validateRangeTooLarge(parameter.name, text, max, init);
}

/**
 * A mandatory parameter refuses $null, '' and an empty array (also as elements), as
 * PowerShell's binder does for Mandatory without [AllowNull()]/[AllowEmptyString()].
 */
function checkMandatoryValue(argument: BoundArgument, value: PsValue, element = false): void {
  const { parameter } = argument;
  if (parameter.type === 'switch' || parameter.type === 'bool') return;
  const init = errorAt(argument.position, argument.token);
  if (value === null) throw BindingErrors.nullNotAllowed(parameter.name, init);
  if (value === '') throw BindingErrors.emptyStringNotAllowed(parameter.name, init);
  if (Array.isArray(value)) {
    if (value.length === 0 && !element) throw BindingErrors.emptyArrayNotAllowed(parameter.name, init);
    for (const item of value) checkMandatoryValue(argument, item, true);
  }
}

/**
 * PowerShell's VariablePath.IsVariable, as ValidateVariableName uses it (a leading `+`, append,
 * aside): a plain name, or one qualified by a scope (`global:`, `local:`, `private:`, `script:`)
 * or `variable:`; any other drive (`env:x`, `function:f`) is not a variable.
 */
export function isVariableName(raw: string): boolean {
  const name = raw.startsWith('+') ? raw.slice(1) : raw;
  if (name === '') return false;
  const rest = name.replace(/^variable:/i, '');
  if (rest !== name || /^(global|local|private|script):/i.test(rest)) return true;
  return name.indexOf(':') <= 0;
}

/**
 * Stage 4: ValidateSet (case-insensitive; the value takes the set's spelling), ValidateRange,
 * the reserved ActionPreference `Suspend`, and a mandatory value that is $null or empty. Only values given on the command line are checked.
 */
export function validateBound(state: BindState, _context: StageContext): StageResult {
  const bound = new Map(state.bound);
  const names: string[] = [];
  const detail: string[] = [];
  for (const [name, argument] of state.bound) {
    const { parameter } = argument;
    if (!argument.explicit) continue;
    let { value } = argument;
    const checks: string[] = [];
    if (parameter.mandatory) {
      checkMandatoryValue(argument, value);
      checks.push('Mandatory: not null or empty');
    }
    if (parameter.validateNotNullOrEmpty) {
      if (value === null || value === '' || (Array.isArray(value) && (value.length === 0 || value.some((v) => v === null || v === '')))) {
        throw BindingErrors.nullOrEmpty(parameter.name, errorAt(argument.position, argument.token));
      }
      checks.push('ValidateNotNullOrEmpty');
    }
    if (parameter.validateVariableName && typeof value === 'string') {
      if (!isVariableName(value)) throw BindingErrors.validateVariableName(parameter.name, value.replace(/^\+/, ''), errorAt(argument.position, argument.token));
      checks.push('ValidateVariableName');
    }
    if (parameter.validateSet) {
      value = checkSet(argument, value, parameter.validateSet);
      checks.push(`ValidateSet ${parameter.validateSet.join(',')}`);
    }
    if (parameter.validateRange) {
      checkRange(argument, value, parameter.validateRange);
      checks.push(`ValidateRange ${parameter.validateRange.join('..')}`);
    }
    if (parameter.type === 'ActionPreference') {
      if (value === 'Suspend') throw BindingErrors.actionPreferenceReserved(parameter.name, value, errorAt(argument.position, argument.token));
      checks.push('ActionPreference');
    }
    if (checks.length === 0) continue;
    if (value !== argument.value) bound.set(name, { ...argument, value });
    names.push(name);
    const normalised = value !== argument.value && !parameter.sensitive ? ` (${formatPsLiteral(argument.value)} -> ${formatPsLiteral(value)})` : '';
    detail.push(`${name}: ${checks.join(', ')} ok${normalised}`);
  }
  return { state: { unbound: state.unbound, bound }, bound: names, detail };
}

/** Stage 5: every mandatory parameter was given (MissingMandatoryParameter lists all missing ones). */
export function checkMandatory(state: BindState, context: StageContext): StageResult {
  const fromPipeline = (p: ParameterMetadata) => context.expectsInput === true && (p.valueFromPipeline === true || p.valueFromPipelineByPropertyName === true);
  const mandatory = context.command.parameters.filter((p) => p.mandatory && !fromPipeline(p));
  const missing = mandatory.filter((p) => !state.bound.get(p.name)?.explicit).map((p) => p.name);
  if (missing.length > 0) throw BindingErrors.missingMandatory(missing);
  const names = mandatory.map((p) => p.name);
  return { state, bound: names, detail: names.map((n) => `${n}: given`) };
}

export const BIND_STAGES: readonly (readonly [BindStage, Stage])[] = [
  ['named', bindNamed],
  ['positional', bindPositional],
  ['defaults', applyDefaults],
  ['validate', validateBound],
  ['mandatory', checkMandatory],
];

/**
 * Binds a command line's elements to the command's parameters. Throws KrError
 * (BindingErrors, attributed to the command) at the first failing stage, after reporting
 * that stage's failure to `options.trace`.
 */
export function bindArguments(command: CommandMetadata, elements: readonly CommandElement[], options: BindOptions = {}): Binding {
  const context: StageContext = { command, variables: options.variables, expectsInput: options.expectsInput, remaining: [] };
  const trace: BindTraceEntry[] = [];
  const report = (entry: BindTraceEntry): void => {
    trace.push(entry);
    options.trace?.(entry);
  };
  let state: BindState = { unbound: elements, bound: new Map() };
  for (const [stage, run] of BIND_STAGES) {
    let result: StageResult;
    try {
      result = run(state, context);
    } catch (error) {
      if (isKrError(error)) {
        error.withCommand(command.name);
        report({ stage, bound: [], detail: [`ERROR ${error.errorId}: ${error.message}`] });
      }
      throw error;
    }
    state = result.state;
    report({ stage, bound: result.bound, detail: result.detail });
  }
  const values: Record<string, PsValue> = {};
  const explicit = new Set<string>();
  for (const [name, argument] of state.bound) {
    values[name] = argument.value;
    if (argument.explicit) explicit.add(name);
  }
  return { command, values, explicit, trace, remaining: context.remaining ?? [] };
}

/** How the pipeline stage reads a property of an input object (kr's member access; injected: params imports nothing). */
export type PropertyReader = (item: PsValue, name: string) => PsValue | undefined;

/**
 * The pipeline stage, per input object, in PowerShell's order: ValueFromPipeline without
 * coercion, ByPropertyName without coercion, ValueFromPipeline with coercion, ByPropertyName
 * with coercion. Parameters bound on the command line are not rebound. Returns the values
 * bound from this object, or throws InputObjectNotBound (non-terminating for the caller) when
 * none take it; then the mandatory ones must all be there.
 */
export function bindPipelineInput(
  command: CommandMetadata,
  commandLine: Binding,
  item: PsValue,
  readProperty: PropertyReader,
  trace?: (entry: BindTraceEntry) => void,
): { values: Record<string, PsValue>; explicit: Set<string> } {
  const free = command.parameters.filter((p) => !commandLine.explicit.has(p.name) && (p.valueFromPipeline || p.valueFromPipelineByPropertyName));
  const bound = new Map<string, PsValue>();
  const detail: string[] = [];
  const exact = (p: ParameterMetadata, value: PsValue): boolean => {
    switch (p.type) {
      case 'object':
        return true;
      case 'string':
        return typeof value === 'string';
      case 'int':
        return typeof value === 'number' && Number.isInteger(value);
      case 'bool':
      case 'switch':
        return typeof value === 'boolean';
      case 'hashtable':
        return value instanceof Hashtable;
      case 'string[]':
        return Array.isArray(value) ? value.every((v) => typeof v === 'string') : typeof value === 'string';
      default:
        return false;
    }
  };
  const tryBind = (p: ParameterMetadata, value: PsValue, coerce: boolean, how: string): boolean => {
    if (bound.has(p.name)) return false;
    if (!coerce && !exact(p, value)) return false;
    try {
      const converted = coerceArgument(p, value, undefined, {}, command.declaration.scriptFunction === true, command.declaration.simpleFunction === true);
      bound.set(p.name, converted);
      detail.push(`${how} -> ${p.name} = ${shown(p, converted)}`);
      return true;
    } catch {
      return false;
    }
  };
  const byName = (p: ParameterMetadata): PsValue | undefined => {
    for (const name of [p.name, ...(p.aliases ?? [])]) {
      const v = readProperty(item, name);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  for (const coerce of [false, true]) {
    for (const p of free) if (p.valueFromPipeline && !bound.size && tryBind(p, item, coerce, coerce ? 'pipeline object (coerced)' : 'pipeline object')) break;
    for (const p of free) {
      if (!p.valueFromPipelineByPropertyName) continue;
      const v = byName(p);
      if (v !== undefined) tryBind(p, v, coerce, `property ${p.name}${coerce ? ' (coerced)' : ''}`);
    }
  }
  if (bound.size === 0) {
    trace?.({ stage: 'pipeline', bound: [], detail: ['ERROR InputObjectNotBound'] });
    throw BindingErrors.inputObjectNotBound();
  }
  const missing = command.parameters.filter((p) => p.mandatory && !commandLine.explicit.has(p.name) && !bound.has(p.name)).map((p) => p.name);
  if (missing.length > 0) throw BindingErrors.missingMandatory(missing);
  trace?.({ stage: 'pipeline', bound: [...bound.keys()], detail });
  return { values: Object.fromEntries(bound), explicit: new Set(bound.keys()) };
}
