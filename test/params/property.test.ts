// Whatever text or argv reaches the tokenizer and binder, the outcome is a binding or a
// KrError with an errorId: never another exception, never a hang (each property has a
// 10 s budget and takes well under one).

import fc from 'fast-check';
import { bindArguments } from '../../src/params/binder.js';
import { isKrError } from '../../src/params/errors.js';
import { argvToCommand, parseScript, type CommandElement } from '../../src/params/tokenizer.js';
import { evaluate, type PsValue } from '../../src/params/values.js';
import { signOut, typed } from './fixtures.js';

const VARIABLES: Record<string, PsValue> = { x: 'ex', n: 5, list: ['a', 'b'], yes: true, none: null };
const lookup = (name: string): PsValue | undefined => VARIABLES[name.toLowerCase()];

/** Pieces of the language, so random text hits the interesting paths more often than pure noise would. */
const piece = fc.oneof(
  fc.constantFrom(
    '-', '--', '-5', '-0x1F', '1.5', '10kb', "'", "''", '"', '""', '`', '`n', '`u{', '`u{1F600}', '{', '}', '@{', '@(', '(', ')',
    ',', ', ', '$', '$x', '${x}', '$true', '$false', '$null', '$list', ';', '\n', '\r\n', ' ', '\t', '#', '<#', '#>', ':', '=',
    '-Scheme', '-Scheme:', '-R', '-P', '-W', '-Redirect', '-Redirect:', '-wi', '-cf', '-vb', '-ea', 'Stop', 'Suspend', '-ob',
    '-AuthKind', 'oidc', '-Name', '-Count', '-Tags', '-Path', '-Enabled', '-Token', '-Mode', '-Anything', '&', '|', '>',
    'é', '😀', '\u2013', '\u201c', '\u2018', 'a', 'Cookies', '/path?a=b', 'https://x/y', '@{a=1;b="x"}', 'My App',
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const scriptText = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));
const argvElement = fc.oneof(fc.array(piece, { maxLength: 5 }).map((p) => p.join('')), fc.string({ unit: 'binary', maxLength: 8 }));

function bindBoth(elements: readonly CommandElement[]): void {
  for (const command of [signOut, typed]) {
    try {
      bindArguments(command, elements, { variables: lookup, trace: () => {} });
    } catch (error) {
      expectKrError(error);
    }
  }
}

function expectKrError(error: unknown): void {
  if (!isKrError(error) || typeof error.errorId !== 'string' || error.errorId === '') {
    throw new Error(`not a KrError with an errorId: ${String(error)}`, { cause: error });
  }
}

describe('tokenizer + binder never fail other than with a KrError', () => {
  it('script text', () => {
    fc.assert(
      fc.property(fc.oneof(scriptText, fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        let statements;
        try {
          statements = parseScript(`Invoke-X ${text}`);
        } catch (error) {
          expectKrError(error);
          return;
        }
        for (const statement of statements) {
          if (statement.kind === 'command') bindBoth(statement.elements);
          else if (statement.kind !== 'exit') {
            try {
              evaluate(statement.value, lookup);
            } catch (error) {
              expectKrError(error);
            }
          }
        }
      }),
      { numRuns: 3000 },
    );
  }, 10_000);

  it('argv arrays', () => {
    fc.assert(
      fc.property(fc.array(argvElement, { maxLength: 8 }), (elements) => {
        let command;
        try {
          command = argvToCommand(['Invoke-X', ...elements]);
        } catch (error) {
          expectKrError(error);
          return;
        }
        bindBoth(command.elements);
      }),
      { numRuns: 3000 },
    );
  }, 10_000);
});
