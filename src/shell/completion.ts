// The one completion engine: the interactive shell's Tab and `kr __complete` (which the
// bash/zsh/fish/pwsh scripts call) both ask it, and it reads only the cmdlet metadata, so
// a new cmdlet, parameter or ValidateSet value completes without touching this file.
//
// What it offers, PowerShell-style (case-insensitive prefixes, canonical spelling):
//   - the command word: cmdlet names (and aliases);
//   - `-` words: parameter names, declared then common then ShouldProcess, minus those
//     already bound and those marked dontShow;
//   - a value (after `-Name`, in `-Name:`, or at a position): the ValidateSet values, the
//     ActionPreference names, `$true`/`$false` for bool (and a switch's `-Switch:`), and for a string parameter whose
//     name ends in `Scheme` (kr's convention: -Scheme, -OidcScheme) the scheme names of
//     the config file;
//   - a `$` word (a statement's first word or a value): the session's variable names, the
//     preference variables among them, and $true, $false and $null.

import { readFileSync } from 'node:fs';
import { ACTION_PREFERENCES, resolveMetadata, type CommandDeclaration, type CommandMetadata, type ParameterMetadata } from '../params/metadata.js';
import { assignWords, isParameterWord, nextPositional, resolveParameter } from './word-roles.js';
import { wordsAtEnd } from './words.js';

export interface CompletionContext {
  /** The commands that can be completed (a Runspace's `commands()` declarations). */
  commands: readonly { readonly declaration: CommandDeclaration }[];
  /** Scheme names for -Scheme-like parameters (read lazily: only when such a value is completed). */
  schemeNames?: () => readonly string[];
  /** Variable names (without `$`) for `$` words: the interactive shell passes its runspace's. */
  variableNames?: () => readonly string[];
}

const CONSTANTS = ['true', 'false', 'null'];

/** `$Wh` -> `$WhatIfPreference`: the variables whose name starts with what follows the `$`. */
function variableCandidates(typed: string, context: CompletionContext): string[] {
  const prefix = typed.slice(1);
  const names = [...new Set([...(context.variableNames?.() ?? []), ...CONSTANTS])];
  return names
    .filter((n) => startsWithFolded(n, prefix))
    .sort((a, b) => a.localeCompare(b))
    .map((n) => (/^[\p{L}\p{N}_?:]+$/u.test(n) ? `$${n}` : `\${${n.replace(/[{}`]/g, '`$&')}}`));
}

export interface LineCompletion {
  /** The text being completed: the tail of the line that each candidate replaces. */
  word: string;
  candidates: string[];
}

const QUOTES = /^['"\u2018\u2019\u201c\u201d]/;

const startsWithFolded = (text: string, prefix: string): boolean => text.toLowerCase().startsWith(prefix.toLowerCase());

function findCommand(context: CompletionContext, name: string): CommandMetadata | undefined {
  const folded = name.toLowerCase();
  const hit = context.commands.find(
    (c) => c.declaration.name.toLowerCase() === folded || (c.declaration.aliases ?? []).some((a) => a.toLowerCase() === folded),
  );
  return hit ? resolveMetadata(hit.declaration) : undefined;
}

function commandNames(context: CompletionContext, prefix: string): string[] {
  const names = new Set<string>();
  for (const { declaration } of context.commands) {
    for (const name of [declaration.name, ...(declaration.aliases ?? [])]) if (startsWithFolded(name, prefix)) names.add(name);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

export function isSchemeParameter(parameter: ParameterMetadata): boolean {
  return parameter.type === 'string' && /scheme$/i.test(parameter.name);
}

function possibleValues(parameter: ParameterMetadata, context: CompletionContext): readonly string[] {
  if (parameter.validateSet) return parameter.validateSet;
  // Suspend is reserved (a binding error), so it is not offered.
  if (parameter.type === 'ActionPreference') return ACTION_PREFERENCES.filter((a) => a !== 'Suspend');
  // a switch takes a value only as -Switch:$false, the one place it is completed
  if (parameter.type === 'bool' || parameter.type === 'switch') return ['$true', '$false'];
  if (isSchemeParameter(parameter)) return context.schemeNames?.() ?? [];
  return [];
}

/** A value as it must be typed: quoted when it would not survive as a bareword. */
function asTyped(value: string, quote: string): string {
  // $true / $false are expressions, not text to quote.
  if (quote === '' && /^\$(true|false)$/.test(value)) return value;
  if (quote === '"') return `"${value.replace(/["`$]/g, '`$&')}"`;
  if (quote !== '' || /[\s'"`$;,(){}@#|&<>]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return value;
}

function valueCandidates(parameter: ParameterMetadata, typed: string, context: CompletionContext): string[] {
  const quote = QUOTES.test(typed) ? (typed[0] === '"' || typed[0] === '\u201c' || typed[0] === '\u201d' ? '"' : "'") : '';
  const prefix = quote ? typed.slice(1) : typed;
  return possibleValues(parameter, context)
    .filter((v) => startsWithFolded(v, prefix))
    .map((v) => asTyped(v, quote));
}

/**
 * Completions for a command's words; the last word is the one being typed (empty for
 * "what can come next"). Candidates replace that whole word.
 */
export function completeWords(words: readonly string[], context: CompletionContext): string[] {
  if (words.length === 0) return commandNames(context, '');
  const current = words[words.length - 1];
  if (current.startsWith('$') && !current.startsWith('${')) return variableCandidates(current, context);
  if (words.length === 1) return commandNames(context, current);
  const metadata = findCommand(context, words[0]);
  if (!metadata) return [];
  const state = assignWords(metadata, words.slice(1, -1));
  const parametersEnded = state.roles.some((r) => r.kind === 'endOfParameters');

  if (!parametersEnded && (isParameterWord(current) || current === '-')) {
    const colon = current.indexOf(':');
    if (colon > 0) {
      const parameter = resolveParameter(metadata, current.slice(1, colon));
      const head = current.slice(0, colon + 1);
      return parameter ? valueCandidates(parameter, current.slice(colon + 1), context).map((v) => head + v) : [];
    }
    const prefix = current.slice(1);
    return metadata.parameters
      .filter((p) => !p.dontShow && !state.bound.has(p) && startsWithFolded(p.name, prefix))
      .map((p) => `-${p.name}`);
  }
  const target = state.awaiting ?? nextPositional(metadata, state);
  return target ? valueCandidates(target, current, context) : [];
}

/** Completions for an interactive line up to the cursor (the statement after the last `;` or newline). */
export function completeLine(line: string, context: CompletionContext): LineCompletion {
  const words = wordsAtEnd(line);
  const word = words[words.length - 1]?.text ?? '';
  return { word, candidates: completeWords(words.map((w) => w.text), context) };
}

/** Scheme names (the `schemes` keys) of a config file; none when it is missing or unreadable: completion never fails. */
export function schemeNamesFromFile(path: string): string[] {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { schemes?: unknown };
    const schemes = parsed.schemes;
    return schemes && typeof schemes === 'object' && !Array.isArray(schemes) ? Object.keys(schemes).sort((a, b) => a.localeCompare(b)) : [];
  } catch {
    return [];
  }
}

