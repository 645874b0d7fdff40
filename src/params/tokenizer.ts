// PowerShell argument mode: a command line as tokens, from a string (`kr -c '...'`, the
// embedding API, scripts) or from argv (`kr Invoke-X -Scheme "My App"`). The values inside
// the tokens are read by values.ts; this file decides what is a statement, a command name,
// a parameter (`-Name`, `-Name:value`) and an argument, and where `--` ends parameters.

import { BindingErrors, ParseErrors, isKrError, type SourcePosition } from './errors.js';
import {
  BAREWORD_END,
  SourceText,
  ValueReader,
  isBlank,
  isDash,
  isDoubleQuote,
  isNewline,
  isSingleQuote,
  parseNumber,
  type ReadArgument,
  type ValueExpr,
} from './values.js';

export interface ParameterToken {
  kind: 'parameter';
  /** Without the dash (and without the colon of `-Name:`). */
  name: string;
  /** As typed: `-Name` or `-Name:` (the argument is not part of it). */
  text: string;
  hasColon: boolean;
  /** The value of `-Name:value` / `-Name: value`. */
  argument?: ValueExpr;
  /** Source text and position of `argument`, so errors about the value can point at it. */
  argumentText?: string;
  argumentPosition?: SourcePosition;
  position: SourcePosition;
}

export interface ArgumentToken {
  kind: 'argument';
  expr: ValueExpr;
  text: string;
  position: SourcePosition;
}

/** `--` is consumed by the tokenizer: everything after it is an ArgumentToken. */
export type CommandElement = ParameterToken | ArgumentToken;

export interface CommandStatement {
  kind: 'command';
  name: string;
  nameText: string;
  elements: CommandElement[];
  text: string;
  position: SourcePosition;
}

export interface AssignmentStatement {
  kind: 'assignment';
  /** Without `$`. */
  variable: string;
  value: ValueExpr;
  text: string;
  position: SourcePosition;
}

/** A value on its own (`$LASTEXITCODE`, `'text'`, `42`, `1,2`): PowerShell writes it to the output. */
export interface ExpressionStatement {
  kind: 'expression';
  value: ValueExpr;
  text: string;
  position: SourcePosition;
}

/** `exit` or `exit <value>`: ends the script (or the interactive shell) with that exit code. */
export interface ExitStatement {
  kind: 'exit';
  /** Absent for a bare `exit` (exit code 0). */
  code?: ValueExpr;
  /** Source text of the code, for an error about it. */
  codeText?: string;
  text: string;
  position: SourcePosition;
}

export type Statement = CommandStatement | AssignmentStatement | ExpressionStatement | ExitStatement;

/** After the dash: a letter, `_` or `?` makes a parameter (`-5` and `--x` are values). */
const PARAMETER_START = /^[\p{L}_?]/u;

const isParameterStart = (text: string, at: number): boolean => isDash(text.charAt(at)) && PARAMETER_START.test(text.slice(at + 1, at + 3));

/** End of a statement: end of text, newline or `;`. */
const endsStatement = (c: string): boolean => c === '' || c === ';' || isNewline(c);

/** Pipelines, redirection, script blocks and grouping are PowerShell the kr language does not have. */
function rejectOperator(r: ValueReader): never {
  if (r.peek() === '&') throw ParseErrors.ampersandNotAllowed(r.at(r.i));
  throw r.unexpected();
}

/**
 * Statements of a script: commands, `$x = <value>` assignments, values on their own and
 * `exit [code]`, split by `;` or newlines, with `#` and `<# #>` comments. Throws KrError
 * (ParserError ids).
 */
export function parseScript(text: string, file?: string): Statement[] {
  const r = new ValueReader(new SourceText(text, file));
  const statements: Statement[] = [];
  for (;;) {
    r.skipSeparators();
    if (r.eof()) return statements;
    statements.push(readStatement(r));
  }
}

/** The word at the reader, up to where a bareword (a command name) ends; the reader does not move. */
function leadingWord(r: ValueReader): string {
  let j = r.i;
  while (j < r.text.length) {
    const c = r.text.charAt(j);
    if (isBlank(c) || isNewline(c) || BAREWORD_END.has(c)) break;
    j++;
  }
  return r.text.slice(r.i, j);
}

function readStatement(r: ValueReader): Statement {
  const c = r.peek();
  if (c === '$') return readVariableStatement(r);
  // what PowerShell reads in expression mode: a quoted string, a hashtable or array literal, a number
  if (isSingleQuote(c) || isDoubleQuote(c) || (c === '@' && (r.peek(1) === '{' || r.peek(1) === '('))) return readExpression(r);
  const word = leadingWord(r);
  if (parseNumber(word)) return readExpression(r);
  if (word.toLowerCase() === 'exit') return readExit(r, word.length);
  return readCommand(r);
}

/** `$x = value` is an assignment; `$x`, `$x,$y` or `$true` alone is an expression. */
function readVariableStatement(r: ValueReader): AssignmentStatement | ExpressionStatement {
  const start = r.i;
  const target = r.readVariable();
  if (!target) throw r.unexpected(start);
  const variableEnd = r.i;
  r.skipTrivia(false);
  if (r.peek() !== '=' || r.peek(1) === '=') {
    r.i = start;
    return readExpression(r);
  }
  if (target.kind !== 'variable') throw ParseErrors.unexpectedToken(r.text.slice(start, variableEnd), r.at(start, variableEnd));
  const equals = r.i++;
  r.skipTrivia(true);
  if (endsStatement(r.peek())) throw ParseErrors.missingExpression('=', r.at(equals));
  const value = r.readArgument('command');
  if (!value) rejectOperator(r);
  const end = r.i;
  r.skipTrivia(false);
  if (!endsStatement(r.peek())) rejectOperator(r);
  return {
    kind: 'assignment',
    variable: target.name,
    value: value.expr,
    text: r.text.slice(start, end),
    position: r.source.position(start, end),
  };
}

function readExpression(r: ValueReader): ExpressionStatement {
  const start = r.i;
  const value = r.readArgument('command');
  if (!value) rejectOperator(r);
  const end = r.i;
  r.skipTrivia(false);
  if (!endsStatement(r.peek())) rejectOperator(r);
  return { kind: 'expression', value: value.expr, text: r.text.slice(start, end), position: r.source.position(start, end) };
}

function readExit(r: ValueReader, keywordLength: number): ExitStatement {
  const start = r.i;
  r.i += keywordLength;
  r.skipTrivia(false);
  let end = start + keywordLength;
  let code: ReadArgument | undefined;
  if (!endsStatement(r.peek())) {
    code = r.readArgument('command');
    if (!code) rejectOperator(r);
    end = r.i;
    r.skipTrivia(false);
    if (!endsStatement(r.peek())) rejectOperator(r);
  }
  return {
    kind: 'exit',
    code: code?.expr,
    codeText: code ? r.text.slice(code.start, code.end) : undefined,
    text: r.text.slice(start, end),
    position: r.source.position(start, end),
  };
}

function readCommandName(r: ValueReader): string {
  const start = r.i;
  const name = leadingWord(r);
  // A quoted, `$`-expanded or escaped name is an expression in PowerShell, not a command.
  if ([...name].some((c) => isSingleQuote(c) || isDoubleQuote(c) || c === '$' || c === '`')) throw r.unexpected(start);
  r.i += name.length;
  if (name === '' || isDash(name[0]) || name[0] === '@' || parseNumber(name)) {
    r.i = start;
    if (name === '') rejectOperator(r);
    throw r.unexpected(start);
  }
  return name;
}

function readCommand(r: ValueReader): CommandStatement {
  const start = r.i;
  const name = readCommandName(r);
  const elements: CommandElement[] = [];
  let end = r.i;
  let parametersEnded = false;
  for (;;) {
    r.skipTrivia(false);
    const c = r.peek();
    if (endsStatement(c)) break;
    if (!parametersEnded && isDash(c) && isDash(r.peek(1)) && (endsStatement(r.peek(2)) || isBlank(r.peek(2)))) {
      parametersEnded = true;
      r.i += 2;
      end = r.i;
      continue;
    }
    const parameter = !parametersEnded && isParameterStart(r.text, r.i) ? readParameter(r) : undefined;
    if (parameter) {
      elements.push(parameter);
    } else {
      const argument = r.readArgument('command');
      if (!argument) rejectOperator(r);
      elements.push({
        kind: 'argument',
        expr: argument.expr,
        text: r.text.slice(argument.start, argument.end),
        position: r.source.position(argument.start, argument.end),
      });
    }
    end = r.i;
  }
  return {
    kind: 'command',
    name,
    nameText: name,
    elements,
    text: r.text.slice(start, end),
    position: r.source.position(start, end),
  };
}

/**
 * `-Name`, `-Name:value` or `-Name: value`; undefined (cursor unmoved) when the dash-word
 * is really a bareword such as `-a'b'` (quotes, `$` or a backtick in the name).
 */
function readParameter(r: ValueReader): ParameterToken | undefined {
  const start = r.i;
  let j = start + 1;
  for (; j < r.text.length; j++) {
    const c = r.text.charAt(j);
    if (isBlank(c) || isNewline(c) || c === ':' || BAREWORD_END.has(c)) break;
    if (isSingleQuote(c) || isDoubleQuote(c) || c === '$' || c === '`') return undefined;
  }
  const name = r.text.slice(start + 1, j);
  r.i = j;
  if (r.peek() !== ':') {
    return { kind: 'parameter', name, text: r.text.slice(start, j), hasColon: false, position: r.source.position(start, j) };
  }
  r.i++;
  const token: ParameterToken = {
    kind: 'parameter',
    name,
    text: r.text.slice(start, r.i),
    hasColon: true,
    position: r.source.position(start, r.i),
  };
  r.skipTrivia(false);
  const c = r.peek();
  if (endsStatement(c) || c === ')' || c === '}' || c === '|') throw ParseErrors.parameterRequiresArgument(name, r.at(start, start + token.text.length));
  const argument = r.readArgument('command');
  if (!argument) rejectOperator(r);
  token.argument = argument.expr;
  token.argumentText = r.text.slice(argument.start, argument.end);
  token.argumentPosition = r.source.position(argument.start, argument.end);
  return token;
}

/**
 * One value element of argv, read as one PowerShell argument expression (`@{a=1}`,
 * `$false`, `a,b`, `'a', 'b'`, `'quoted'`). Anything else stays the element's own text: a
 * path, a URL, `My App`, `Hello, World`, `it's`. Only an element that starts a hashtable or `@( )` reports its
 * parse error, since it cannot have been meant as text.
 */
function readArgvValue(text: string, offset: number): ValueExpr {
  const r = new ValueReader(new SourceText(text, undefined, offset, false));
  try {
    const argument = r.readArgument('command');
    if (argument && r.eof() && !argument.loose) return argument.expr;
  } catch (error) {
    if (!isKrError(error) || /^@[{(]/.test(text)) throw error;
  }
  return { kind: 'literal', value: text };
}

/**
 * A command from argv: argv[0] is the command name; each later element is one token.
 * An element starting with a dash and a letter is a parameter (`-Name:value` split at the
 * first colon; `-Name:` takes the next element), `--` ends parameters. Positions are
 * offsets into argv joined by spaces. Throws KrError.
 */
export function argvToCommand(argv: readonly string[]): CommandStatement {
  if (argv.length === 0) throw BindingErrors.commandNotFound('');
  const offsets: number[] = [];
  let offset = 0;
  for (const element of argv) {
    offsets.push(offset);
    offset += element.length + 1;
  }
  const span = (k: number, from = 0, to = argv[k].length): SourcePosition => ({ start: offsets[k] + from, end: offsets[k] + to });
  const elements: CommandElement[] = [];
  let parametersEnded = false;
  let awaiting: ParameterToken | undefined;
  for (let k = 1; k < argv.length; k++) {
    const element = argv[k];
    if (awaiting) {
      awaiting.argument = readArgvValue(element, offsets[k]);
      awaiting.argumentText = element;
      awaiting.argumentPosition = span(k);
      awaiting = undefined;
      continue;
    }
    if (!parametersEnded && element === '--') {
      parametersEnded = true;
      continue;
    }
    if (!parametersEnded && isParameterStart(element, 0)) {
      const colon = element.indexOf(':');
      if (colon < 0) {
        elements.push({ kind: 'parameter', name: element.slice(1), text: element, hasColon: false, position: span(k) });
        continue;
      }
      const name = element.slice(1, colon);
      const token: ParameterToken = {
        kind: 'parameter',
        name,
        text: element.slice(0, colon + 1),
        hasColon: true,
        position: span(k, 0, colon + 1),
      };
      elements.push(token);
      const rest = element.slice(colon + 1);
      if (rest !== '') {
        token.argument = readArgvValue(rest, offsets[k] + colon + 1);
        token.argumentText = rest;
        token.argumentPosition = span(k, colon + 1);
      } else if (k === argv.length - 1) {
        throw ParseErrors.parameterRequiresArgument(name, { position: token.position, token: token.text });
      } else {
        awaiting = token;
      }
      continue;
    }
    elements.push({ kind: 'argument', expr: readArgvValue(element, offsets[k]), text: element, position: span(k) });
  }
  const text = argv.join(' ');
  return {
    kind: 'command',
    name: argv[0],
    nameText: argv[0],
    elements,
    text,
    position: { start: 0, end: text.length },
  };
}
