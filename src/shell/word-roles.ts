// Which parameter each word of a command binds to, by the binder's rules (REFERENCE.md §2)
// but over plain words, so it works on a half-typed line: `-Name value`, `-Name:value`,
// `-Name:` + value, switches that take no value, a dash-word that names no parameter
// being the value a parameter waits for, `--`, then positionals filling the lowest free
// position. Completion asks it what is bound so far; the history asks it which words are
// values of sensitive parameters.

import { matchParameter } from '../params/binder.js';
import type { CommandMetadata, ParameterMetadata } from '../params/metadata.js';

export type WordRole =
  /** `-Name` (or `-Name:value`, whose value part starts at `valueOffset`). */
  | { kind: 'parameter'; parameter?: ParameterMetadata; valueOffset?: number }
  /** A value; `parameter` is where it binds (undefined: no parameter takes it). */
  | { kind: 'value'; parameter?: ParameterMetadata; positional: boolean }
  | { kind: 'endOfParameters' };

export interface WordAssignment {
  roles: WordRole[];
  bound: Set<ParameterMetadata>;
  /** Positional values seen. */
  positionals: number;
  /** The last word named a parameter that still waits for its value. */
  awaiting?: ParameterMetadata;
}

const PARAMETER_START = /^-[\p{L}_?]/u;

export function isParameterWord(word: string): boolean {
  return PARAMETER_START.test(word);
}

/** The parameter a `-name` means, or undefined when unknown or ambiguous (no guessing). */
export function resolveParameter(metadata: CommandMetadata, name: string): ParameterMetadata | undefined {
  try {
    return matchParameter(metadata, name);
  } catch {
    return undefined;
  }
}

/** Roles of a command's argument words (the command name not included). */
export function assignWords(metadata: CommandMetadata, words: readonly string[]): WordAssignment {
  const roles: WordRole[] = [];
  const bound = new Set<ParameterMetadata>();
  const positionalAt: number[] = [];
  let awaiting: ParameterMetadata | undefined;
  let parametersEnded = false;
  for (const word of words) {
    const waiting = awaiting;
    awaiting = undefined;
    if (!parametersEnded && !waiting && word === '--') {
      parametersEnded = true;
      roles.push({ kind: 'endOfParameters' });
      continue;
    }
    if (!parametersEnded && isParameterWord(word)) {
      const colon = word.indexOf(':');
      const parameter = resolveParameter(metadata, word.slice(1, colon < 0 ? undefined : colon));
      if (parameter || !waiting) {
        if (parameter) bound.add(parameter);
        const hasInlineValue = colon >= 0 && colon < word.length - 1;
        roles.push({ kind: 'parameter', parameter, valueOffset: hasInlineValue ? colon + 1 : undefined });
        if (parameter && !hasInlineValue && (colon >= 0 || parameter.type !== 'switch')) awaiting = parameter;
        continue;
      }
    }
    if (waiting) {
      roles.push({ kind: 'value', parameter: waiting, positional: false });
    } else {
      positionalAt.push(roles.length);
      roles.push({ kind: 'value', positional: true });
    }
  }
  // Positionals bind after every name, to the lowest positions still free.
  const free = metadata.positional.filter((p) => !bound.has(p));
  positionalAt.forEach((index, k) => {
    const parameter = free[k];
    roles[index] = { kind: 'value', parameter, positional: true };
    if (parameter) bound.add(parameter);
  });
  return { roles, bound, positionals: positionalAt.length, awaiting };
}

/** The parameter the next positional value would bind to. */
export function nextPositional(metadata: CommandMetadata, assignment: WordAssignment): ParameterMetadata | undefined {
  const named = new Set(
    assignment.roles.flatMap((r) => (r.kind === 'parameter' && r.parameter ? [r.parameter] : [])),
  );
  return metadata.positional.filter((p) => !named.has(p))[assignment.positionals];
}
