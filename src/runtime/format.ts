// How a person sees kr's errors (the way PowerShell's error view shows them: message, the
// command line with the offending token marked, CategoryInfo, FullyQualifiedErrorId) and the
// hook by which an output type draws itself (its custom view; out-default.ts draws the rest).

import type { KrError, SourcePosition } from '../params/errors.js';

/**
 * The format hook: an output object with a `[displayLines]()` method chooses its own human
 * rendering (a cmdlet's summary) instead of the `Name : Value` list. `--json` never sees it
 * (symbol keys are not serialised), so the same object stays plain data for machines.
 */
export const displayLines: unique symbol = Symbol.for('kr.displayLines');

/** The format hook for a table view (like a `<TableControl>` in a format.ps1xml): out-default.ts's TableViewDefinition. */
export const tableView: unique symbol = Symbol.for('kr.tableView');

export interface SelfFormatting {
  [displayLines](): string[];
}

/**
 * An output object that is plain data `T` for machines (`toJSON` gives exactly its fields)
 * and renders itself for a person. A subclass merges `interface X extends T {}` with its
 * class, so the fields are declared once, in T; what only the rendering needs lives in
 * `#private` fields, which neither `toJSON` nor `--json` see.
 */
export abstract class FormattedData<T extends object> implements SelfFormatting {
  constructor(data: T) {
    Object.assign(this, data);
  }

  toJSON(): T {
    return { ...this } as unknown as T;
  }

  abstract [displayLines](): string[];
}

export function isSelfFormatting(value: unknown): value is SelfFormatting {
  return typeof value === 'object' && value !== null && typeof (value as Partial<SelfFormatting>)[displayLines] === 'function';
}

const EXCEPTION_TYPES: Record<string, string> = {
  CommandNotFoundException: 'CommandNotFoundException',
  HostNonInteractive: 'PSInvalidOperationException',
  PipelineStopped: 'PipelineStoppedException',
};

/** The ids the binder raises (src/params/errors.ts BindingErrors, plus coerce's own). */
const BINDING_ERROR_IDS = new Set([
  'NamedParameterNotFound',
  'AmbiguousParameter',
  'MissingArgument',
  'PositionalParameterNotFound',
  'ParameterAlreadyBound',
  'ParameterArgumentValidationError',
  'ParameterArgumentValidationErrorNullNotAllowed',
  'CannotConvertArgumentNoMessage',
  'CannotConvertArgument',
  'MissingMandatoryParameter',
  'ParameterBindingFailed',
]);

function exceptionTypeOf(error: KrError): string {
  const known = EXCEPTION_TYPES[error.errorId];
  if (known) return known;
  if (error.category === 'ParserError') return 'ParseException';
  if (BINDING_ERROR_IDS.has(error.errorId)) return 'ParameterBindingException';
  return 'KrError';
}

/** The source line an error points into, and the marker under the offending part. */
function markedSource(error: KrError, source: string): [string, string] | undefined {
  const pos = error.position;
  if (!pos || pos.start < 0 || pos.start > source.length) return undefined;
  // lastIndexOf clamps a negative fromIndex to 0, so a break at 0 would be found for start 0
  const lineStart = pos.start === 0 ? 0 : source.lastIndexOf('\n', pos.start - 1) + 1;
  const nextBreak = source.indexOf('\n', pos.start);
  const lineEnd = nextBreak < 0 ? source.length : nextBreak;
  const line = source.slice(lineStart, lineEnd);
  const column = pos.start - lineStart;
  const length = Math.max(1, Math.min(pos.end, lineEnd) - pos.start);
  return [line, `${' '.repeat(column)}${'~'.repeat(length)}`];
}

/** PowerShell's `At /path/x.ps1:3 char:5` (`At line:3 char:5` without a file); only script text has lines. */
export function locationLine(position: SourcePosition | undefined): string | undefined {
  if (!position || position.line === undefined) return undefined;
  const where = position.file !== undefined ? `${position.file}:${position.line}` : `line:${position.line}`;
  return `At ${where} char:${position.column ?? 1}`;
}

export interface ErrorPaint {
  error(text: string): string;
}

const plain: ErrorPaint = { error: (t) => t };

/** PowerShell's error display: `Invoke-X: message`, marked command line, CategoryInfo, FullyQualifiedErrorId. */
export function formatError(error: KrError, source?: string, paint: ErrorPaint = plain, sourceFile?: string): string[] {
  const head = error.commandName ?? (error.errorId === 'CommandNotFoundException' ? error.token : undefined);
  const lines = [paint.error(head ? `${head}: ${error.message}` : error.message)];
  const at = locationLine(error.position);
  if (at) lines.push(paint.error(at));
  // a position in another file (a config file, say) cannot be marked in the command text
  const inSource = source !== undefined && error.position?.file === sourceFile;
  const marked = inSource ? markedSource(error, source) : undefined;
  if (marked) lines.push(paint.error(`+ ${marked[0]}`), paint.error(`+ ${marked[1]}`));
  const activity = error.commandName ? ` [${error.commandName}]` : '';
  lines.push(
    paint.error(`    + CategoryInfo          : ${error.category}: (:)${activity}, ${exceptionTypeOf(error)}`),
    paint.error(`    + FullyQualifiedErrorId : ${error.fullyQualifiedErrorId}`),
  );
  return lines;
}
