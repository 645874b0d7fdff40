// Configuration errors. A bad config file is the user's input being wrong, like a bad
// argument, so these exit with 2 (usage). Messages name the file, the position, the JSON
// path of the field and what was expected; they never repeat a value that could be a secret.

import { ExitCode, KrError } from '../params/errors.js';
import type { KrErrorInit } from '../params/errors.js';
import type { JsonPosition } from './json-source.js';

const at = (file: string, position: JsonPosition | undefined) =>
  position ? `${file}:${position.line}:${position.column}` : file;

export const ConfigErrors = {
  invalid: (file: string, path: string, expected: string, position?: JsonPosition, init?: KrErrorInit) =>
    new KrError('ConfigInvalid', `${at(file, position)}: ${path || '(root)'}: ${expected}`, {
      category: 'InvalidData',
      exitCode: ExitCode.Usage,
      position: position ? { start: 0, end: 0, line: position.line, column: position.column, file } : undefined,
      ...init,
    }),

  syntax: (file: string, detail: string, position: JsonPosition, init?: KrErrorInit) =>
    new KrError(
      'ConfigInvalid',
      `${at(file, position)}: the file is not valid JSON: ${detail} (line ${position.line}, column ${position.column}).`,
      {
        category: 'ParserError',
        exitCode: ExitCode.Usage,
        position: { start: 0, end: 0, line: position.line, column: position.column, file },
        ...init,
      },
    ),

  notFound: (file: string, source: string, init?: KrErrorInit) =>
    new KrError('ConfigNotFound', `The configuration file '${file}' (from ${source}) does not exist.`, {
      category: 'ObjectNotFound',
      exitCode: ExitCode.Usage,
      ...init,
    }),

  unreadable: (file: string, reason: string, init?: KrErrorInit) =>
    new KrError('ConfigUnreadable', `The configuration file '${file}' cannot be read: ${reason}.`, {
      category: 'ReadError',
      exitCode: ExitCode.Failure,
      ...init,
    }),
};
