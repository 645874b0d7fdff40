// `exit <value>`: the value as PowerShell's [int] conversion reads it (the binder's own,
// src/params/coerce.ts convertToInt32); a value that is no Int32 is InvalidCastFromStringToInteger.

import { convertToInt32 } from '../params/coerce.js';
import { RuntimeErrors, type SourcePosition } from '../params/errors.js';
import { Hashtable, isPsObject, psToString, type PsValue, type ValueExpr } from '../params/values.js';

const notInteger = (text: string, tooLarge: boolean, position?: SourcePosition): never => {
  const reason = tooLarge ? 'Value was either too large or too small for an Int32.' : `The input string '${text}' was not in a correct format.`;
  throw RuntimeErrors.exitCodeNotInteger(text, reason, { position });
};

export function exitCodeOf(value: PsValue, position?: SourcePosition, source?: ValueExpr): number {
  if (Array.isArray(value) || value instanceof Hashtable || isPsObject(value)) return notInteger(psToString(value), false, position);
  const converted = convertToInt32(value, source);
  return converted.ok ? converted.value : notInteger(converted.text, converted.tooLarge, position);
}
