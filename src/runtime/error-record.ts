// What `$_` holds in a catch block and `$Error` holds: PowerShell's ErrorRecord shape around a
// KrError (Exception.Message, FullyQualifiedErrorId, CategoryInfo), and the .NET exception type
// names `catch [Type]` matches against.

import { KrError } from '../params/errors.js';

/** The .NET exception types a kr error counts as, most specific first (all end in Exception / System.Exception). */
export function exceptionTypes(error: KrError): string[] {
  const types: string[] = [];
  const id = error.errorId;
  if (id === 'CommandNotFoundException') types.push('System.Management.Automation.CommandNotFoundException');
  if (error.category === 'ParserError') types.push('System.Management.Automation.ParseException');
  if (/^(NamedParameterNotFound|AmbiguousParameter|MissingArgument|PositionalParameterNotFound|ParameterAlreadyBound|MissingMandatoryParameter|CannotConvertArgument|ParameterArgument|InputObjectNotBound)/.test(id)) {
    types.push('System.Management.Automation.ParameterBindingException');
  }
  if (error.category === 'ObjectNotFound') types.push('System.Management.Automation.ItemNotFoundException');
  if (error.category === 'PermissionDenied') types.push('System.UnauthorizedAccessException');
  if (error.category === 'OperationTimeout') types.push('System.TimeoutException');
  if (id === 'ActionPreferenceStop') types.push('System.Management.Automation.ActionPreferenceStopException');
  if (id === 'PipelineStopped') types.push('System.Management.Automation.PipelineStoppedException');
  types.push('System.Management.Automation.RuntimeException', 'System.SystemException', 'System.Exception');
  return types;
}

/** Whether `catch [typeName]` catches `error`: a .NET type it counts as, its category, or its ErrorId. */
export function catchMatches(error: KrError, typeName: string): boolean {
  const wanted = typeName.toLowerCase().replace(/^system\./, '');
  for (const type of exceptionTypes(error)) {
    const full = type.toLowerCase();
    if (full === typeName.toLowerCase() || full.replace(/^system\./, '') === wanted || full.split('.').pop() === wanted) return true;
  }
  return error.category.toLowerCase() === wanted || error.errorId.toLowerCase() === wanted;
}

/** `$_` in a catch block, an item of `$Error`. */
export class ErrorRecord {
  readonly psTypeName = 'System.Management.Automation.ErrorRecord';

  constructor(readonly error: KrError) {}

  get Exception(): { Message: string; GetType(): string; psToString(): string } {
    const message = this.error.message;
    const type = exceptionTypes(this.error)[0];
    return { Message: message, GetType: () => type, psToString: () => message };
  }

  get FullyQualifiedErrorId(): string {
    return this.error.fullyQualifiedErrorId;
  }

  get CategoryInfo(): { Category: string; psToString(): string } {
    const category = this.error.category;
    return { Category: category, psToString: () => `${category}: (:) [], ${exceptionTypes(this.error)[0].split('.').pop()}` };
  }

  get TargetObject(): null {
    return null;
  }

  get ErrorDetails(): null {
    return null;
  }

  get InvocationInfo(): { ScriptLineNumber: number | null; OffsetInLine: number | null } {
    return { ScriptLineNumber: this.error.position?.line ?? null, OffsetInLine: this.error.position?.column ?? null };
  }

  psToString(): string {
    return this.error.message;
  }

  toJSON(): Record<string, unknown> {
    return { errorId: this.error.fullyQualifiedErrorId, category: this.error.category, message: this.error.message };
  }
}
