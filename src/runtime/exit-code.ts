// `exit <value>`: the value as PowerShell's [int] conversion reads it. Integers as they are,
// fractions rounded half to even (as .NET does), booleans 1/0, $null 0, numeric strings
// parsed; anything else is InvalidCastFromStringToInteger.

import { RuntimeErrors, type SourcePosition } from '../params/errors.js';
import { Hashtable, psToString, type PsValue } from '../params/values.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function roundHalfToEven(n: number): number {
  const floor = Math.floor(n);
  const rest = n - floor;
  if (rest !== 0.5) return Math.round(n);
  return floor % 2 === 0 ? floor : floor + 1;
}

export function exitCodeOf(value: PsValue, position?: SourcePosition): number {
  const fail = (): never => {
    throw RuntimeErrors.exitCodeNotInteger(value instanceof Hashtable ? 'System.Collections.Hashtable' : psToString(value), { position });
  };
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : fail();
  const code = roundHalfToEven(n);
  if (!Number.isFinite(code) || code < INT32_MIN || code > INT32_MAX) fail();
  return code;
}
