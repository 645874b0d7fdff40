// kr's PowerShell parser: script text -> ScriptBlockAst (ast.ts). A recursive-descent parser
// over characters that switches between PowerShell's two modes as its Parser.cs does:
// argument mode for command elements (barewords, `-Name`, `-Name:value`, `@splat`, commas
// joining arguments) and expression mode for everything else (operators with PowerShell's
// precedence, member access, indexing, casts). Pure: no I/O, no evaluation.
//
// Anything it does not understand is a ParserError with PowerShell's ErrorId and text, or
// `NotSupported,<construct>`: never text handed on to a command. Nesting past MAX_NESTING is
// NestingTooDeep (a script 100,000 parentheses deep is an error value, not a stack overflow).

import type * as A from './ast.js';
import { KrError, ParseErrors, type KrErrorInit, type SourcePosition } from './errors.js';
import { SourceText, backtickEscape, badNumericConstant, isDash, isDoubleQuote, isSingleQuote, parseNumber } from './values.js';

/** How deep blocks, parentheses, unary operators and strings may nest. */
export const MAX_NESTING = 200;

const KEYWORDS_NOT_SUPPORTED = new Set(['class', 'enum', 'trap', 'data', 'using', 'workflow', 'configuration', 'parallel', 'sequence', 'inlinescript', 'dynamicparam']);

/** Operators of expression mode, by their name after the dash (without the c/i prefix). */
const BINARY_PRECEDENCE: Record<string, number> = {
  and: 1, or: 1, xor: 1,
  band: 2, bor: 2, bxor: 2,
  eq: 3, ne: 3, gt: 3, ge: 3, lt: 3, le: 3, like: 3, notlike: 3, match: 3, notmatch: 3, contains: 3, notcontains: 3, in: 3, notin: 3,
  replace: 3, split: 3, join: 3, is: 3, isnot: 3, as: 3, shl: 3, shr: 3,
  f: 6,
};
/** Operators that take the `c`/`i` prefix (case-sensitive / -insensitive forms). */
const CASE_OPERATORS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'notlike', 'match', 'notmatch', 'contains', 'notcontains', 'in', 'notin', 'replace', 'split']);
const ASSIGNMENT_OPERATORS = ['??=', '+=', '-=', '*=', '/=', '%=', '='] as const;

const isWordChar = (c: string): boolean => /[\p{L}\p{N}_]/u.test(c);
const isVariableChar = (c: string): boolean => /[\p{L}\p{N}_?]/u.test(c);
const isNewline = (c: string): boolean => c === '\n' || c === '\r';
// .NET's Char.IsWhiteSpace, as PowerShell's tokenizer uses it: JavaScript's \s lacks U+0085 (NEL)
const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\u0085' || (c !== '' && !isNewline(c) && /\s/.test(c));
/** Characters that end a bareword in argument mode (PowerShell's ForceStartNewToken, and redirection). */
const ENDS_BAREWORD = new Set([';', ',', '(', ')', '{', '}', '|', '&', '<', '>', '']);

/** A script block's named blocks (clean and dynamicparam are PowerShell's too; kr refuses them by name). */
const NAMED_BLOCKS = new Set(['begin', 'process', 'end', 'clean', 'dynamicparam']);

/** Where a parse ended a list of statements. */
type Closer = ')' | '}' | '';

export class Parser {
  private i = 0;
  private depth = 0;
  /** The text of the last comment skipped (for comment-based help). */
  private lastComment: { text: string; end: number } | undefined;

  constructor(private readonly source: SourceText) {}

  private get text(): string {
    return this.source.text;
  }

  /** The last comment skipped (a method: skip() changes it behind the type checker's back). */
  private comment(): { text: string; end: number } | undefined {
    return this.lastComment;
  }

  // -------------------------------------------------------------------------------------
  // Errors and positions

  at(start: number, end = start + 1): KrErrorInit {
    const to = Math.min(Math.max(end, start), this.text.length);
    const from = Math.min(start, to);
    return { position: this.source.position(from, to), token: this.text.slice(from, to) || undefined };
  }

  private error(id: string, message: string, start = this.i, end = start + 1): KrError {
    return ParseErrors.parse(id, message, this.at(start, end));
  }

  private unexpected(start = this.i): KrError {
    const token = this.tokenTextAt(start);
    if (token === '') return this.incomplete('MissingEndOfInput', 'Unexpected end of input.', start);
    return ParseErrors.unexpectedToken(token, this.at(start, start + token.length));
  }

  private incomplete(id: string, message: string, start = this.i): KrError {
    return ParseErrors.parse(id, message, this.at(Math.max(0, Math.min(start, this.text.length - 1)), Math.min(this.text.length, start + 1)));
  }

  /** The token-ish text at `start`, for "Unexpected token" messages. */
  private tokenTextAt(start: number): string {
    const rest = this.text.slice(start);
    const m = /^(?:[\p{L}\p{N}_\-.:$@?]+|\S)/u.exec(rest);
    return m ? m[0] : '';
  }

  private extent(start: number, end = this.i): A.Extent {
    return { start, end };
  }

  position(extent: A.Extent): SourcePosition {
    return this.source.position(extent.start, extent.end);
  }

  private enter(start: number): void {
    if (++this.depth > MAX_NESTING) throw ParseErrors.nestingTooDeep(MAX_NESTING, this.at(start));
  }

  private leave(): void {
    this.depth--;
  }

  // -------------------------------------------------------------------------------------
  // Characters and trivia

  private peek(k = 0): string {
    return this.text.charAt(this.i + k);
  }

  private eof(): boolean {
    return this.i >= this.text.length;
  }

  /** Skips blanks, comments and line continuations; newlines too when `newlines`. */
  private skip(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (isBlank(c)) {
        this.i++;
      } else if (newlines && isNewline(c)) {
        this.i++;
      } else if (c === '`' && this.isLineContinuation()) {
        this.i++;
        while (isBlank(this.peek())) this.i++;
        if (this.peek() === '#') while (!this.eof() && !isNewline(this.peek())) this.i++;
        if (this.peek() === '\r') this.i++;
        if (this.peek() === '\n') this.i++;
      } else if (c === '#') {
        const start = this.i;
        while (!this.eof() && !isNewline(this.peek())) this.i++;
        this.lastComment = { text: this.text.slice(start + 1, this.i), end: this.i };
      } else if (c === '<' && this.peek(1) === '#') {
        const start = this.i;
        const close = this.text.indexOf('#>', this.i + 2);
        if (close === -1) throw this.error('MissingTerminatorMultiLineComment', "The terminator '#>' is missing from the multiline comment.", start, start + 2);
        this.i = close + 2;
        this.lastComment = { text: this.text.slice(start + 2, close), end: this.i };
      } else {
        return;
      }
    }
  }

  /**
   * A backtick, then only blanks (PowerShell 7 allows them) and, after at least one blank, a
   * comment, then a line break. A backtick right before `#` escapes the `#` instead.
   */
  private isLineContinuation(): boolean {
    let j = this.i + 1;
    while (isBlank(this.text.charAt(j))) j++;
    if (this.text.charAt(j) === '#' && j > this.i + 1) while (j < this.text.length && !isNewline(this.text.charAt(j))) j++;
    return isNewline(this.text.charAt(j));
  }

  /**
   * PowerShell 7.4's leading pipe: after a pipeline element, the next line that is not a comment
   * line may start with `|` and so continue the pipeline. A blank line (or one of only blanks or a
   * backtick) in between ends the statement; the `|` is then an EmptyPipeElement. Returns the
   * offset of that `|`, or -1.
   */
  private leadingPipe(): number {
    let j = this.i;
    for (;;) {
      // at the end of a line: step over the break
      if (this.text.charAt(j) === '\r') j++;
      if (this.text.charAt(j) === '\n') j++;
      else if (this.text.charAt(j - 1) !== '\r') return -1;
      let k = j;
      while (isBlank(this.text.charAt(k))) k++;
      const c = this.text.charAt(k);
      if (c === '|' && this.text.charAt(k + 1) !== '|') return k;
      if (c !== '#') return -1;
      while (k < this.text.length && !isNewline(this.text.charAt(k))) k++;
      j = k;
    }
  }

  /** Skips statement separators (newlines, `;`) and trivia. */
  private skipSeparators(): void {
    for (;;) {
      this.skip(true);
      if (this.peek() === ';') this.i++;
      else return;
    }
  }

  /** The keyword-like word at the cursor (letters only), lower-cased; '' when none. */
  private wordAt(at = this.i): string {
    let j = at;
    while (j < this.text.length && /[\p{L}_]/u.test(this.text.charAt(j))) j++;
    if (j < this.text.length && (isWordChar(this.text.charAt(j)) || this.text.charAt(j) === '-')) return '';
    return this.text.slice(at, j).toLowerCase();
  }

  private expect(c: string, id: string, message: string, start = this.i): void {
    if (this.peek() !== c) throw this.incomplete(id, message, this.eof() ? start : this.i);
    this.i++;
  }

  // -------------------------------------------------------------------------------------
  // Script blocks

  /** A whole script: a script block without braces. */
  parseScript(): A.ScriptBlockAst {
    const block = this.scriptBlockBody(0, '');
    if (!this.eof()) throw this.unexpected();
    return block;
  }

  /** The inside of a script block, up to (not past) `closer`. */
  private scriptBlockBody(start: number, closer: Closer): A.ScriptBlockAst {
    this.enter(start);
    try {
      this.lastComment = undefined;
      this.skipSeparators();
      const helpBefore = this.comment()?.text;
      let paramBlock: A.ParamBlockAst | undefined;
      const attributesStart = this.i;
      const attributes = this.peek() === '[' ? this.tryAttributesBeforeParam() : undefined;
      if (attributes !== undefined || this.wordAt() === 'param') {
        if (this.wordAt() === 'param') paramBlock = this.paramBlock(attributesStart, attributes ?? []);
        else this.i = attributesStart;
      }
      this.skipSeparators();
      const block: A.ScriptBlockAst = { kind: 'ScriptBlock', extent: this.extent(start), text: '' };
      if (paramBlock) block.paramBlock = paramBlock;
      if (helpBefore !== undefined) block.helpComment = helpBefore;
      const named = this.wordAt();
      if (NAMED_BLOCKS.has(named) && this.keywordUse(named)) {
        while (!this.eof() && this.peek() !== closer) {
          const kind = this.wordAt();
          if (!NAMED_BLOCKS.has(kind)) throw this.unexpected();
          const blockStart = this.i;
          this.i += kind.length;
          this.skip(true);
          if (this.peek() !== '{') throw this.incomplete('MissingNamedStatementBlock', `Missing statement block after '${kind}'.`);
          if (kind === 'dynamicparam' || kind === 'clean') throw ParseErrors.notSupported(`the ${kind} block`, this.at(blockStart, blockStart + kind.length));
          const body = this.braceBlock(`${kind}`);
          block[kind as 'begin' | 'process' | 'end'] = { kind: 'NamedBlock', blockKind: kind as 'begin' | 'process' | 'end', statements: body.statements, unnamed: false, extent: this.extent(blockStart) };
          this.skipSeparators();
        }
      } else {
        const bodyStart = this.i;
        const statements = this.statementList(closer);
        block.end = { kind: 'NamedBlock', blockKind: 'end', statements, unnamed: true, extent: this.extent(bodyStart) };
      }
      // comment-based help may also close the block
      const closing = this.comment();
      if (block.helpComment === undefined && closing !== undefined && /^\s*\.\w+/m.test(closing.text)) block.helpComment = closing.text;
      block.extent = this.extent(start);
      block.text = this.text.slice(start, this.i);
      return block;
    } finally {
      this.leave();
    }
  }

  private nextNonBlankAfterWord(): string {
    let j = this.i;
    while (j < this.text.length && isWordChar(this.text.charAt(j))) j++;
    while (j < this.text.length && (isBlank(this.text.charAt(j)) || isNewline(this.text.charAt(j)))) j++;
    return this.text.charAt(j);
  }

  /** `[CmdletBinding()]`-style attributes, only when a `param` follows; undefined (cursor kept) otherwise. */
  private tryAttributesBeforeParam(): A.AttributeBaseAst[] | undefined {
    const start = this.i;
    try {
      const attributes: A.AttributeBaseAst[] = [];
      while (this.peek() === '[') {
        attributes.push(this.attribute());
        this.skip(true);
      }
      if (this.wordAt() === 'param') return attributes;
    } catch {
      // not attributes: the statements will say what is wrong
    }
    this.i = start;
    return undefined;
  }

  private paramBlock(start: number, attributes: A.AttributeBaseAst[]): A.ParamBlockAst {
    this.i += 'param'.length;
    this.skip(true);
    this.expect('(', 'MissingOpenParenthesisAfterKeyword', "Missing opening '(' after keyword 'param'.");
    const parameters = this.parameterList(')');
    return { kind: 'ParamBlock', attributes, parameters, extent: this.extent(start) };
  }

  /** `[attr()] [type] $name = default, ...` up to `closer` (consumed). */
  private parameterList(closer: ')'): A.ParameterAst[] {
    const parameters: A.ParameterAst[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === closer) {
        this.i++;
        return parameters;
      }
      if (parameters.length > 0) {
        if (this.peek() !== ',') throw this.incomplete('MissingEndParenthesisInFunctionParameterList', "Missing ')' in function parameter list.");
        this.i++;
        this.skip(true);
      }
      const start = this.i;
      const attributes: A.AttributeBaseAst[] = [];
      while (this.peek() === '[') {
        attributes.push(this.attribute());
        this.skip(true);
      }
      if (this.peek() === '@' && isVariableChar(this.peek(1))) throw this.splattingNotPermitted();
      if (this.peek() !== '$') throw this.incomplete('MissingEndParenthesisInFunctionParameterList', "Missing ')' in function parameter list.");
      const variableStart = this.i;
      const variable = this.variable();
      if (parameters.some((p) => p.name.toLowerCase() === variable.name.toLowerCase())) {
        throw this.error('DuplicateFormalParameter', `Duplicate parameter $${variable.name} in parameter list.`, variableStart, this.i);
      }
      const parameter: A.ParameterAst = { kind: 'Parameter', name: variable.name, attributes, extent: this.extent(start) };
      this.skip(true);
      if (this.peek() === '=') {
        this.i++;
        this.skip(true);
        parameter.defaultValue = this.expressionNoComma();
      }
      parameter.extent = this.extent(start);
      parameters.push(parameter);
    }
  }

  /** `[Name(args)]` (an attribute) or `[type]` (a type constraint). */
  private attribute(): A.AttributeBaseAst {
    const start = this.i;
    this.i++;
    this.skip(false);
    const typeName = this.typeName();
    this.skip(false);
    if (this.peek() === ']') {
      this.i++;
      return { kind: 'TypeConstraint', typeName, extent: this.extent(start) };
    }
    if (this.peek() !== '(') throw this.incomplete('EndSquareBracketExpectedAtEndOfAttribute', 'Missing ] at end of attribute or type literal.');
    this.i++;
    const positional: A.ExpressionAst[] = [];
    const named: A.AttributeAst['named'] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === ')') {
        this.i++;
        break;
      }
      if (positional.length + named.length > 0) {
        if (this.peek() !== ',') throw this.incomplete('MissingEndParenthesisInExpression', "Missing closing ')' in expression.");
        this.i++;
        this.skip(true);
      }
      const word = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(this.text.slice(this.i))?.[0];
      let j = this.i + (word?.length ?? 0);
      while (isBlank(this.text.charAt(j))) j++;
      const nextChar = this.text.charAt(j);
      if (word !== undefined && (nextChar === '=' || nextChar === ',' || nextChar === ')') && this.text.charAt(j + 1) !== '=') {
        this.i = j;
        if (nextChar === '=') {
          this.i++;
          this.skip(true);
          named.push({ name: word, value: this.expressionNoComma() });
        } else {
          named.push({ name: word });
        }
        continue;
      }
      positional.push(this.expressionNoComma());
    }
    this.skip(false);
    this.expect(']', 'EndSquareBracketExpectedAtEndOfAttribute', 'Missing ] at end of attribute or type literal.');
    return { kind: 'Attribute', typeName, positional, named, extent: this.extent(start) };
  }

  /** A type name inside `[...]`: `int`, `System.String`, `string[]`, `ordered`, `Dictionary[string,int]`. */
  private typeName(): string {
    const start = this.i;
    while (/[\p{L}\p{N}_.`]/u.test(this.peek())) this.i++;
    if (this.i === start) throw this.incomplete('MissingTypename', "Missing type name after '['.", start);
    // generic arguments and array ranks
    while (this.peek() === '[') {
      if (this.peek(1) === ']') {
        this.i += 2;
        continue;
      }
      let depth = 0;
      do {
        const c = this.peek();
        if (c === '') throw this.incomplete('EndSquareBracketExpectedAtEndOfAttribute', 'Missing ] at end of attribute or type literal.');
        if (c === '[') depth++;
        if (c === ']') depth--;
        this.i++;
      } while (depth > 0);
    }
    return this.text.slice(start, this.i);
  }

  /** `{ statements }` as a statement block. */
  private braceBlock(what: string): A.StatementBlockAst {
    const start = this.i;
    if (this.peek() !== '{') throw this.incomplete('MissingStatementBlock', `Missing statement block after ${what} ( condition ).`);
    this.enter(start);
    try {
      this.i++;
      const statements = this.statementList('}');
      if (this.peek() !== '}') throw this.incomplete('MissingEndCurlyBrace', "Missing closing '}' in statement block or type definition.", start);
      this.i++;
      return { kind: 'StatementBlock', statements, extent: this.extent(start) };
    } finally {
      this.leave();
    }
  }

  // -------------------------------------------------------------------------------------
  // Statements

  /** Statements up to `closer` (not consumed) or the end. */
  private statementList(closer: Closer): A.StatementAst[] {
    const statements: A.StatementAst[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.eof() || (closer !== '' && this.peek() === closer)) return statements;
      if (closer === '' && (this.peek() === ')' || this.peek() === '}')) throw this.unexpected();
      statements.push(this.statement());
      this.skip(false);
      const c = this.peek();
      if (!(c === '' || c === ';' || isNewline(c) || c === closer)) throw this.unexpected();
    }
  }

  private statement(): A.StatementAst {
    const start = this.i;
    // a statement cannot start with `|` (a leading pipe after a blank line, say)
    if (this.peek() === '|' && this.peek(1) !== '|') throw this.error('EmptyPipeElement', 'An empty pipe element is not allowed.', start);
    this.enter(start);
    try {
      let label: string | undefined;
      if (this.peek() === ':' && isWordChar(this.peek(1))) {
        let j = this.i + 1;
        while (isWordChar(this.text.charAt(j))) j++;
        label = this.text.slice(this.i + 1, j);
        this.i = j;
        this.skip(true);
      }
      const word = this.wordAt();
      switch (word) {
        case 'if':
          return this.ifStatement(start);
        case 'while':
          return this.whileStatement(start, label);
        case 'do':
          return this.doStatement(start, label);
        case 'for':
          return this.forStatement(start, label);
        case 'foreach':
          return this.foreachStatement(start, label);
        case 'switch':
          return this.switchStatement(start, label);
        case 'try':
          return this.tryStatement(start);
        case 'function':
        case 'filter':
          return this.functionDefinition(start, word === 'filter');
        case 'throw':
        case 'return':
        case 'exit':
        case 'break':
        case 'continue':
          return this.flowStatement(start, word);
        default:
          if (KEYWORDS_NOT_SUPPORTED.has(word) && this.keywordUse(word)) throw ParseErrors.notSupported(`the '${word}' keyword`, this.at(start, start + word.length));
      }
      if (label !== undefined) throw this.unexpected(start);
      return this.pipelineChain();
    } finally {
      this.leave();
    }
  }

  /** Whether a reserved word is used as a keyword (followed by a name or a block), not as a command argument. */
  private keywordUse(word: string): boolean {
    const after = this.text.charAt(this.i + word.length);
    return after === '' || isBlank(after) || isNewline(after) || after === '{' || after === '(';
  }

  /** `( pipeline )` after if/elseif, while/until or switch, with PowerShell's error ids for each. */
  private condition(keyword: string): A.PipelineBaseAst {
    this.skip(true);
    const isIf = keyword === 'if' || keyword === 'elseif';
    const isSwitch = keyword === 'switch';
    const switchNeedsValue = () => this.incomplete('PipelineValueRequired', "A switch statement must have one of the following:  '-file file_name' or '( expression )'.");
    if (this.peek() !== '(') {
      if (isSwitch) throw switchNeedsValue();
      if (isIf) this.expect('(', 'MissingOpenParenthesisInIfStatement', `Missing '(' after '${keyword}' in ${keyword} statement.`);
      else this.expect('(', 'MissingOpenParenthesisAfterKeyword', `Missing opening '(' after keyword '${keyword}'.`);
    }
    this.i++;
    this.skip(true);
    if (this.peek() === ')' || this.eof()) {
      if (isSwitch) throw switchNeedsValue();
      if (isIf) throw this.incomplete('IfStatementMissingCondition', `Missing condition in ${keyword} statement after '${keyword} ('.`);
      throw this.incomplete('MissingExpressionAfterKeyword', `Missing expression after '${keyword}' in loop.`);
    }
    const condition = this.pipelineChain();
    this.skip(true);
    this.expect(')', 'MissingEndParenthesisAfterStatement', `Missing closing ')' after expression in '${keyword}' statement.`);
    this.skip(true);
    return condition;
  }

  private ifStatement(start: number): A.IfStatementAst {
    const clauses: A.IfStatementAst['clauses'] = [];
    let keyword = 'if';
    this.i += 2;
    for (;;) {
      const condition = this.condition(keyword);
      clauses.push({ condition, body: this.braceBlock(keyword) });
      const save = this.i;
      this.skip(true);
      const next = this.wordAt();
      if (next === 'elseif') {
        this.i += 6;
        keyword = 'elseif';
        continue;
      }
      if (next === 'else') {
        this.i += 4;
        this.skip(true);
        return { kind: 'If', clauses, elseClause: this.braceBlock('else'), extent: this.extent(start) };
      }
      this.i = save;
      return { kind: 'If', clauses, extent: this.extent(start) };
    }
  }

  private whileStatement(start: number, label?: string): A.WhileStatementAst {
    this.i += 5;
    const condition = this.condition('while');
    return { kind: 'While', label, condition, body: this.loopBody('while'), extent: this.extent(start) };
  }

  private doStatement(start: number, label?: string): A.DoLoopStatementAst {
    this.i += 2;
    this.skip(true);
    const body = this.loopBody('do');
    this.skip(true);
    const word = this.wordAt();
    if (word !== 'while' && word !== 'until') throw this.incomplete('MissingWhileOrUntilInDoWhile', 'Missing while or until keyword in do loop.');
    this.i += word.length;
    const condition = this.condition(word);
    return { kind: word === 'while' ? 'DoWhile' : 'DoUntil', label, condition, body, extent: this.extent(start) };
  }

  private forStatement(start: number, label?: string): A.ForStatementAst {
    this.i += 3;
    this.skip(true);
    this.expect('(', 'MissingOpenParenthesisAfterKeyword', "Missing opening '(' after keyword 'for'.");
    const part = (last: boolean): A.PipelineBaseAst | undefined => {
      this.skip(true);
      if (this.eof()) throw this.incomplete('MissingEndParenthesisAfterStatement', "Missing closing ')' after expression in 'for' statement.");
      let result: A.PipelineBaseAst | undefined;
      if (this.peek() !== ';' && this.peek() !== ')') result = this.pipelineChain();
      this.skip(true);
      if (!last && this.peek() === ';') this.i++;
      return result;
    };
    const initializer = part(false);
    const condition = part(false);
    const iterator = part(true);
    this.skip(true);
    this.expect(')', 'MissingEndParenthesisAfterStatement', "Missing closing ')' after expression in 'for' statement.");
    this.skip(true);
    return { kind: 'For', label, initializer, condition, iterator, body: this.loopBody('for'), extent: this.extent(start) };
  }

  private foreachStatement(start: number, label?: string): A.ForEachStatementAst {
    this.i += 7;
    this.skip(true);
    this.expect('(', 'MissingOpenParenthesisAfterKeyword', "Missing opening '(' after keyword 'foreach'.");
    this.skip(true);
    if (this.peek() === '@' && isVariableChar(this.peek(1))) throw this.splattingNotPermitted();
    if (this.peek() !== '$') throw this.incomplete('MissingVariableNameAfterForeach', 'Missing variable name after foreach.\nThe correct form is: foreach ($a in $b) {...}');
    const variable = this.variable();
    this.skip(true);
    if (this.wordAt() !== 'in') throw this.incomplete('MissingInInForeach', "Missing 'in' after variable in foreach loop.\nThe correct form is: foreach ($a in $b) {...}");
    this.i += 2;
    this.skip(true);
    if (this.eof() || this.peek() === ')') throw this.incomplete('MissingForeachExpression', 'Missing expression in foreach loop.');
    const iterable = this.pipelineChain();
    this.skip(true);
    this.expect(')', 'MissingEndParenthesisAfterForeach', "Missing closing ')' after expression part of foreach loop.\nThe correct form is: foreach ($a in $b) {...}");
    this.skip(true);
    if (this.peek() !== '{') throw this.incomplete('MissingForeachStatement', 'Missing statement body in foreach loop.');
    return { kind: 'ForEach', label, variable, iterable, body: this.braceBlock('foreach'), extent: this.extent(start) };
  }

  private switchStatement(start: number, label?: string): A.SwitchStatementAst {
    this.i += 6;
    const flags = { wildcard: false, regex: false, exact: false, caseSensitive: false, file: false };
    for (;;) {
      this.skip(true);
      if (!isDash(this.peek())) break;
      const m = /^[\p{L}]+/u.exec(this.text.slice(this.i + 1));
      const name = (m?.[0] ?? '').toLowerCase();
      const known = ['wildcard', 'regex', 'exact', 'casesensitive', 'file'].find((f) => f.startsWith(name) && name !== '');
      if (known === undefined) throw this.error('InvalidSwitchFlag', `The switch statement does not take the flag '${this.text.slice(this.i, this.i + 1 + name.length)}'.`, this.i, this.i + 1 + name.length);
      if (known === 'file') throw ParseErrors.notSupported('switch -File', this.at(this.i, this.i + 1 + name.length));
      flags[known === 'casesensitive' ? 'caseSensitive' : (known as 'wildcard' | 'regex' | 'exact')] = true;
      this.i += 1 + name.length;
    }
    const condition = this.condition('switch');
    if (this.peek() !== '{') throw this.incomplete('MissingCurlyBraceInSwitchStatement', "Missing '{' in switch statement.");
    this.i++;
    const clauses: A.SwitchStatementAst['clauses'] = [];
    let defaultClause: A.StatementBlockAst | undefined;
    for (;;) {
      this.skipSeparators();
      if (this.peek() === '}') {
        this.i++;
        break;
      }
      if (this.eof()) throw this.incomplete('MissingSwitchConditionExpression', 'Missing condition in switch statement clause.');
      if (this.wordAt() === 'default' && this.nextNonBlankAfterWord() === '{') {
        if (defaultClause !== undefined) throw this.error('MultipleSwitchDefaultClauses', 'A switch statement can have only one default clause.', this.i, this.i + 7);
        this.i += 7;
        this.skip(true);
        defaultClause = this.braceBlock('default');
        continue;
      }
      const pattern = this.switchPattern();
      this.skip(true);
      if (this.peek() !== '{') throw this.incomplete('MissingSwitchStatementClause', 'Missing statement block in switch statement clause.');
      clauses.push({ pattern, body: this.braceBlock('switch') });
    }
    return { kind: 'Switch', label, flags, condition, clauses, defaultClause, extent: this.extent(start) };
  }

  /** A switch clause's condition: a bareword, a string, a number, a script block or an expression. */
  private switchPattern(): A.ExpressionAst {
    const c = this.peek();
    if (c === '{' || c === '$' || c === '(' || isSingleQuote(c) || isDoubleQuote(c) || c === '@' || c === '[') return this.primaryWithPostfix();
    return this.commandArgumentElement();
  }

  private tryStatement(start: number): A.TryStatementAst {
    this.i += 3;
    this.skip(true);
    if (this.peek() !== '{') throw this.incomplete('MissingTryStatementBlock', 'The Try statement is missing its statement block.');
    const body = this.braceBlock('try');
    const catches: A.TryStatementAst['catches'] = [];
    let finallyBlock: A.StatementBlockAst | undefined;
    for (;;) {
      const save = this.i;
      this.skip(true);
      const word = this.wordAt();
      if (word === 'catch') {
        this.i += 5;
        const typeNames: string[] = [];
        for (;;) {
          this.skip(true);
          if (this.peek() !== '[') break;
          this.i++;
          typeNames.push(this.typeName());
          this.expect(']', 'EndSquareBracketExpectedAtEndOfAttribute', 'Missing ] at end of attribute or type literal.');
          this.skip(true);
          if (this.peek() === ',') {
            this.i++;
            this.skip(true);
            if (this.peek() !== '[') throw this.incomplete('MissingTypeLiteralToken', 'Missing type literal.');
          }
        }
        if (this.peek() !== '{') throw this.incomplete('MissingCatchHandlerBlock', 'The Catch block is missing its statement block.');
        catches.push({ typeNames, body: this.braceBlock('catch') });
        continue;
      }
      if (word === 'finally') {
        this.i += 7;
        this.skip(true);
        if (this.peek() !== '{') throw this.incomplete('MissingFinallyStatementBlock', 'The Finally block is missing its statement block.');
        finallyBlock = this.braceBlock('finally');
        this.checkNothingLeavesFinally(finallyBlock);
        break;
      }
      this.i = save;
      break;
    }
    if (catches.length === 0 && finallyBlock === undefined) throw this.incomplete('MissingCatchOrFinally', 'The Try statement is missing its Catch or Finally block.');
    return { kind: 'Try', body, catches, finallyBlock, extent: this.extent(start) };
  }

  /** `@name` where a variable is wanted (a foreach variable, a parameter). */
  private splattingNotPermitted(): KrError {
    let j = this.i + 1;
    while (isVariableChar(this.text.charAt(j))) j++;
    const name = this.text.slice(this.i + 1, j);
    return this.error('SplattingNotPermitted', `The splatting operator '@' cannot be used to reference variables in an expression. '@${name}' can be used only as an argument to a command. To reference variables in an expression use '$${name}'.`, this.i, j);
  }

  /** A loop's body: `{ ... }`, MissingLoopStatement without one. */
  private loopBody(keyword: string): A.StatementBlockAst {
    if (this.peek() !== '{') throw this.incomplete('MissingLoopStatement', `Missing statement body in ${keyword} loop.`);
    return this.braceBlock(keyword);
  }

  /**
   * PowerShell's ControlLeavingFinally: a `return` in a finally block, or a `break`/`continue`
   * that is not inside a loop or switch of the block itself (script blocks and functions in it are their own).
   */
  private checkNothingLeavesFinally(block: A.StatementBlockAst): void {
    const LOOPS = new Set(['For', 'ForEach', 'While', 'DoWhile', 'DoUntil', 'Switch']);
    const walk = (node: unknown, inLoop: boolean): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        for (const item of node) walk(item, inLoop);
        return;
      }
      const kind = (node as { kind?: unknown }).kind;
      if (kind === 'ScriptBlock' || kind === 'ScriptBlockExpression' || kind === 'FunctionDefinition') return;
      if (kind === 'Return' || ((kind === 'Break' || kind === 'Continue') && !inLoop)) {
        const extent = (node as { extent: A.Extent }).extent;
        throw this.error('ControlLeavingFinally', 'Flow of control cannot leave a Finally block.', extent.start, extent.end);
      }
      const nested = inLoop || (typeof kind === 'string' && LOOPS.has(kind));
      for (const [key, value] of Object.entries(node)) if (key !== 'extent') walk(value, nested);
    };
    walk(block.statements, false);
  }

  private functionDefinition(start: number, isFilter: boolean): A.FunctionDefinitionAst {
    const keyword = isFilter ? 'filter' : 'function';
    this.i += keyword.length;
    this.skip(true);
    const nameStart = this.i;
    while (!this.eof() && !isBlank(this.peek()) && !isNewline(this.peek()) && !'{}();,|&'.includes(this.peek())) {
      // an escaped character is part of the name (`u{2195}`)
      if (this.peek() === '`') {
        const braced = /^`u\{[0-9a-fA-F]{1,6}\}/.exec(this.text.slice(this.i, this.i + 10));
        this.i += braced ? braced[0].length : 2;
      } else this.i++;
    }
    const name = decodeNameEscapes(this.text.slice(nameStart, this.i)).replace(/^(?:global|script|local|private):/i, '');
    if (name === '') throw this.incomplete('MissingNameAfterKeyword', `Missing name after ${keyword} keyword.`);
    this.skip(true);
    let parameters: A.ParameterAst[] | undefined;
    if (this.peek() === '(') {
      this.i++;
      parameters = this.parameterList(')');
      this.skip(true);
    }
    if (this.peek() !== '{') throw this.incomplete('MissingFunctionBody', 'Missing function body in function declaration.');
    const before = this.comment();
    const helpBefore = before !== undefined && before.end <= start && /^\s*\.\w+/m.test(before.text) ? before.text : undefined;
    const open = this.i++;
    const body = this.scriptBlockBody(open + 1, '}');
    if (this.peek() !== '}') throw this.incomplete('MissingEndCurlyBrace', "Missing closing '}' in statement block or type definition.", open);
    this.i++;
    if (body.helpComment === undefined && helpBefore !== undefined) body.helpComment = helpBefore;
    return { kind: 'FunctionDefinition', name, isFilter, parameters, body, extent: this.extent(start) };
  }

  private flowStatement(start: number, word: 'throw' | 'return' | 'exit' | 'break' | 'continue'): A.FlowStatementAst {
    this.i += word.length;
    this.skip(false);
    const kind = (word.charAt(0).toUpperCase() + word.slice(1)) as A.FlowStatementAst['kind'];
    const c = this.peek();
    if (c === '' || c === ';' || isNewline(c) || c === '}' || c === ')' || c === '|' || (c === '&' && this.peek(1) === '&') || (c === '|' && this.peek(1) === '|')) {
      return { kind, extent: this.extent(start) };
    }
    if (word === 'break' || word === 'continue') {
      const label = this.commandArgumentElement();
      return { kind, pipeline: this.asPipeline(label), extent: this.extent(start) };
    }
    return { kind, pipeline: this.pipelineChain(), extent: this.extent(start) };
  }

  private asPipeline(expression: A.ExpressionAst): A.PipelineAst {
    return { kind: 'Pipeline', elements: [{ kind: 'CommandExpression', expression, redirections: [], extent: expression.extent }], extent: expression.extent };
  }

  // -------------------------------------------------------------------------------------
  // Pipelines and commands

  private pipelineChain(): A.PipelineBaseAst {
    const start = this.i;
    let left: A.PipelineBaseAst = this.pipeline();
    for (;;) {
      this.skip(false);
      const op = this.text.slice(this.i, this.i + 2);
      if (op !== '&&' && op !== '||') return left;
      this.i += 2;
      this.skip(true);
      if (this.eof() || this.peek() === ';' || this.peek() === ')' || this.peek() === '}') {
        throw this.incomplete('EmptyPipelineChainElement', `A pipeline chain operator '${op}' must be followed by a pipeline.`, this.i);
      }
      const right = this.pipeline();
      if (right.kind !== 'Pipeline') throw this.unexpected(right.extent.start);
      left = { kind: 'PipelineChain', left, operator: op, right, extent: this.extent(start) };
    }
  }

  /** A pipeline, or an assignment (`expr = statement`). */
  private pipeline(): A.PipelineAst | A.AssignmentStatementAst {
    const start = this.i;
    const elements: A.PipelineElementAst[] = [];
    const first = this.pipelineElement(true);
    if (first.kind === 'CommandExpression' && first.redirections.length === 0) {
      this.skip(false);
      const op = ASSIGNMENT_OPERATORS.find((o) => this.text.startsWith(o, this.i) && (o !== '=' || this.peek(1) !== '='));
      if (op !== undefined) {
        const opStart = this.i;
        this.i += op.length;
        this.skip(true);
        if (this.eof() || this.peek() === ';' || this.peek() === ')' || this.peek() === '}') {
          throw this.incomplete('ExpectedValueExpression', `You must provide a value expression following the '${op}' operator.`, opStart);
        }
        checkAssignable(first.expression, (s, e) => this.at(s, e), op !== '=');
        const right = this.statement();
        return { kind: 'Assignment', left: first.expression, operator: op, right, extent: this.extent(start) };
      }
    }
    elements.push(first);
    for (;;) {
      this.skip(false);
      if (isNewline(this.peek())) {
        const bar = this.leadingPipe();
        if (bar >= 0) this.i = bar;
      }
      if (this.peek() !== '|' || this.peek(1) === '|') break;
      const bar = this.i++;
      this.skip(true);
      if (this.eof() || this.peek() === '|' || this.peek() === ';' || this.peek() === ')' || this.peek() === '}') {
        throw this.error('EmptyPipeElement', 'An empty pipe element is not allowed.', bar);
      }
      const element = this.pipelineElement(false);
      elements.push(element);
    }
    return { kind: 'Pipeline', elements, extent: this.extent(start) };
  }

  /** Whether the cursor starts a command (argument mode) rather than an expression. */
  private startsCommand(): boolean {
    const c = this.peek();
    if (c === '&' && this.peek(1) !== '&') return true;
    if (c === '.' && (isBlank(this.peek(1)) || this.peek(1) === '"' || this.peek(1) === "'" || this.peek(1) === '$' || this.peek(1) === '{')) return true;
    if (c === '' || c === '$' || c === '(' || c === '@' || c === '{' || c === '[' || c === '!' || c === ',' || isSingleQuote(c) || isDoubleQuote(c)) return false;
    if (c === '+' || (c === '.' && /\d/.test(this.peek(1)))) return false;
    if (isDash(c)) {
      // a unary operator, a number, ++/-- are expressions; any other dash-word is a command name
      const word = /^[\p{L}]+/u.exec(this.text.slice(this.i + 1))?.[0]?.toLowerCase();
      if (word === undefined) return false;
      return !['not', 'bnot', 'split', 'join'].includes(word);
    }
    // a number token is an expression (`1..3`, `2 + 2`); `7z.exe` or `1.2.3` is a command name
    const bare = this.barewordExtent(this.i);
    if (parseNumber(this.text.slice(this.i, bare)) !== undefined) return false;
    if (/\d/.test(c)) {
      const save = this.i;
      const number = this.tryNumberLiteral();
      const after = this.peek();
      this.i = save;
      if (number !== undefined && (after === '' || !/[\p{L}\p{N}_.]/u.test(after) || this.text.startsWith('..', save + number.text.length))) return false;
    }
    return true;
  }

  private pipelineElement(first: boolean): A.PipelineElementAst {
    const start = this.i;
    if (this.startsCommand()) return this.command();
    if (!first) throw this.error('ExpressionsMustBeFirstInPipeline', 'Expressions are only allowed as the first element of a pipeline.', start, this.barewordExtent(start));
    const expression = this.expression();
    const redirections = this.redirections();
    return { kind: 'CommandExpression', expression, redirections, extent: this.extent(start) };
  }

  /** Redirections after an expression (`$x > file`, `2>$null`). */
  private redirections(): A.RedirectionAst[] {
    const list: A.RedirectionAst[] = [];
    for (;;) {
      this.skip(false);
      const redirection = this.tryRedirection();
      if (redirection === undefined) return list;
      list.push(redirection);
    }
  }

  /** `>`, `>>`, `2>`, `2>>`, `*>`, `2>&1`, `<` (reserved); undefined when the cursor is not at one. */
  private tryRedirection(): A.RedirectionAst | undefined {
    const start = this.i;
    const m = /^([1-6*]?)(>>|>)(&([12]))?/.exec(this.text.slice(this.i, this.i + 5));
    if (this.peek() === '<') throw this.error('RedirectionNotSupported', "The '<' operator is reserved for future use.", start);
    if (!m) return undefined;
    const stream = (m[1] || '1') as A.RedirectionStream;
    this.i += m[0].length;
    if (m[3] !== undefined) {
      if (m[2] === '>>') throw this.unexpected(start);
      return { kind: 'MergingRedirection', from: stream, to: m[4] as A.RedirectionStream, extent: this.extent(start) };
    }
    this.skip(false);
    const c = this.peek();
    if (c === '' || isNewline(c) || c === ';' || c === '|' || c === ')' || c === '}') {
      throw this.incomplete('MissingFileSpecification', 'Missing file specification after redirection operator.', this.i);
    }
    const target = this.commandArgument();
    return { kind: 'FileRedirection', stream, append: m[2] === '>>', target, extent: this.extent(start) };
  }

  /** Where a bareword starting at `from` ends (argument mode). */
  private barewordExtent(from: number): number {
    let j = from;
    while (j < this.text.length) {
      const c = this.text.charAt(j);
      if (isBlank(c) || isNewline(c) || ENDS_BAREWORD.has(c)) break;
      // an escaped character belongs to the word (`` ` ``-space, `u{...}`)
      if (c === '`' && j + 1 < this.text.length && !isNewline(this.text.charAt(j + 1))) {
        const braced = /^`u\{[0-9a-fA-F]{1,6}\}/.exec(this.text.slice(j, j + 10));
        j += braced ? braced[0].length : 2;
        continue;
      }
      j++;
    }
    return j;
  }

  private atCommandEnd(): boolean {
    const c = this.peek();
    if (c === '' || isNewline(c) || c === ';' || c === ')' || c === '}') return true;
    if (c === '|') return true;
    if (c === '&') return true;
    return false;
  }

  private command(): A.CommandAst {
    const start = this.i;
    const elements: A.CommandElementAst[] = [];
    const redirections: A.RedirectionAst[] = [];
    let invocationOperator: '&' | '.' | undefined;
    // `.` is the dot-source operator only before a blank, a quote, `$`, `{` or `(`: `./x.ps1` is a command name
    const dotOperator = this.peek() === '.' && /^[\s"'$({\u2018-\u201e]/u.test(this.peek(1));
    if (this.peek() === '&' || dotOperator) {
      invocationOperator = this.peek() as '&' | '.';
      this.i++;
      this.skip(false);
      const c = this.peek();
      if (c === '{' || c === '$' || c === '(' || isSingleQuote(c) || isDoubleQuote(c)) elements.push(this.primaryWithPostfix());
      else elements.push(this.commandName());
    } else {
      elements.push(this.commandName());
    }
    let parametersEnded = false;
    for (;;) {
      this.skip(false);
      if (this.atCommandEnd()) {
        if (this.peek() === '&' && this.peek(1) !== '&') throw ParseErrors.notSupported("background jobs ('&' at the end of a pipeline)", this.at(this.i));
        break;
      }
      const c = this.peek();
      if (c === ',') throw this.error('MissingArgument', 'Missing argument in parameter list.', this.i);
      const redirection = c === '>' || c === '<' || (/[1-6*]/.test(c) && this.peek(1) === '>') ? this.tryRedirection() : undefined;
      if (redirection !== undefined) {
        redirections.push(redirection);
        continue;
      }
      if (!parametersEnded && isDash(c) && isDash(this.peek(1)) && (this.i + 2 >= this.text.length || isBlank(this.peek(2)) || isNewline(this.peek(2)) || ENDS_BAREWORD.has(this.peek(2)))) {
        parametersEnded = true;
        elements.push({ kind: 'CommandParameter', name: '-', text: '--', extent: this.extent(this.i, this.i + 2) });
        this.i += 2;
        continue;
      }
      const parameter = !parametersEnded && isDash(c) ? this.tryParameter() : undefined;
      if (parameter !== undefined) {
        elements.push(parameter);
        continue;
      }
      elements.push(this.commandArgument());
    }
    return { kind: 'Command', invocationOperator, elements, redirections, extent: this.extent(start) };
  }

  /** A command name: a bareword (not expandable, as PowerShell does without & or .). */
  private commandName(): A.ExpressionAst {
    const start = this.i;
    const end = this.barewordExtent(start);
    const text = this.text.slice(start, end);
    if (text === '') throw this.unexpected();
    if (badNumericConstant(text)) throw this.error('BadNumericConstant', `The numeric constant ${text} is not valid.`, start, end);
    if (/[$'"]/.test(text)) {
      // `Get-$x` would need an expandable command name; PowerShell needs `& "Get-$x"` for that
      throw this.unexpected(start);
    }
    this.i = end;
    return { kind: 'StringConstant', value: decodeNameEscapes(text), stringKind: 'BareWord', extent: this.extent(start) };
  }

  /** `-Name`, `-Name:value`, `-Name: value`; undefined (cursor kept) when the dash starts no parameter. */
  private tryParameter(): A.CommandParameterAst | undefined {
    const start = this.i;
    const first = this.peek(1);
    if (!(/[\p{L}_?]/u.test(first))) return undefined;
    let j = start + 1;
    while (j < this.text.length) {
      const c = this.text.charAt(j);
      if (isBlank(c) || isNewline(c) || c === ':' || ENDS_BAREWORD.has(c)) break;
      if (isSingleQuote(c) || isDoubleQuote(c) || c === '$' || c === '`') return undefined;
      j++;
    }
    const name = this.text.slice(start + 1, j);
    this.i = j;
    if (this.peek() !== ':') return { kind: 'CommandParameter', name, text: this.text.slice(start, j), extent: this.extent(start) };
    this.i++;
    const text = this.text.slice(start, this.i);
    this.skip(false);
    const c = this.peek();
    if (c === '' || isNewline(c) || c === ';' || c === ')' || c === '}' || c === '|' || c === ',') {
      throw ParseErrors.parameterRequiresArgument(name, this.at(start, start + text.length));
    }
    const argument = this.commandArgument();
    return { kind: 'CommandParameter', name, text, argument, extent: this.extent(start) };
  }

  /** One command argument, with commas joining it into an array (`a, b`, `a,-b`), as GetCommandArgument does. */
  private commandArgument(): A.ExpressionAst {
    const start = this.i;
    const items: A.ExpressionAst[] = [this.commandArgumentElement()];
    for (;;) {
      const save = this.i;
      this.skip(false);
      if (this.peek() !== ',') {
        this.i = save;
        break;
      }
      const comma = this.i++;
      this.skip(true);
      const c = this.peek();
      if (c === '' || isNewline(c) || c === ';' || c === ')' || c === '}' || c === '|' || c === ',' || (c === '&') || c === '>' || c === '<') {
        throw this.incomplete('MissingExpression', "Missing expression after ',' in pipeline element.", comma + 1);
      }
      if (isDash(c) && isDash(this.peek(1)) && (isBlank(this.peek(2)) || this.peek(2) === '')) {
        throw this.incomplete('MissingExpression', "Missing expression after ',' in pipeline element.", comma + 1);
      }
      // after a comma a `-word` is not a parameter but a bareword item, as in PowerShell
      items.push(this.commandArgumentElement());
    }
    if (items.length === 1) return items[0];
    return { kind: 'ArrayLiteral', elements: items, extent: this.extent(start) };
  }

  /** One element of a command argument (argument mode). */
  private commandArgumentElement(): A.ExpressionAst {
    const start = this.i;
    const c = this.peek();
    if (c === '@' && isVariableChar(this.peek(1))) {
      this.i++;
      const name = this.variableName();
      return { kind: 'Variable', name, splatted: true, extent: this.extent(start) };
    }
    if (c === '$' || c === '(' || c === '{' || (c === '@' && (this.peek(1) === '(' || this.peek(1) === '{' || this.peek(1) === '"' || this.peek(1) === "'")) || isSingleQuote(c) || isDoubleQuote(c)) {
      const primary = this.primaryWithPostfix();
      // `$home/x` or `'a'b`: more text right after it makes one bareword of the whole
      const next = this.peek();
      if (next !== '' && !isBlank(next) && !isNewline(next) && !ENDS_BAREWORD.has(next)) {
        const rest = this.bareword(this.i);
        const parts: (string | A.ExpressionAst)[] = [primary];
        for (const part of rest.kind === 'ExpandableString' ? rest.parts : [rest.kind === 'StringConstant' ? rest.value : '']) parts.push(part);
        return { kind: 'ExpandableString', parts, stringKind: 'BareWord', extent: this.extent(start) };
      }
      return primary;
    }
    const end = this.barewordExtent(start);
    const number = parseNumber(this.text.slice(start, end));
    if (number !== undefined && typeof number.value === 'number') {
      this.i = end;
      return { kind: 'Constant', value: number.value, text: this.text.slice(start, end), extent: this.extent(start) };
    }
    if (end === start) throw this.unexpected();
    return this.bareword(start);
  }

  /** A bareword of argument mode, with `$var` expansion, backtick escapes and embedded quotes. */
  private bareword(start: number): A.ExpressionAst {
    this.i = start;
    const parts: (string | A.ExpressionAst)[] = [];
    let text = '';
    const flush = () => {
      if (text !== '') parts.push(text);
      text = '';
    };
    while (!this.eof()) {
      const c = this.peek();
      if (isBlank(c) || isNewline(c) || ENDS_BAREWORD.has(c)) break;
      if (c === '`') {
        if (this.isLineContinuation()) break;
        if (this.peek(1) === 'u' && this.peek(2) === '{') {
          text += this.unicodeEscape();
          continue;
        }
        text += backtickEscape(this.peek(1));
        this.i += 2;
        continue;
      }
      if (isSingleQuote(c)) {
        const s = this.singleQuoted();
        text += s.value;
        continue;
      }
      if (isDoubleQuote(c)) {
        const s = this.doubleQuoted();
        if (s.kind === 'StringConstant') text += s.value;
        else {
          for (const part of s.parts) {
            if (typeof part === 'string') text += part;
            else {
              flush();
              parts.push(part);
            }
          }
        }
        continue;
      }
      if (c === '$' && (isVariableChar(this.peek(1)) || this.peek(1) === '{' || this.peek(1) === '(' || this.peek(1) === '$' || this.peek(1) === '^')) {
        flush();
        parts.push(this.peek(1) === '(' ? this.subExpression() : this.variable());
        continue;
      }
      text += c;
      this.i++;
    }
    flush();
    const extent = this.extent(start);
    if (parts.every((p) => typeof p === 'string')) return { kind: 'StringConstant', value: parts.join(''), stringKind: 'BareWord', extent };
    return { kind: 'ExpandableString', parts, stringKind: 'BareWord', extent };
  }

  // -------------------------------------------------------------------------------------
  // Expressions (expression mode), lowest precedence first

  expression(): A.ExpressionAst {
    const start = this.i;
    const condition = this.nullCoalescing();
    this.skip(false);
    // PowerShell's tokenizer: `?` is the ternary's unless `??`, `?.` or `?[` follow (`${true}?1:2`, `0 ?1kb:0xf`);
    // after a plain `$name` it is part of the name (`$true?`), which the variable scanner has taken already
    const after = this.peek(1);
    if (this.peek() === '?' && after !== '?' && after !== '.' && after !== '[' && after !== '') {
      const questionAt = this.i++;
      this.skip(true);
      const ifTrue = this.operand('?', questionAt, () => this.expression());
      this.skip(true);
      if (this.peek() !== ':') throw this.incomplete('MissingColonInTernaryExpression', "Missing ':' in the ternary expression.");
      this.i++;
      this.skip(true);
      const ifFalse = this.expression();
      return { kind: 'Ternary', condition, ifTrue, ifFalse, extent: this.extent(start) };
    }
    return condition;
  }

  /** An expression without the comma operator (method and attribute arguments). */
  private expressionNoComma(): A.ExpressionAst {
    const saved = this.noComma;
    this.noComma = true;
    try {
      return this.expression();
    } finally {
      this.noComma = saved;
    }
  }

  private noComma = false;

  private nullCoalescing(): A.ExpressionAst {
    const start = this.i;
    let left = this.binary(1);
    for (;;) {
      const save = this.i;
      this.skip(false);
      if (this.peek() !== '?' || this.peek(1) !== '?' || this.peek(2) === '=') {
        this.i = save;
        return left;
      }
      const opStart = this.i;
      this.i += 2;
      this.skip(true);
      const right = this.operand('??', opStart, () => this.binary(1));
      left = { kind: 'Binary', operator: '??', caseSensitive: false, operatorText: '??', left, right, extent: this.extent(start) };
    }
  }

  /** The dash operator at the cursor (`-eq`, `-cLike`, `-f`), or undefined. */
  private dashOperator(): { name: string; caseSensitive: boolean; text: string; precedence: number } | undefined {
    if (!isDash(this.peek())) return undefined;
    const m = /^[\p{L}]+/u.exec(this.text.slice(this.i + 1));
    if (!m) return undefined;
    const after = this.text.charAt(this.i + 1 + m[0].length);
    if (isWordChar(after) || after === '-') return undefined;
    const word = m[0].toLowerCase();
    let name = word;
    let caseSensitive = false;
    if (!(name in BINARY_PRECEDENCE)) {
      const stripped = word.slice(1);
      if ((word[0] === 'c' || word[0] === 'i') && CASE_OPERATORS.has(stripped)) {
        name = stripped;
        caseSensitive = word[0] === 'c';
      } else {
        return undefined;
      }
    }
    return { name, caseSensitive, text: this.text.slice(this.i, this.i + 1 + m[0].length), precedence: BINARY_PRECEDENCE[name] };
  }

  /** The binary operator at the cursor with its precedence, or undefined. */
  private binaryOperator(): { op: A.BinaryOperator; caseSensitive: boolean; text: string; precedence: number } | undefined {
    const c = this.peek();
    if (isDash(c)) {
      const dash = this.dashOperator();
      if (dash !== undefined) return { op: `-${dash.name}` as A.BinaryOperator, caseSensitive: dash.caseSensitive, text: dash.text, precedence: dash.precedence };
      if (this.peek(1) === '=' || isDash(this.peek(1))) return undefined;
      return { op: '-', caseSensitive: false, text: c, precedence: 4 };
    }
    if (c === '+' && this.peek(1) !== '=' && this.peek(1) !== '+') return { op: '+', caseSensitive: false, text: '+', precedence: 4 };
    if ((c === '*' || c === '/' || c === '%') && this.peek(1) !== '=') return { op: c as A.BinaryOperator, caseSensitive: false, text: c, precedence: 5 };
    if (c === '.' && this.peek(1) === '.') return { op: '..', caseSensitive: false, text: '..', precedence: 7 };
    return undefined;
  }

  /** Precedence climbing over PowerShell's levels: logical 1, bitwise 2, comparison 3, additive 4, multiplicative 5, -f 6, range 7. */
  private binary(level: number): A.ExpressionAst {
    if (level > 7) return this.arrayLiteral();
    const start = this.i;
    let left = this.binary(level + 1);
    for (;;) {
      const save = this.i;
      this.skip(false);
      const op = this.binaryOperator();
      if (op === undefined || op.precedence !== level) {
        this.i = save;
        return left;
      }
      const opStart = this.i;
      this.i += op.text.length;
      this.skip(true);
      const right = this.operand(op.text, opStart, () => this.binary(level + 1));
      left = { kind: 'Binary', operator: op.op, caseSensitive: op.caseSensitive, operatorText: op.text, left, right, extent: this.extent(start) };
    }
  }

  /** The right operand of an operator; MissingExpressionAfterOperator when there is none. */
  private operand(operator: string, opStart: number, read: () => A.ExpressionAst): A.ExpressionAst {
    const c = this.peek();
    // nor does a backtick that is no line continuation (`+ ``, `+ `#`), a bare word (`?? Get-Thing`: commands are
    // not values), `?`, `=`, `:` or a `.` that starts no number (`$x ?.name` is a ternary missing its value)
    const bare = /[\p{L}_?=:`]/u.test(c) || (c === '.' && !/\d/.test(this.peek(1)));
    if (c === '' || c === ';' || c === ')' || c === '}' || c === ']' || c === '|' || isNewline(c) || c === ',' || bare) {
      throw this.incomplete('ExpectedValueExpression', `You must provide a value expression following the '${operator}' operator.`, opStart);
    }
    return read();
  }

  private arrayLiteral(): A.ExpressionAst {
    const start = this.i;
    const first = this.unary();
    if (this.noComma) return first;
    const elements = [first];
    for (;;) {
      const save = this.i;
      this.skip(false);
      if (this.peek() !== ',') {
        this.i = save;
        break;
      }
      const comma = this.i++;
      this.skip(true);
      const c = this.peek();
      if (c === '' || c === ';' || c === ')' || c === '}' || c === ']' || c === '|' || c === ',') {
        throw this.incomplete('MissingExpressionAfterToken', "Missing expression after ','.", comma);
      }
      elements.push(this.unary());
    }
    if (elements.length === 1) return first;
    return { kind: 'ArrayLiteral', elements, extent: this.extent(start) };
  }

  private unary(): A.ExpressionAst {
    const start = this.i;
    const c = this.peek();
    const prefix = (operator: A.UnaryOperator, length: number, text: string): A.ExpressionAst => {
      this.i += length;
      this.skip(true);
      this.enter(start);
      try {
        const operand = this.operand(text, start, () => this.unary());
        return { kind: 'Unary', operator, operand, extent: this.extent(start) };
      } finally {
        this.leave();
      }
    };
    if (c === '!') return prefix('!', 1, '!');
    if (c === ',') {
      this.i++;
      this.skip(true);
      this.enter(start);
      try {
        const operand = this.operand(',', start, () => this.unary());
        return { kind: 'Unary', operator: ',', operand, extent: this.extent(start) };
      } finally {
        this.leave();
      }
    }
    if (c === '+' && this.peek(1) === '+') return prefix('++', 2, '++');
    if (isDash(c) && isDash(this.peek(1))) return prefix('--', 2, '--');
    if (isDash(c)) {
      const dash = this.dashOperator();
      const word = /^[\p{L}]+/u.exec(this.text.slice(this.i + 1))?.[0]?.toLowerCase();
      if (word === 'not' || word === 'bnot') return prefix(`-${word}` as A.UnaryOperator, 1 + word.length, `-${word}`);
      if (dash !== undefined && (dash.name === 'split' || dash.name === 'join') && word === dash.name) return prefix(`-${dash.name}` as A.UnaryOperator, 1 + word.length, `-${word}`);
      if (dash !== undefined) throw this.unexpected(start);
      // `-5` is a negative number literal; `- $x` negation
      const number = /^[-\u2013\u2014\u2015](?:0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(?:[a-z]{0,2})(?:kb|mb|gb|tb|pb)?/i.exec(this.text.slice(this.i));
      if (number !== null && parseNumber(number[0]) !== undefined && !isWordChar(this.text.charAt(this.i + number[0].length))) {
        return this.postfix(this.numberLiteral(), start);
      }
      return prefix('-', 1, '-');
    }
    if (c === '+') return prefix('+', 1, '+');
    if (c === '[') {
      // a cast `[int]$x`, or a type literal `[int]` (with `::` members)
      const save = this.i;
      this.i++;
      this.skip(false);
      const typeName = this.typeName();
      this.skip(false);
      if (this.peek() !== ']') throw this.incomplete('EndSquareBracketExpectedAtEndOfAttribute', 'Missing ] at end of attribute or type literal.');
      this.i++;
      // `[int]::MaxValue` (static) and `[int].FullName` (the type's own members; `[int].5` is a cast of .5)
      if ((this.peek() === ':' && this.peek(1) === ':') || (this.peek() === '.' && /[\p{L}_$'"(]/u.test(this.peek(1)))) {
        const type: A.TypeExpressionAst = { kind: 'TypeExpression', typeName, extent: this.extent(save) };
        return this.postfix(type, save);
      }
      const after = this.i;
      this.skip(false);
      if (this.startsUnaryOperand()) {
        this.enter(start);
        try {
          const operand = this.unary();
          return { kind: 'Convert', typeName, operand, extent: this.extent(start) };
        } finally {
          this.leave();
        }
      }
      this.i = after;
      return this.postfix({ kind: 'TypeExpression', typeName, extent: this.extent(save) }, save);
    }
    return this.primaryWithPostfix();
  }

  /** Whether what follows a `[type]` is an operand to convert (not an operator or an end). */
  private startsUnaryOperand(): boolean {
    const c = this.peek();
    if (c === '' || isNewline(c) || ';,)}]|='.includes(c)) return false;
    if (isDash(c)) {
      const dash = this.dashOperator();
      if (dash !== undefined) return dash.name === 'split' || dash.name === 'join' ? false : false;
      return /[\d.]/.test(this.peek(1)) || /^(not|bnot)\b/i.test(this.text.slice(this.i + 1));
    }
    if (c === '.' && this.peek(1) === '.') return false;
    if ((c === '*' || c === '/' || c === '%') ) return false;
    if (c === '+') return this.peek(1) === '+' || /[\d.$(]/.test(this.peek(1));
    return true;
  }

  private primaryWithPostfix(): A.ExpressionAst {
    const start = this.i;
    return this.postfix(this.primary(), start);
  }

  /** Member access, method calls, indexing and postfix ++/-- after a value (no blank before them). */
  private postfix(target: A.ExpressionAst, start: number): A.ExpressionAst {
    let value = target;
    for (;;) {
      const c = this.peek();
      const nullConditional = c === '?' && (this.peek(1) === '.' || this.peek(1) === '[') && value.kind === 'Variable' && this.text.charAt(value.extent.end - 1) === '}';
      const at = nullConditional ? this.i + 1 : this.i;
      const d = this.text.charAt(at);
      if (d === '.' && this.text.charAt(at + 1) !== '.' || (d === ':' && this.text.charAt(at + 1) === ':')) {
        const isStatic = d === ':';
        this.i = at + (isStatic ? 2 : 1);
        const memberStart = this.i;
        let member: A.ExpressionAst;
        if (this.peek() === '$') member = this.variable();
        else if (isSingleQuote(this.peek())) member = this.singleQuoted();
        else if (isDoubleQuote(this.peek())) member = this.doubleQuoted();
        else if (this.peek() === '(') member = this.parenExpression();
        else {
          while (isWordChar(this.peek())) this.i++;
          if (this.i === memberStart) throw this.incomplete('MissingPropertyName', 'Missing property name after reference operator.', memberStart);
          member = { kind: 'StringConstant', value: this.text.slice(memberStart, this.i), stringKind: 'BareWord', extent: this.extent(memberStart) };
        }
        if (this.peek() === '(') {
          const args = this.methodArguments();
          value = { kind: 'InvokeMember', target: value, member, arguments: args, isStatic, nullConditional, extent: this.extent(start) };
        } else {
          value = { kind: 'Member', target: value, member, isStatic, nullConditional, extent: this.extent(start) };
        }
        continue;
      }
      if (d === '[' && (nullConditional || !isBlank(this.text.charAt(this.i - 1)))) {
        if (value.kind === 'TypeExpression') return value;
        this.i = at + 1;
        this.skip(true);
        if (this.peek() === ']') throw this.incomplete('MissingArrayIndexExpression', 'Array index expression is missing or not valid.');
        const index = this.expression();
        this.skip(true);
        this.expect(']', 'MissingEndSquareBracket', "Missing ']' after array index expression.");
        value = { kind: 'Index', target: value, index, nullConditional, extent: this.extent(start) };
        continue;
      }
      if ((c === '+' && this.peek(1) === '+') || (isDash(c) && isDash(this.peek(1)) && !isWordChar(this.peek(2)))) {
        if (value.kind !== 'Variable' && value.kind !== 'Member' && value.kind !== 'Index') return value;
        this.i += 2;
        return { kind: 'Unary', operator: c === '+' ? 'postfix++' : 'postfix--', operand: value, extent: this.extent(start) };
      }
      return value;
    }
  }

  private methodArguments(): A.ExpressionAst[] {
    const open = this.i++;
    const args: A.ExpressionAst[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === ')') {
        this.i++;
        return args;
      }
      if (args.length > 0) {
        if (this.peek() !== ',') throw this.incomplete('MissingEndParenthesisInMethodCall', "Missing ')' in method call.", this.eof() ? open : this.i);
        this.i++;
        this.skip(true);
      }
      if (this.eof()) throw this.incomplete('MissingEndParenthesisInMethodCall', "Missing ')' in method call.", open);
      args.push(this.expressionNoComma());
    }
  }

  private primary(): A.ExpressionAst {
    const start = this.i;
    const c = this.peek();
    if (c === '$') {
      if (this.peek(1) === '(') return this.subExpression();
      return this.variable();
    }
    if (c === '@') {
      const d = this.peek(1);
      if (d === '(') return this.subExpression('ArrayExpression');
      if (d === '{') return this.hashtable();
      if (isDoubleQuote(d) || isSingleQuote(d)) return this.hereString();
      if (isVariableChar(d)) {
        this.i++;
        const name = this.variableName();
        throw this.error('SplattingNotPermitted', `The splatting operator '@' cannot be used to reference variables in an expression. '@${name}' can be used only as an argument to a command. To reference variables in an expression use '$${name}'.`, start, this.i);
      }
      throw this.unexpected();
    }
    if (c === '(') return this.parenExpression();
    if (c === '{') return this.scriptBlockExpression();
    if (isSingleQuote(c)) return this.singleQuoted();
    if (isDoubleQuote(c)) return this.doubleQuoted();
    if (/[\d.]/.test(c)) {
      const number = this.tryNumberLiteral();
      if (number !== undefined) return number;
    }
    if (c === '') throw this.unexpected();
    throw this.unexpected(start);
  }

  private tryNumberLiteral(): A.ConstantExpressionAst | undefined {
    const m = /^(?:0x[0-9a-f]+|0b[01]+|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(?:ul|uy|us|l|u|y|s|n|d)?(?:kb|mb|gb|tb|pb)?/i.exec(this.text.slice(this.i));
    if (!m || isWordChar(this.text.charAt(this.i + m[0].length))) return undefined;
    // `1.` followed by `.` is `1..x`
    let raw = m[0];
    if (raw.endsWith('.') && this.text.charAt(this.i + raw.length) === '.') raw = raw.slice(0, -1);
    if (/^\d+\.$/.test(raw) && /[\p{L}_]/u.test(this.text.charAt(this.i + raw.length))) raw = raw.slice(0, -1);
    const literal = parseNumber(raw);
    if (literal === undefined || typeof literal.value !== 'number') return undefined;
    const start = this.i;
    this.i += raw.length;
    return { kind: 'Constant', value: literal.value, text: raw, extent: this.extent(start) };
  }

  private numberLiteral(): A.ConstantExpressionAst {
    const start = this.i;
    const m = /^[-\u2013\u2014\u2015]?(?:0x[0-9a-f]+|0b[01]+|(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(?:ul|uy|us|l|u|y|s|n|d)?(?:kb|mb|gb|tb|pb)?/i.exec(this.text.slice(this.i));
    let raw = m?.[0] ?? '';
    if (raw.endsWith('.') && this.text.charAt(this.i + raw.length) === '.') raw = raw.slice(0, -1);
    const literal = parseNumber(raw);
    if (literal === undefined || typeof literal.value !== 'number') throw this.unexpected(start);
    this.i += raw.length;
    return { kind: 'Constant', value: literal.value, text: raw, extent: this.extent(start) };
  }

  private parenExpression(): A.ParenExpressionAst {
    const start = this.i;
    this.enter(start);
    try {
      this.i++;
      this.skip(true);
      if (this.peek() === ')') throw this.incomplete('ExpectedExpression', "An expression was expected after '('.", start + 1);
      const saved = this.noComma;
      this.noComma = false;
      let pipeline: A.PipelineBaseAst;
      try {
        const statement = this.statement();
        if (statement.kind !== 'Pipeline' && statement.kind !== 'PipelineChain' && statement.kind !== 'Assignment') throw this.unexpected(statement.extent.start);
        pipeline = statement;
      } finally {
        this.noComma = saved;
      }
      this.skip(true);
      if (this.peek() !== ')') {
        if (this.eof()) throw this.incomplete('MissingEndParenthesisInExpression', "Missing closing ')' in expression.", start);
        throw this.unexpected();
      }
      this.i++;
      return { kind: 'Paren', pipeline, extent: this.extent(start) };
    } finally {
      this.leave();
    }
  }

  /** `$( ... )` (SubExpression) or `@( ... )` (ArrayExpression): statements up to the `)`. */
  private subExpression(kind: A.SubExpressionAst['kind'] = 'SubExpression'): A.SubExpressionAst {
    const start = this.i;
    this.enter(start);
    try {
      this.i += 2;
      const saved = this.noComma;
      this.noComma = false;
      const statements = this.statementList(')');
      this.noComma = saved;
      if (this.peek() !== ')') throw this.incomplete('MissingEndParenthesisInSubexpression', "Missing closing ')' in subexpression.", start);
      this.i++;
      return { kind, statements, extent: this.extent(start) };
    } finally {
      this.leave();
    }
  }

  private hashtable(): A.HashtableAst {
    const start = this.i;
    this.enter(start);
    try {
      this.i += 2;
      const entries: A.HashtableAst['entries'] = [];
      const constantKeys = new Set<string>();
      const saved = this.noComma;
      this.noComma = false;
      for (;;) {
        this.skipSeparators();
        if (this.peek() === '}') {
          this.i++;
          break;
        }
        if (this.eof()) throw this.incomplete('MissingEndCurlyBrace', "Missing closing '}' in statement block or type definition.", start);
        const keyStart = this.i;
        if (this.peek() === '=') throw this.error('MissingKeyInHashLiteral', "Missing key before '=' in hash literal.");
        const key = this.hashKey();
        if (key.kind === 'StringConstant' || key.kind === 'Constant') {
          const text = key.kind === 'Constant' ? key.text : key.value;
          if (constantKeys.has(text.toLowerCase())) throw ParseErrors.duplicateKeyInHashLiteral(text, this.at(keyStart, this.i));
          constantKeys.add(text.toLowerCase());
        }
        this.skip(false);
        if (this.peek() !== '=') throw this.incomplete('MissingEqualsInHashLiteral', "Missing '=' operator after key in hash literal.", keyStart);
        const equals = this.i++;
        this.skip(true);
        const c = this.peek();
        if (c === '' || c === ';' || c === '}' || isNewline(c)) throw this.incomplete('MissingStatementInHashLiteral', "Missing statement after '=' in hash literal.", equals);
        const value = this.statement();
        entries.push({ key, value });
        this.skip(false);
        const d = this.peek();
        if (!(d === '}' || d === ';' || isNewline(d))) {
          if (d === '') throw this.incomplete('MissingEndCurlyBrace', "Missing closing '}' in statement block or type definition.", start);
          throw this.unexpected();
        }
      }
      this.noComma = saved;
      return { kind: 'Hashtable', entries, extent: this.extent(start) };
    } finally {
      this.leave();
    }
  }

  /** A hash literal key: a bareword label, or a unary expression (string, number, variable, `(...)`). */
  private hashKey(): A.ExpressionAst {
    const start = this.i;
    const c = this.peek();
    if (/[\p{L}_]/u.test(c) || (/\d/.test(c) && this.tryNumberLiteral() === undefined)) {
      let j = this.i;
      while (j < this.text.length && !isBlank(this.text.charAt(j)) && !isNewline(this.text.charAt(j)) && !'=;}'.includes(this.text.charAt(j))) j++;
      this.i = j;
      return { kind: 'StringConstant', value: this.text.slice(start, j), stringKind: 'BareWord', extent: this.extent(start) };
    }
    this.i = start;
    const saved = this.noComma;
    this.noComma = true;
    try {
      return this.unary();
    } finally {
      this.noComma = saved;
    }
  }

  private scriptBlockExpression(): A.ScriptBlockExpressionAst {
    const start = this.i;
    this.i++;
    const saved = this.noComma;
    this.noComma = false;
    const scriptBlock = this.scriptBlockBody(start + 1, '}');
    this.noComma = saved;
    if (this.peek() !== '}') throw this.incomplete('MissingEndCurlyBrace', "Missing closing '}' in statement block or type definition.", start);
    this.i++;
    return { kind: 'ScriptBlockExpression', scriptBlock, extent: this.extent(start) };
  }

  // -------------------------------------------------------------------------------------
  // Variables and strings

  /** A variable name after `$`/`@`: `name`, `scope:name`, `env:PATH`, `_`, `$`, `?`, `^`, or `{any}`. */
  private variableName(): string {
    const start = this.i;
    const c = this.peek();
    if (c === '{') {
      // the first `}` not escaped by a backtick (nor the end of a `u{...} escape) closes the name
      let close = this.i + 1;
      while (close < this.text.length && this.text.charAt(close) !== '}') {
        if (this.text.charAt(close) === '`') {
          const braced = /^`u\{[0-9a-fA-F]{1,6}\}/.exec(this.text.slice(close, close + 10));
          close += braced ? braced[0].length : 2;
        } else close++;
      }
      if (close >= this.text.length) close = -1;
      if (close === -1) throw this.incomplete('EndBraceExpectedAtEndOfVariableName', 'Missing } at end of variable name.', start);
      const name = decodeNameEscapes(this.text.slice(this.i + 1, close));
      if (name === '') throw this.error('EmptyBracedVariableName', 'Braced variable name cannot be empty.', start - 1, close + 1);
      this.i = close + 1;
      return name;
    }
    if (c === '$' || c === '^') {
      this.i++;
      return c;
    }
    if (c === '?') {
      this.i++;
      return '?';
    }
    while (/[\p{L}\p{N}_]/u.test(this.peek())) this.i++;
    // `scope:name` / `env:NAME` (a drive-qualified name); `$name:` with nothing after the colon is PowerShell's parse error
    if (this.peek() === ':' && this.peek(1) !== ':' && this.i > start) {
      this.i++;
      const nameStart = this.i;
      while (/[\p{L}\p{N}_?]/u.test(this.peek())) this.i++;
      if (this.i === nameStart) {
        throw this.error('InvalidVariableReferenceWithDrive', "Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name.", start - 1, this.i);
      }
    } else {
      while (this.peek() === '?' ) this.i++;
    }
    if (this.i === start) throw this.error('InvalidVariableReference', "Variable reference is not valid. '$' was not followed by a valid variable name character. Consider using ${} to delimit the name.", start - 1, start);
    return this.text.slice(start, this.i);
  }

  private variable(): A.VariableExpressionAst {
    const start = this.i;
    this.i++;
    const name = this.variableName();
    return { kind: 'Variable', name, splatted: false, extent: this.extent(start) };
  }

  private singleQuoted(): A.StringConstantExpressionAst {
    const start = this.i;
    this.i++;
    let value = '';
    for (;;) {
      if (this.eof()) throw this.incomplete('TerminatorExpectedAtEndOfString', "The string is missing the terminator: '.", start);
      const c = this.peek();
      if (isSingleQuote(c)) {
        if (isSingleQuote(this.peek(1))) {
          value += c;
          this.i += 2;
          continue;
        }
        this.i++;
        break;
      }
      value += c;
      this.i++;
    }
    return { kind: 'StringConstant', value, stringKind: 'SingleQuoted', extent: this.extent(start) };
  }

  private doubleQuoted(): A.StringConstantExpressionAst | A.ExpandableStringExpressionAst {
    const start = this.i;
    this.i++;
    const parts = this.expandableParts((c) => {
      if (!isDoubleQuote(c)) return false;
      if (isDoubleQuote(this.peek(1))) return 'escape';
      return true;
    }, start, '"');
    return stringNode(parts, 'DoubleQuoted', this.extent(start));
  }

  /** `@"`...`"@` and `@'`...`'@`: the header ends its line, the footer starts one. */
  private hereString(): A.ExpressionAst {
    const start = this.i;
    const quote = this.peek(1);
    const double = isDoubleQuote(quote);
    this.i += 2;
    while (isBlank(this.peek())) this.i++;
    if (!isNewline(this.peek())) throw this.error('UnexpectedCharactersAfterHereStringHeader', 'No characters are allowed after a here-string header but before the end of the line.', this.i);
    if (this.peek() === '\r') this.i++;
    if (this.peek() === '\n') this.i++;
    const bodyStart = this.i;
    const footer = new RegExp(`(\\r?\\n)${double ? '["\u201c\u201d\u201e]' : "['\u2018\u2019\u201a\u201b]"}@`, 'g');
    footer.lastIndex = bodyStart - 1 >= 0 && isNewline(this.text.charAt(bodyStart - 1)) ? bodyStart - 1 - (this.text.charAt(bodyStart - 2) === '\r' ? 1 : 0) : bodyStart;
    let match: RegExpExecArray | null;
    // an empty here-string: the footer right after the header's line break
    let bodyEnd = -1;
    let footerEnd = -1;
    if (isDoubleQuote(this.peek()) === double && (double ? isDoubleQuote(this.peek()) : isSingleQuote(this.peek())) && this.peek(1) === '@') {
      bodyEnd = bodyStart;
      footerEnd = bodyStart + 2;
    } else {
      footer.lastIndex = bodyStart;
      while ((match = footer.exec(this.text)) !== null) {
        bodyEnd = match.index;
        footerEnd = match.index + match[0].length;
        break;
      }
    }
    if (bodyEnd === -1) {
      const terminator = double ? '"@' : "'@";
      throw this.incomplete('TerminatorExpectedAtEndOfString', `The string is missing the terminator: ${terminator}.`, start);
    }
    if (!double) {
      this.i = footerEnd;
      return { kind: 'StringConstant', value: this.text.slice(bodyStart, bodyEnd), stringKind: 'SingleQuotedHereString', extent: this.extent(start) };
    }
    this.i = bodyStart;
    const parts = this.expandableParts(() => this.i >= bodyEnd, start, '"@', bodyEnd);
    this.i = footerEnd;
    return stringNode(parts, 'DoubleQuotedHereString', this.extent(start));
  }

  /**
   * The parts of an expandable string up to its end (`isEnd` true: consumed, 'escape': a doubled
   * quote). `$name`, `${name}` and `$(...)` are expanded; `$name.Prop` and `$name[0]` are not
   * (PowerShell expands only the variable there). Backtick escapes apply.
   */
  private expandableParts(isEnd: (c: string) => boolean | 'escape', start: number, terminator: string, limit = this.text.length): (string | A.ExpressionAst)[] {
    const parts: (string | A.ExpressionAst)[] = [];
    let text = '';
    const flush = () => {
      if (text !== '') parts.push(text);
      text = '';
    };
    for (;;) {
      if (this.i >= limit) {
        if (limit < this.text.length) break;
        throw this.incomplete('TerminatorExpectedAtEndOfString', `The string is missing the terminator: ${terminator}.`, start);
      }
      const c = this.peek();
      const end = isEnd(c);
      if (end === 'escape') {
        text += c;
        this.i += 2;
        continue;
      }
      if (end) {
        if (limit === this.text.length) this.i++;
        break;
      }
      if (c === '`') {
        const e = this.peek(1);
        if (e === 'u') {
          text += this.unicodeEscape();
          continue;
        }
        text += backtickEscape(e);
        this.i += e === '' ? 1 : 2;
        continue;
      }
      if (c === '$') {
        const d = this.peek(1);
        if (d === '(') {
          flush();
          parts.push(this.subExpression());
          continue;
        }
        if (isVariableChar(d) || d === '{' || d === '$' || d === '^') {
          flush();
          parts.push(this.variable());
          continue;
        }
      }
      text += c;
      this.i++;
    }
    flush();
    return parts;
  }

  /** `` `u{hex} `` with PowerShell's tokenizer's errors: no `{`, or a non-hex char within six digits, is InvalidUnicodeEscapeSequence. */
  private unicodeEscape(): string {
    const start = this.i;
    this.i += 2;
    if (this.peek() !== '{') throw ParseErrors.invalidUnicodeEscapeSequence(this.at(start, this.i));
    this.i++;
    const digitsStart = this.i;
    while (/[0-9a-fA-F]/.test(this.peek())) this.i++;
    const digits = this.text.slice(digitsStart, this.i);
    if (this.peek() !== '}') {
      if (digits.length > 6) throw ParseErrors.tooManyDigitsInUnicodeEscapeSequence(this.at(start, this.i));
      throw digits.length < 6 ? ParseErrors.invalidUnicodeEscapeSequence(this.at(start, this.i + 1)) : ParseErrors.missingUnicodeEscapeSequenceTerminator(this.at(start, this.i));
    }
    if (digits.length === 0) throw ParseErrors.invalidUnicodeEscapeSequence(this.at(start, this.i + 1));
    if (digits.length > 6) throw ParseErrors.tooManyDigitsInUnicodeEscapeSequence(this.at(start, this.i + 1));
    const code = parseInt(digits, 16);
    if (code > 0x10ffff) throw ParseErrors.invalidUnicodeEscapeSequenceValue(this.at(start, this.i + 1));
    this.i++;
    return String.fromCodePoint(code);
  }
}

/** A name's escapes (a command or function name, a braced variable name): `u{hex} is its character, any other escaped character itself. */
function decodeNameEscapes(raw: string): string {
  if (!raw.includes('`')) return raw;
  return raw.replace(/`u\{([0-9a-fA-F]{1,6})\}|`(.)/gs, (_, hex?: string, other?: string) => (hex !== undefined ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)) : (other ?? '')));
}

function stringNode(
  parts: (string | A.ExpressionAst)[],
  stringKind: 'DoubleQuoted' | 'DoubleQuotedHereString',
  extent: A.Extent,
): A.StringConstantExpressionAst | A.ExpandableStringExpressionAst {
  if (parts.every((p) => typeof p === 'string')) return { kind: 'StringConstant', value: parts.join(''), stringKind, extent };
  return { kind: 'ExpandableString', parts, stringKind, extent };
}

/** Assignment targets: a variable, a member, an index, or a typed variable (`[int]$x`); arrays of them. */
/** What may be assigned to: a variable, a property or an element (not through `?.`/`?[]`), a cast variable, and for `=` a list of them. */
function checkAssignable(target: A.ExpressionAst, at: (start: number, end: number) => KrErrorInit, compound = false): void {
  switch (target.kind) {
    case 'Variable':
      return;
    case 'Member':
    case 'Index':
      if (!target.nullConditional) return;
      break;
    case 'Convert':
      if (target.operand.kind === 'Variable') return;
      break;
    case 'ArrayLiteral':
      if (compound) break;
      for (const element of target.elements) checkAssignable(element, at);
      return;
    default:
  }
  throw ParseErrors.parse(
    'InvalidLeftHandSide',
    'The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.',
    at(target.extent.start, target.extent.end),
  );
}

/** Parses a whole script. Throws KrError (ParserError ids, NotSupported, NestingTooDeep). */
export function parseScriptBlock(text: string, file?: string): { ast: A.ScriptBlockAst; source: SourceText } {
  const source = new SourceText(text, file);
  return { ast: new Parser(source).parseScript(), source };
}
