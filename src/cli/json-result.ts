// The one JSON object `kr --json` prints on stdout, for a run and for a usage error alike.

import type { ErrorCategory } from '../params/errors.js';
import type { JsonValue } from '../params/values.js';
import { outputToJson, type InvocationResult } from '../runtime/runspace.js';

/** An InvocationResult as JSON: every field, the command always present, the output serialised. */
export type JsonDocument = Omit<InvocationResult, 'command' | 'output' | 'exited'> & {
  command: string | null;
  output: JsonValue[];
};

export function resultDocument(result: InvocationResult): JsonDocument {
  return {
    command: result.command ?? null,
    parameters: result.parameters,
    output: result.output.map(outputToJson),
    whatIf: result.whatIf,
    warnings: result.warnings,
    verbose: result.verbose,
    debug: result.debug,
    information: result.information,
    errors: result.errors,
    exitCode: result.exitCode,
  };
}

export function errorDocument(errorId: string, category: ErrorCategory, message: string, exitCode: number, output: JsonValue[] = []): JsonDocument {
  return {
    command: null,
    parameters: {},
    output,
    whatIf: [],
    warnings: [],
    verbose: [],
    debug: [],
    information: [],
    errors: errorId ? [{ errorId, category, message }] : [],
    exitCode,
  };
}
