// Preference variables: PowerShell's defaults (kr's for Information), env overrides, validation.
import {
  effectivePreferences,
  initialPreferenceVariables,
  normalizePreference,
  readPreferences,
} from '../../src/runtime/preferences.js';

const defaults = () => {
  const vars = initialPreferenceVariables({});
  return readPreferences((n) => vars.get(n));
};

test('defaults are PowerShell\'s, with InformationPreference Continue in kr', () => {
  expect(defaults()).toEqual({
    whatIf: false,
    confirm: 'High',
    verbose: 'SilentlyContinue',
    debug: 'SilentlyContinue',
    errorAction: 'Continue',
    warning: 'Continue',
    information: 'Continue',
    progress: 'Continue',
  });
});

test('KR_*_PREFERENCE set the variables, case-insensitively normalised', () => {
  const vars = initialPreferenceVariables({
    KR_WHATIF_PREFERENCE: '1',
    KR_CONFIRM_PREFERENCE: 'low',
    KR_VERBOSE_PREFERENCE: 'continue',
    KR_ERROR_ACTION_PREFERENCE: 'STOP',
  });
  expect(vars.get('WhatIfPreference')).toBe(true);
  expect(vars.get('ConfirmPreference')).toBe('Low');
  expect(vars.get('VerbosePreference')).toBe('Continue');
  expect(vars.get('ErrorActionPreference')).toBe('Stop');
  expect(initialPreferenceVariables({ KR_WHATIF_PREFERENCE: '$false' }).get('WhatIfPreference')).toBe(false);
});

test.each([
  ['KR_CONFIRM_PREFERENCE', 'Sometimes', 'ConfirmImpact'],
  ['KR_WHATIF_PREFERENCE', 'perhaps', 'System.Boolean'],
  ['KR_VERBOSE_PREFERENCE', 'Loud', 'ActionPreference'],
  ['KR_ERROR_ACTION_PREFERENCE', 'Explode', 'ActionPreference'],
])('a wrong %s value is InvalidPreferenceValue, exit 2', (env, value, typeName) => {
  let error: unknown;
  try {
    initialPreferenceVariables({ [env]: value });
  } catch (e) {
    error = e;
  }
  expect(error).toMatchObject({ errorId: 'InvalidPreferenceValue', exitCode: 2 });
  expect((error as Error).message).toContain(`"${value}" of environment variable ${env}`);
  expect((error as Error).message).toContain(typeName);
});

test('normalizePreference leaves ordinary variables alone and checks preference ones', () => {
  expect(normalizePreference('Anything', 'x')).toBe('x');
  expect(normalizePreference('confirmpreference', 'MEDIUM')).toBe('Medium');
  expect(() => normalizePreference('ConfirmPreference', 5)).toThrow(expect.objectContaining({ errorId: 'InvalidPreferenceValue' }));
});

test('common parameters override the preferences for one invocation', () => {
  const base = defaults();
  expect(effectivePreferences(base, { Verbose: true }).verbose).toBe('Continue');
  expect(effectivePreferences({ ...base, verbose: 'Continue' }, { Verbose: false }).verbose).toBe('SilentlyContinue');
  expect(effectivePreferences(base, { Debug: true }).debug).toBe('Continue');
  expect(effectivePreferences(base, { ErrorAction: 'Stop' }).errorAction).toBe('Stop');
  expect(effectivePreferences(base, { WarningAction: 'SilentlyContinue' }).warning).toBe('SilentlyContinue');
  expect(effectivePreferences(base, { InformationAction: 'Ignore' }).information).toBe('Ignore');
  expect(effectivePreferences(base, {})).toEqual(base);
});
