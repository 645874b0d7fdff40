// The input objects of one call of a collecting cmdlet (ConvertTo-Json, Format-Table, ...): the
// pipeline object, or the -InputObject argument with an array's items (PowerShell's rule: an
// array given as the argument is its items, one piped array is one object).

import type { PsValue } from '../../params/values.js';
import type { Cmdlet } from '../../runtime/cmdlet.js';

export function inputItems(cmdlet: Cmdlet): PsValue[] {
  if (cmdlet.pipelineObject !== undefined) return [cmdlet.pipelineObject];
  const value = cmdlet.value('InputObject');
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
