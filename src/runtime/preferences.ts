// Preference variables ($WhatIfPreference, $ConfirmPreference, $VerbosePreference, ...)
// with PowerShell's defaults, their validation, and the KR_*_PREFERENCE environment
// overrides used by the CLI.
//
// kr's one deliberate difference: $InformationPreference defaults to Continue (PowerShell
// uses SilentlyContinue), because kr's cmdlets use the information stream for notes a
// person should see ("not signed in"); set it to SilentlyContinue to hide them.
//
// -Verbose / -Debug / -ErrorAction / -WarningAction / -InformationAction override the
// matching preference for one invocation only (see `effectivePreferences`).

import { ACTION_PREFERENCES, type ActionPreference, type ConfirmImpact } from '../params/metadata.js';
import { ExitCode, KrError } from '../params/errors.js';
import type { PsValue } from '../params/values.js';

export const CONFIRM_IMPACTS: readonly ConfirmImpact[] = ['None', 'Low', 'Medium', 'High'];

export interface Preferences {
  whatIf: boolean;
  confirm: ConfirmImpact;
  verbose: ActionPreference;
  debug: ActionPreference;
  errorAction: ActionPreference;
  warning: ActionPreference;
  information: ActionPreference;
  progress: ActionPreference;
}

type PreferenceKey = keyof Preferences;

interface PreferenceSpec {
  key: PreferenceKey;
  variable: string;
  env: string;
  kind: 'bool' | 'confirm' | 'action';
  default: PsValue;
}

/** Every preference variable kr knows, with PowerShell's default (kr's for Information). */
export const PREFERENCE_VARIABLES: readonly PreferenceSpec[] = [
  { key: 'whatIf', variable: 'WhatIfPreference', env: 'KR_WHATIF_PREFERENCE', kind: 'bool', default: false },
  { key: 'confirm', variable: 'ConfirmPreference', env: 'KR_CONFIRM_PREFERENCE', kind: 'confirm', default: 'High' },
  { key: 'verbose', variable: 'VerbosePreference', env: 'KR_VERBOSE_PREFERENCE', kind: 'action', default: 'SilentlyContinue' },
  { key: 'debug', variable: 'DebugPreference', env: 'KR_DEBUG_PREFERENCE', kind: 'action', default: 'SilentlyContinue' },
  { key: 'errorAction', variable: 'ErrorActionPreference', env: 'KR_ERROR_ACTION_PREFERENCE', kind: 'action', default: 'Continue' },
  { key: 'warning', variable: 'WarningPreference', env: 'KR_WARNING_PREFERENCE', kind: 'action', default: 'Continue' },
  { key: 'information', variable: 'InformationPreference', env: 'KR_INFORMATION_PREFERENCE', kind: 'action', default: 'Continue' },
  { key: 'progress', variable: 'ProgressPreference', env: 'KR_PROGRESS_PREFERENCE', kind: 'action', default: 'Continue' },
];

const byVariable = new Map(PREFERENCE_VARIABLES.map((s) => [s.variable.toLowerCase(), s]));

export function isPreferenceVariable(name: string): boolean {
  return byVariable.has(name.toLowerCase());
}

function invalidPreference(where: string, value: string, typeName: string, allowed: readonly string[]): KrError {
  return new KrError(
    'InvalidPreferenceValue',
    `Cannot convert value "${value}" of ${where} to type "${typeName}". Specify one of the following values and try again: ${allowed.join(', ')}.`,
    { category: 'InvalidArgument', exitCode: ExitCode.Usage },
  );
}

function matchCaseInsensitive<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  const folded = value.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === folded);
}

function parseBool(value: PsValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return undefined;
  const folded = value.trim().toLowerCase();
  if (['true', '$true', '1', 'yes', 'on'].includes(folded)) return true;
  if (['false', '$false', '0', 'no', 'off', ''].includes(folded)) return false;
  return undefined;
}

/**
 * Checks and normalises a value for a preference variable (`$ConfirmPreference = 'low'`
 * becomes `'Low'`). Throws InvalidPreferenceValue (exit 2) for a value of the wrong kind.
 */
export function normalizePreference(variable: string, value: PsValue, where = `variable $${variable}`): PsValue {
  const spec = byVariable.get(variable.toLowerCase());
  if (!spec) return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (spec.kind === 'bool') {
    const b = parseBool(value);
    if (b === undefined) throw invalidPreference(where, text, 'System.Boolean', ['$true', '$false']);
    return b;
  }
  if (spec.kind === 'confirm') {
    const c = typeof value === 'string' ? matchCaseInsensitive(value, CONFIRM_IMPACTS) : undefined;
    if (!c) throw invalidPreference(where, text, 'System.Management.Automation.ConfirmImpact', CONFIRM_IMPACTS);
    return c;
  }
  const a = typeof value === 'string' ? matchCaseInsensitive(value, ACTION_PREFERENCES) : undefined;
  if (!a) throw invalidPreference(where, text, 'System.Management.Automation.ActionPreference', ACTION_PREFERENCES);
  return a;
}

/** The preference variables with their defaults, then overridden by KR_*_PREFERENCE (validated). */
export function initialPreferenceVariables(env: Readonly<Record<string, string | undefined>> = {}): Map<string, PsValue> {
  const vars = new Map<string, PsValue>();
  for (const spec of PREFERENCE_VARIABLES) {
    const fromEnv = env[spec.env];
    const value =
      fromEnv === undefined || fromEnv === ''
        ? spec.default
        : normalizePreference(spec.variable, fromEnv, `environment variable ${spec.env}`);
    vars.set(spec.variable, value);
  }
  return vars;
}

/** Reads the preferences from variables (anything missing or malformed falls back to the default). */
export function readPreferences(lookup: (name: string) => PsValue | undefined): Preferences {
  const out: Record<string, PsValue> = {};
  for (const spec of PREFERENCE_VARIABLES) {
    const raw = lookup(spec.variable);
    let value = spec.default;
    if (raw !== undefined) {
      try {
        value = normalizePreference(spec.variable, raw);
      } catch {
        value = spec.default;
      }
    }
    out[spec.key] = value;
  }
  return out as unknown as Preferences;
}

/** What the common parameters of one invocation change (only bound ones count). */
export interface CommonParameterValues {
  Verbose?: boolean;
  Debug?: boolean;
  ErrorAction?: ActionPreference;
  WarningAction?: ActionPreference;
  InformationAction?: ActionPreference;
  ProgressAction?: ActionPreference;
}

/** The preferences in force for one invocation: the variables, overridden by its common parameters. */
export function effectivePreferences(base: Preferences, common: CommonParameterValues): Preferences {
  const p = { ...base };
  if (common.Verbose !== undefined) p.verbose = common.Verbose ? 'Continue' : 'SilentlyContinue';
  // PowerShell 7.4+: -Debug means Continue (it used to mean Inquire).
  if (common.Debug !== undefined) p.debug = common.Debug ? 'Continue' : 'SilentlyContinue';
  if (common.ErrorAction) p.errorAction = common.ErrorAction;
  if (common.WarningAction) p.warning = common.WarningAction;
  if (common.InformationAction) p.information = common.InformationAction;
  if (common.ProgressAction) p.progress = common.ProgressAction;
  return p;
}
