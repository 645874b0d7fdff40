// The evaluator: walks the syntax tree (src/params/ast.ts) and gives it PowerShell's
// behaviour: scopes and variables ($env:, automatic variables), operators, control flow,
// try/catch/finally, script blocks, functions, splatting and pipelines. Commands (compiled
// cmdlets and script functions alike) run through the runspace's command processors, bound by
// the one binder. Output is pushed through async `emit` callbacks, so a pipeline streams: an
// object reaches the next command as soon as it is written.
//
// Errors as PowerShell has them: a failing statement (a binding error, an unknown command, a
// runtime error) writes its error and the script goes on ($? false, $Error[0]) unless
// $ErrorActionPreference is Stop or a try is around it; `throw` and parse errors terminate.

// static imports only: the bundle has no dynamic import() (its code cache drops the callback); fs/promises loads on first use there
import { appendFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type * as A from '../params/ast.js';
import { BindingErrors, ExitCode, KrError, RuntimeErrors, isKrError, type SourcePosition } from '../params/errors.js';
import { Hashtable, psToString, type PsValue, type SourceText, type ValueExpr } from '../params/values.js';
import type { ArgumentToken, CommandElement, ParameterToken } from '../params/tokenizer.js';
import type { CmdletClass } from './cmdlet.js';
import { ErrorRecord, catchMatches } from './error-record.js';
import { binaryOperation, convertTo, isKnownType, limitSeparators, resolveType, toBool, toNumber, toStringWith, wildcardToRegex, toRegex, type MatchResult } from './operators.js';
import { PsCustomObject, PsType, ScriptBlock, getMember, invokeMethod, propertyNames, setMember } from './ps-objects.js';
import { Scope, type ScopeKind } from './scope.js';
import { readDocumentFile } from '../io/read.js';
import { parseScriptBlock } from '../params/parser.js';
import { exitCodeOf } from './exit-code.js';
import { formatObjects } from './out-default.js';
import { normalizePreference } from './preferences.js';

/** `emit` takes one output object; awaiting it lets the next command process it first. */
export type Emit = (value: PsValue) => Promise<void> | void;

/** Control flow, carried as exceptions through the tree walk. */
export class BreakSignal {
  constructor(readonly label?: string) {}
}
export class ContinueSignal {
  constructor(readonly label?: string) {}
}
export class ReturnSignal {}
export class ExitSignal {
  constructor(readonly code: number) {}
}
/** `Select-Object -First n` and friends: the upstream commands stop, the pipeline ends normally. */
export class StopUpstreamSignal {
  constructor(readonly owner: object) {}
}

/** A `throw`: terminates the script (unless caught); its ErrorId is the thrown text, as in PowerShell. */
export class ThrownError extends KrError {
  constructor(
    message: string,
    readonly thrown: PsValue,
  ) {
    super(message, message, { category: 'OperationStopped', exitCode: ExitCode.Failure });
  }
}

/** What the evaluator needs of the runspace around it. */
export interface EvaluationContext {
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  readonly signal: AbortSignal;
  readonly source: SourceText;
  readonly file?: string;
  readonly version: string;
  /** A non-terminating error (written, counted, added to $Error). */
  writeError(error: KrError): void;
  /** The command named `name` (or this command class: a script file's) as a pipeline element processor; undefined when there is none. */
  commandProcessor(
    name: string | CmdletClass,
    elements: CommandElement[],
    options: CommandProcessorOptions,
  ): CommandProcessor | undefined;
  /** Defines a script function in the runspace's command table. */
  defineFunction(definition: A.FunctionDefinitionAst, evaluator: Evaluator, source: SourceText): void;
  /** A script file's command class (a script function not in the command table), run in a new script scope or dot-sourced. */
  scriptCommand(definition: A.FunctionDefinitionAst, evaluator: Evaluator, source: SourceText, scope: 'script' | 'dot'): CmdletClass;
  /** `-?`: the command's help, as output. */
  helpFor(name: string): Promise<PsValue[]>;
  /** Whether the current invocation's ErrorActionPreference (in `scope`) is Stop. */
  errorActionStop(scope: Scope): boolean;
  /** Records $? and $LASTEXITCODE after a command. */
  recordStatus(scope: Scope, exitCode: number): void;
}

export interface CommandProcessorOptions {
  emit: Emit;
  /** False for the first element of a pipeline (no input). */
  expectsInput: boolean;
  scope: Scope;
  position: SourcePosition;
  nameText: string;
  /** Redirections of this element's streams (2>$null, ...). */
  redirections: StreamRedirections;
}

export interface StreamRedirections {
  /** Where each stream goes when redirected: 'null' (dropped), 'output' (merged into output), a file, or undefined (as usual). */
  error?: RedirectTarget;
  warning?: RedirectTarget;
  verbose?: RedirectTarget;
  debug?: RedirectTarget;
  information?: RedirectTarget;
}

/** A file target collects what reaches it (objects, or the text of other streams) and writes it formatted as Out-File does. */
export type RedirectTarget = { kind: 'null' } | { kind: 'output' } | { kind: 'file'; path: string; append: boolean; lines: unknown[] };

export interface CommandProcessor {
  begin(): Promise<void>;
  process(item: PsValue): Promise<void>;
  end(): Promise<void>;
  /** The exit code the command's failure carries (0 when it succeeded). */
  readonly exitCode: number;
  /** The command instance, which StopUpstreamSignal names. */
  readonly owner?: object;
}

const AUTOMATIC_READ_ONLY = new Set(['true', 'false', 'null', '?', 'pid', 'home', 'pwd', 'psversiontable', 'host', 'error', 'executioncontext', 'shellid', 'psitem']);

/** How deep script functions may call each other before CallDepthOverflow (PowerShell's limit is 100 in practice for scripts; kr's stack allows this many). */
const MAX_CALL_DEPTH = 100;

/** Where a script's output goes after `$var = ...` or `$(...)`: collected into a list. */
class Collect {
  readonly items: PsValue[] = [];
  readonly emit: Emit = (value) => {
    this.items.push(value);
  };
}

/** A list result as PowerShell returns it from a pipeline: nothing is $null, one item is itself, more an array. */
export function unwrap(items: PsValue[]): PsValue {
  if (items.length === 0) return null;
  if (items.length === 1) return items[0];
  return items;
}

/** Each item a value enumerates into when it is written to the pipeline (arrays unroll one level). */
export function enumerate(value: PsValue): PsValue[] {
  return Array.isArray(value) ? value : [value];
}

export class Evaluator {
  readonly global: Scope;
  private callDepth = 0;
  /** try blocks around the code being run: errors are caught there, not written. */
  private tryDepth = 0;
  private readonly matchState: MatchResult = {};

  constructor(
    readonly context: EvaluationContext,
    global: Scope,
  ) {
    this.global = global;
  }

  /** The texts of the script blocks running (a dot-sourced file's, a block's own): positions point into the innermost. */
  private readonly sources: SourceText[] = [];

  private get source(): SourceText {
    return this.sources.at(-1) ?? this.context.source;
  }

  position(node: { extent: A.Extent }): SourcePosition {
    return this.source.position(node.extent.start, node.extent.end);
  }

  private at(node: { extent: A.Extent }): { position: SourcePosition; token: string } {
    return { position: this.position(node), token: this.source.text.slice(node.extent.start, node.extent.end) };
  }

  // -------------------------------------------------------------------------------------
  // Script blocks and statements

  /** Runs a whole script (its param block already bound by the caller, if any). */
  async runScript(ast: A.ScriptBlockAst, scope: Scope, emit: Emit): Promise<void> {
    for (const block of [ast.begin, ast.process, ast.end]) if (block) await this.statements(block.statements, scope, emit);
  }

  /** Runs statements; a failing statement writes its error and the next one runs (see the file comment). */
  async statements(list: readonly A.StatementAst[], scope: Scope, emit: Emit): Promise<void> {
    for (const statement of list) {
      if (this.context.signal.aborted) throw RuntimeErrors.interrupted();
      try {
        await this.statement(statement, scope, emit);
      } catch (error) {
        if (!this.isStatementError(error)) throw error;
        const krError = this.withPosition(error as KrError, statement);
        if (this.tryDepth > 0 || this.context.errorActionStop(scope)) throw krError;
        this.context.writeError(krError);
        this.context.recordStatus(scope, krError.exitCode === ExitCode.Success ? ExitCode.Failure : krError.exitCode);
      }
    }
  }

  /** Errors that end only their statement (not throw, exit, flow control, Ctrl+C). */
  private isStatementError(error: unknown): boolean {
    if (!isKrError(error)) return false;
    if (error instanceof ThrownError) return false;
    if (error.exitCode === ExitCode.Interrupted) return false;
    if (error.errorId === 'ActionPreferenceStop' || error.errorId === 'CallDepthOverflow') return false;
    // kr's safety choices: a confirmation nobody could answer (exit 3), and a preference variable
    // given a wrong value ($WhatIfPreference = 'yes' must not let later commands act for real), stop the script
    if (error.exitCode === ExitCode.NeedsConfirmation || error.errorId === 'InvalidPreferenceValue') return false;
    return true;
  }

  private withPosition(error: KrError, node: { extent: A.Extent }): KrError {
    if (!error.position) error.position = this.position(node);
    return error;
  }

  async statement(node: A.StatementAst, scope: Scope, emit: Emit): Promise<void> {
    switch (node.kind) {
      case 'Pipeline':
        return this.pipeline(node, scope, emit);
      case 'PipelineChain':
        return this.pipelineChain(node, scope, emit);
      case 'Assignment':
        await this.assignment(node, scope);
        this.context.recordStatus(scope, -1);
        return;
      case 'If':
        for (const clause of node.clauses) {
          if (toBool(await this.pipelineValue(clause.condition, scope))) return this.statements(clause.body.statements, scope, emit);
        }
        if (node.elseClause) return this.statements(node.elseClause.statements, scope, emit);
        return;
      case 'While':
        return this.loop(node.label, scope, emit, async () => toBool(await this.pipelineValue(node.condition, scope)), node.body);
      case 'DoWhile':
      case 'DoUntil': {
        let first = true;
        return this.loop(node.label, scope, emit, async () => {
          if (first) {
            first = false;
            return true;
          }
          const value = toBool(await this.pipelineValue(node.condition, scope));
          return node.kind === 'DoWhile' ? value : !value;
        }, node.body);
      }
      case 'For': {
        if (node.initializer) await this.pipelineValue(node.initializer, scope);
        let first = true;
        return this.loop(node.label, scope, emit, async () => {
          if (!first && node.iterator) await this.pipelineValue(node.iterator, scope);
          first = false;
          return node.condition ? toBool(await this.pipelineValue(node.condition, scope)) : true;
        }, node.body);
      }
      case 'ForEach': {
        const value = await this.pipelineValue(node.iterable, scope);
        const items = value === null ? [] : enumerate(value instanceof Hashtable ? [value] : value);
        let k = 0;
        return this.loop(node.label, scope, emit, async () => {
          if (k >= items.length) return false;
          this.assignVariable(node.variable.name, items[k++], scope);
          return true;
        }, node.body);
      }
      case 'Switch':
        return this.switchStatement(node, scope, emit);
      case 'Try':
        return this.tryStatement(node, scope, emit);
      case 'Throw':
        return this.throwStatement(node, scope);
      case 'Return':
        if (node.pipeline) await this.statement(node.pipeline, scope, emit);
        throw new ReturnSignal();
      case 'Exit': {
        const value = node.pipeline ? await this.pipelineValue(node.pipeline, scope) : null;
        throw new ExitSignal(node.pipeline ? this.exitCode(value, node.pipeline) : 0);
      }
      case 'Break':
      case 'Continue': {
        const label = node.pipeline ? psToString(await this.pipelineValue(node.pipeline, scope)) : undefined;
        throw node.kind === 'Break' ? new BreakSignal(label) : new ContinueSignal(label);
      }
      case 'FunctionDefinition':
        this.context.defineFunction(node, this, this.source);
        return;
      case 'StatementBlock':
        return this.statements(node.statements, scope, emit);
      default:
        throw ParseErrors_notSupported((node as { kind: string }).kind);
    }
  }

  private exitCode(value: PsValue, node: { extent: A.Extent }): number {
    return exitCodeOf(value, this.position(node));
  }

  private async loop(label: string | undefined, scope: Scope, emit: Emit, next: () => Promise<boolean>, body: A.StatementBlockAst): Promise<void> {
    let turns = 0;
    while (await next()) {
      // every awaited step here may resolve at once (microtasks only): now and then give the event
      // loop a turn, so Ctrl+C and SIGTERM reach the signal handlers of an endless loop
      if (++turns % 256 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.context.signal.aborted) throw RuntimeErrors.interrupted();
      try {
        await this.statements(body.statements, scope, emit);
      } catch (signal) {
        if (signal instanceof BreakSignal && (signal.label === undefined || signal.label.toLowerCase() === label?.toLowerCase())) return;
        if (signal instanceof ContinueSignal && (signal.label === undefined || signal.label.toLowerCase() === label?.toLowerCase())) continue;
        throw signal;
      }
    }
  }

  private async switchStatement(node: A.SwitchStatementAst, scope: Scope, emit: Emit): Promise<void> {
    const value = await this.pipelineValue(node.condition, scope);
    const items = value === null ? [null] : enumerate(value);
    try {
      for (const item of items) {
        let matched = false;
        try {
          for (const clause of node.clauses) {
            if (await this.switchClauseMatches(node, clause.pattern, item, scope)) {
              matched = true;
              scope.set('_', item);
              await this.statements(clause.body.statements, scope, emit);
            }
          }
          if (!matched && node.defaultClause) {
            scope.set('_', item);
            await this.statements(node.defaultClause.statements, scope, emit);
          }
        } catch (signal) {
          if (signal instanceof ContinueSignal && (signal.label === undefined || signal.label.toLowerCase() === node.label?.toLowerCase())) continue;
          throw signal;
        }
      }
    } catch (signal) {
      if (signal instanceof BreakSignal && (signal.label === undefined || signal.label.toLowerCase() === node.label?.toLowerCase())) return;
      throw signal;
    }
  }

  private async switchClauseMatches(node: A.SwitchStatementAst, pattern: A.ExpressionAst, item: PsValue, scope: Scope): Promise<boolean> {
    if (pattern.kind === 'ScriptBlockExpression') {
      const result = await this.invokeScriptBlock(new ScriptBlock(pattern.scriptBlock, this.context.source), [], scope, { dollarUnder: item });
      return toBool(unwrap(result));
    }
    const patternValue = await this.expression(pattern, scope);
    const text = psToString(item);
    const want = psToString(patternValue);
    if (node.flags.regex) {
      const m = toRegex(want, node.flags.caseSensitive).exec(text);
      if (m) {
        const table = new Hashtable();
        m.forEach((g, k) => g !== undefined && table.set(String(k), g));
        scope.set('Matches', table);
      }
      return m !== null;
    }
    if (node.flags.wildcard) return wildcardToRegex(want, node.flags.caseSensitive).test(text);
    if (typeof item === 'number' && typeof patternValue === 'number') return item === patternValue;
    return node.flags.caseSensitive ? text === want : text.toLowerCase() === want.toLowerCase();
  }

  private async tryStatement(node: A.TryStatementAst, scope: Scope, emit: Emit): Promise<void> {
    try {
      this.tryDepth++;
      try {
        await this.statements(node.body.statements, scope, emit);
      } finally {
        this.tryDepth--;
      }
    } catch (error) {
      if (!isKrError(error) || error.exitCode === ExitCode.Interrupted) throw error;
      const handler = node.catches.find((c) => c.typeNames.length === 0 || c.typeNames.some((t) => catchMatches(error, t)));
      if (handler === undefined) {
        if (node.finallyBlock) await this.statements(node.finallyBlock.statements, scope, emit);
        throw error;
      }
      const previous = scope.getOwn('_');
      scope.set('_', new ErrorRecord(error));
      scope.set('PSItem', new ErrorRecord(error));
      try {
        await this.statements(handler.body.statements, scope, emit);
      } finally {
        if (previous !== undefined) scope.set('_', previous);
        if (node.finallyBlock) await this.statements(node.finallyBlock.statements, scope, emit);
      }
      return;
    }
    if (node.finallyBlock) await this.statements(node.finallyBlock.statements, scope, emit);
  }

  private async throwStatement(node: A.FlowStatementAst, scope: Scope): Promise<never> {
    const value = node.pipeline ? await this.pipelineValue(node.pipeline, scope) : null;
    if (value instanceof ErrorRecord) throw value.error;
    const message = value === null ? 'ScriptHalted' : psToString(value);
    const error = new ThrownError(message, value);
    error.position = this.position(node);
    throw error;
  }

  // -------------------------------------------------------------------------------------
  // Pipelines

  /** A pipeline's output as one value (what `$x = ...`, `if (...)` and `(...)` see). */
  async pipelineValue(node: A.PipelineBaseAst, scope: Scope): Promise<PsValue> {
    const collect = new Collect();
    if (node.kind === 'Assignment') {
      await this.assignment(node, scope);
      return null;
    }
    // an expression alone is its value, not unrolled: `$a = @(1)` keeps the array, `(,1).Count` is 1
    const single = soleExpression(node);
    if (single !== undefined) {
      const value = await this.expression(single, scope);
      this.context.recordStatus(scope, -1);
      return isVoidish(single) ? null : value;
    }
    await this.statement(node, scope, collect.emit);
    return unwrap(collect.items);
  }

  private async pipelineChain(node: A.PipelineChainAst, scope: Scope, emit: Emit): Promise<void> {
    await this.statement(node.left, scope, emit);
    const succeeded = scope.lookup('?')?.value !== false;
    if (node.operator === '&&' ? succeeded : !succeeded) await this.statement(node.right, scope, emit);
  }

  async pipeline(node: A.PipelineAst, scope: Scope, emit: Emit): Promise<void> {
    if (node.elements.length === 1 && node.elements[0].kind === 'CommandExpression') {
      const element = node.elements[0];
      const redirections = await this.redirections(element.redirections, scope);
      const value = await this.withRedirections(redirections, () => this.expression(element.expression, scope));
      const out = redirections.output;
      for (const item of isVoidish(element.expression) ? [] : enumerate(value)) {
        if (out) out.lines.push(item);
        else await emit(item);
      }
      if (out) await this.flushFile(out);
      this.context.recordStatus(scope, -1);
      return;
    }
    const processors: CommandProcessor[] = [];
    const files: RedirectFile[] = [];
    let downstream: Emit = emit;
    // built last to first, so each element's emit feeds the next one's process()
    for (let k = node.elements.length - 1; k >= 0; k--) {
      const element = node.elements[k];
      const next = downstream;
      const processor = await this.processorFor(element, scope, next, k > 0, files);
      processors.unshift(processor);
      const target = processor;
      downstream = (item) => target.process(item);
    }
    let failure = 0;
    try {
      for (const processor of processors) await processor.begin();
      for (const processor of processors) await processor.end();
    } catch (signal) {
      if (!(signal instanceof StopUpstreamSignal)) throw signal;
      // Select-Object -First: the commands after the one that stopped finish their end blocks
      const stopper = processors.findIndex((p) => p === signal.owner || p.owner === signal.owner);
      if (stopper === -1) throw signal;
      for (const processor of processors.slice(stopper)) await processor.end();
    } finally {
      for (const file of files) await this.flushFile(file);
      failure = processors.reduce((code, p) => (p.exitCode !== 0 ? p.exitCode : code), 0);
    }
    this.context.recordStatus(scope, failure);
  }

  private async processorFor(element: A.PipelineElementAst, scope: Scope, emit: Emit, expectsInput: boolean, files: RedirectFile[]): Promise<CommandProcessor> {
    const redirections = await this.redirections(element.redirections, scope);
    if (redirections.output) files.push(redirections.output);
    const out: Emit = redirections.output ? (item) => void redirections.output!.lines.push(item) : emit;
    for (const target of Object.values(redirections.streams)) if (target?.kind === 'file') files.push(target as RedirectFile);
    if (element.kind === 'CommandExpression') {
      return {
        exitCode: 0,
        begin: async () => undefined,
        process: async () => undefined,
        end: async () => {
          const value = await this.expression(element.expression, scope);
          for (const item of enumerate(value)) await out(item);
        },
      };
    }
    return this.commandProcessor(element, scope, out, expectsInput, redirections.streams);
  }

  private async commandProcessor(node: A.CommandAst, scope: Scope, emit: Emit, expectsInput: boolean, streams: StreamRedirections): Promise<CommandProcessor> {
    const [nameElement, ...rest] = node.elements;
    const position = this.position(node);
    // & { ... } / . { ... } / & $scriptBlock: a script block as a command
    if (node.invocationOperator !== undefined && nameElement.kind !== 'StringConstant') {
      const target = await this.expression(nameElement as A.ExpressionAst, scope);
      if (target instanceof ScriptBlock) return this.scriptBlockProcessor(target, rest, scope, emit, node.invocationOperator === '.');
      const name = psToString(target);
      if (isScriptPath(name)) return this.scriptFileProcessor(name, rest, node, scope, emit, expectsInput, streams);
      return this.namedCommand(name, name, rest, node, scope, emit, expectsInput, streams, position);
    }
    const nameText = nameElement.kind === 'StringConstant' ? nameElement.value : psToString(await this.expression(nameElement as A.ExpressionAst, scope));
    if (isScriptPath(nameText)) return this.scriptFileProcessor(nameText, rest, node, scope, emit, expectsInput, streams);
    return this.namedCommand(nameText, nameText, rest, node, scope, emit, expectsInput, streams, position);
  }

  private async namedCommand(
    name: string,
    nameText: string,
    rest: A.CommandElementAst[],
    node: A.CommandAst,
    scope: Scope,
    emit: Emit,
    expectsInput: boolean,
    redirections: StreamRedirections,
    position: SourcePosition,
  ): Promise<CommandProcessor> {
    if (rest.some((e) => e.kind === 'CommandParameter' && e.name === '?')) {
      const help = await this.context.helpFor(name);
      return { exitCode: 0, begin: async () => undefined, process: async () => undefined, end: async () => { for (const line of help) await emit(line); } };
    }
    const elements = await this.commandElements(rest, scope);
    const processor = this.context.commandProcessor(name, elements, { emit, expectsInput, scope, position, nameText, redirections });
    if (processor === undefined) {
      const nameNode = node.elements[0];
      throw BindingErrors.commandNotFound(nameText, { position: this.position(nameNode), token: nameText });
    }
    return processor;
  }

  /**
   * A script file as a command: `. ./lib.ps1` runs it in the caller's scope (its functions and
   * variables stay), `& ./x.ps1 -Name v` and `./x.ps1` in a new script scope. It is a script
   * function of the one metadata model (its param() block and [CmdletBinding()] bound by the
   * binder, pipeline input included); errors point into the file.
   */
  private async scriptFileProcessor(
    path: string,
    rest: A.CommandElementAst[],
    node: A.CommandAst,
    scope: Scope,
    emit: Emit,
    expectsInput: boolean,
    redirections: StreamRedirections,
  ): Promise<CommandProcessor> {
    const position = this.position(node.elements[0]);
    const file = resolve(this.context.cwd, path);
    let text: string;
    try {
      text = await readDocumentFile(file, MAX_SCRIPT_BYTES);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw BindingErrors.commandNotFound(path, { position, token: path });
      throw new KrError('ScriptFileUnreadable', `Could not read the script file '${path}': ${error instanceof Error ? error.message : String(error)}.`, { category: 'ReadError', position });
    }
    const { ast, source } = parseScriptBlock(text.replace(/^\uFEFF/, ''), file);
    const definition: A.FunctionDefinitionAst = { kind: 'FunctionDefinition', name: path, isFilter: false, body: ast, extent: ast.extent };
    const scriptClass = this.context.scriptCommand(definition, this, source, node.invocationOperator === '.' ? 'dot' : 'script');
    const elements = await this.commandElements(rest, scope);
    return this.context.commandProcessor(scriptClass, elements, { emit, expectsInput, scope, position, nameText: path, redirections })!;
  }

  /** `& { param($a) ... } args` and `. { }` (same scope) as a pipeline element. */
  private scriptBlockProcessor(block: ScriptBlock, rest: A.CommandElementAst[], scope: Scope, emit: Emit, dot: boolean, scopeKind: ScopeKind = 'function'): CommandProcessor {
    const evaluator = this;
    const input: PsValue[] = [];
    return {
      exitCode: 0,
      async begin() {
        /* arguments are evaluated when the block runs */
      },
      async process(item) {
        input.push(item);
      },
      async end() {
        const args: PsValue[] = [];
        const named = new Map<string, PsValue>();
        for (const element of rest) {
          if (element.kind === 'CommandParameter') named.set(element.name, element.argument ? await evaluator.expression(element.argument, scope) : true);
          else if (element.kind === 'Variable' && element.splatted) {
            const value = scope.lookup(element.name)?.value ?? null;
            if (value instanceof Hashtable) for (const [k, v] of value) named.set(k, v);
            else args.push(...enumerate(value));
          } else args.push(await evaluator.expression(element, scope));
        }
        const output = await evaluator.invokeScriptBlock(block, args, scope, { named, input, dot, emit, scopeKind });
        for (const item of output) await emit(item);
      },
    };
  }

  /** Command elements as the binder reads them: parameters, values (splatting expanded). */
  async commandElements(list: readonly A.CommandElementAst[], scope: Scope): Promise<CommandElement[]> {
    const elements: CommandElement[] = [];
    for (const element of list) {
      if (element.kind === 'CommandParameter') {
        if (element.name === '-') continue; // `--`: the elements after it are plain arguments
        const token: ParameterToken = {
          kind: 'parameter',
          name: element.name,
          text: element.text,
          hasColon: element.argument !== undefined,
          position: this.position(element),
        };
        if (element.argument !== undefined) {
          token.argument = await this.valueExpr(element.argument, scope);
          token.argumentText = this.context.source.text.slice(element.argument.extent.start, element.argument.extent.end);
          token.argumentPosition = this.position(element.argument);
        }
        elements.push(token);
        continue;
      }
      if (element.kind === 'Variable' && element.splatted) {
        elements.push(...this.splat(element, scope));
        continue;
      }
      const argument: ArgumentToken = {
        kind: 'argument',
        expr: await this.valueExpr(element, scope),
        text: this.context.source.text.slice(element.extent.start, element.extent.end),
        position: this.position(element),
      };
      elements.push(argument);
    }
    return elements;
  }

  /** `@h` (a hashtable: `-Key:value` each) and `@a` (an array: positional arguments). */
  private splat(node: A.VariableExpressionAst, scope: Scope): CommandElement[] {
    const value = this.variableValue(node.name, scope, node);
    const position = this.position(node);
    const text = `@${node.name}`;
    if (value instanceof Hashtable) {
      return [...value].map(([key, v]): ParameterToken => ({
        kind: 'parameter',
        name: key,
        text: `-${key}:`,
        hasColon: true,
        argument: { kind: 'value', value: v },
        argumentText: text,
        argumentPosition: position,
        position,
      }));
    }
    if (value === null) return [];
    return enumerate(value).map((item): ArgumentToken => ({ kind: 'argument', expr: { kind: 'value', value: item }, text, position }));
  }

  /** An argument for the binder: constants keep their typed text (`007` stays '007' for a [string]). */
  private async valueExpr(node: A.ExpressionAst, scope: Scope): Promise<ValueExpr> {
    if (node.kind === 'Constant') return { kind: 'literal', value: node.value, text: node.text };
    if (node.kind === 'StringConstant') return { kind: 'literal', value: node.value };
    if (node.kind === 'ArrayLiteral' && node.elements.every((e) => e.kind === 'Constant' || e.kind === 'StringConstant')) {
      return { kind: 'array', items: await Promise.all(node.elements.map((e) => this.valueExpr(e, scope))) };
    }
    return { kind: 'value', value: await this.expression(node, scope) };
  }

  // -------------------------------------------------------------------------------------
  // Redirections

  private async redirections(list: readonly A.RedirectionAst[], scope: Scope): Promise<{ output?: RedirectFile; streams: StreamRedirections }> {
    const streams: StreamRedirections = {};
    let output: RedirectFile | undefined;
    const names: Record<string, keyof StreamRedirections> = { '2': 'error', '3': 'warning', '4': 'verbose', '5': 'debug', '6': 'information' };
    for (const r of list) {
      if (r.kind === 'MergingRedirection') {
        if (r.to !== '1') throw new KrError('NotSupported,Redirection', `kr can merge streams only into the output stream (n>&1).`, { category: 'NotImplemented', exitCode: ExitCode.Usage, position: this.position(r) });
        const from = r.from === '*' ? Object.values(names) : r.from === '1' ? [] : [names[r.from]];
        for (const stream of from) streams[stream] = { kind: 'output' };
        continue;
      }
      const targetNode = r.target;
      const isNull = targetNode.kind === 'Variable' && targetNode.name.toLowerCase() === 'null';
      const target: RedirectTarget = isNull ? { kind: 'null' } : { kind: 'file', path: psToString(await this.expression(targetNode, scope)), append: r.append, lines: [] };
      if (r.stream === '1' || r.stream === '*') {
        if (target.kind === 'null') output = { kind: 'file', path: '', append: false, lines: [], discard: true };
        else if (target.kind === 'file') output = target as RedirectFile;
      }
      const affected = r.stream === '*' ? Object.values(names) : r.stream === '1' ? [] : [names[r.stream]];
      for (const stream of affected) streams[stream] = target;
    }
    return { output, streams };
  }

  /** Runs `fn` with stream redirections of an expression statement (errors of a failing expression go to $null too). */
  private async withRedirections<T>(redirections: { streams: StreamRedirections }, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isKrError(error) && this.isStatementError(error) && redirections.streams.error?.kind === 'null') return null as T;
      throw error;
    }
  }

  private async flushFile(file: RedirectFile): Promise<void> {
    if (file.discard || file.path === '') return;
    // PowerShell's Out-File: objects formatted as on screen (tables, lists), 120 columns wide
    const text = formatObjects(file.lines).map((l) => `${l}\n`).join('');
    const path = resolve(this.context.cwd, file.path);
    try {
      if (file.append) await appendFile(path, text, 'utf8');
      else await writeFile(path, text, 'utf8');
    } catch (error) {
      throw new KrError('FileOpenFailure', `Could not write the redirection file '${file.path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, {
        category: 'WriteError',
      });
    }
    file.lines.length = 0;
  }

  // -------------------------------------------------------------------------------------
  // Assignment and variables

  private async assignment(node: A.AssignmentStatementAst, scope: Scope): Promise<void> {
    const collect = new Collect();
    if (node.right.kind === 'Assignment') {
      await this.assignment(node.right, scope);
      collect.items.push(await this.expression(node.right.left, scope));
    } else if (!(node.right.kind === 'Pipeline' && soleExpression(node.right) !== undefined)) {
      await this.statement(node.right, scope, collect.emit);
    }
    let value = unwrap(collect.items);
    const single = node.right.kind === 'Pipeline' ? soleExpression(node.right) : undefined;
    if (single !== undefined && !isVoidish(single)) value = await this.expression(single, scope);
    if (node.operator !== '=') {
      const current = await this.expression(node.left, scope);
      if (node.operator === '??=') {
        if (current !== null) return;
      } else {
        const op = node.operator.slice(0, 1) as A.BinaryOperator;
        value = binaryOperation(op, current, value, false, this.ofs(scope), {});
      }
    }
    await this.assignTo(node.left, value, scope);
  }

  private async assignTo(target: A.ExpressionAst, value: PsValue, scope: Scope): Promise<void> {
    switch (target.kind) {
      case 'Variable':
        this.assignVariable(target.name, value, scope, target);
        return;
      case 'Convert':
        if (target.operand.kind === 'Variable') {
          this.assignVariable(target.operand.name, convertTo(target.typeName, value, this.ofs(scope)), scope, target);
          return;
        }
        break;
      case 'Member': {
        const object = await this.expression(target.target, scope);
        const name = psToString(await this.memberName(target.member, scope));
        setMember(object, name, value);
        return;
      }
      case 'Index': {
        const object = await this.expression(target.target, scope);
        const index = await this.expression(target.index, scope);
        if (object instanceof Hashtable) {
          object.set(psToString(index), value);
          return;
        }
        if (Array.isArray(object)) {
          let k = Math.trunc(toNumber(index));
          if (k < 0) k += object.length;
          if (k < 0 || k >= object.length) throw new KrError('IndexOutOfRange', 'Index was outside the bounds of the array.', { category: 'InvalidOperation' });
          object[k] = value;
          return;
        }
        throw new KrError('CannotIndex', `Unable to index into an object of type ${psToString(object)}.`, { category: 'InvalidOperation' });
      }
      case 'ArrayLiteral': {
        const items = enumerate(value);
        for (let k = 0; k < target.elements.length; k++) {
          const last = k === target.elements.length - 1;
          await this.assignTo(target.elements[k], last ? unwrap(items.slice(k)) : (items[k] ?? null), scope);
        }
        return;
      }
      default:
    }
    throw new KrError('InvalidLeftHandSide', 'The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.', {
      category: 'ParserError',
      exitCode: ExitCode.Usage,
    });
  }

  /** Splits `scope:name`; `env:` and `variable:` are drives. */
  private qualified(name: string): { qualifier?: string; bare: string } {
    const m = /^(global|script|local|private|env|variable|using):(.*)$/i.exec(name);
    return m ? { qualifier: m[1].toLowerCase(), bare: m[2] } : { bare: name };
  }

  assignVariable(name: string, value: PsValue, scope: Scope, node?: { extent: A.Extent }): void {
    const { qualifier, bare } = this.qualified(name);
    if (qualifier === 'env') {
      if (value === null || psToString(value) === '') delete this.context.env[bare];
      else this.context.env[bare] = psToString(value);
      return;
    }
    if (AUTOMATIC_READ_ONLY.has(bare.toLowerCase()) && bare !== '?') {
      throw new KrError('VariableNotWritable', `Cannot overwrite variable ${bare} because it is read-only or constant.`, {
        category: 'NotSpecified',
        ...(node ? { position: this.position(node) } : {}),
      });
    }
    const target = qualifier === 'global' ? this.global : qualifier === 'script' ? scope.nearest('script') : scope;
    // a preference variable takes only its values (InvalidPreferenceValue, exit 2)
    target.set(bare, normalizePreference(bare, value));
  }

  ofs(scope: Scope): string {
    const value = scope.lookup('OFS')?.value;
    return value === undefined || value === null ? ' ' : psToString(value);
  }

  /** A variable's value: automatic ones, `$env:`, scoped names, else the scope chain; an unknown one is $null. */
  variableValue(name: string, scope: Scope, _node?: { extent: A.Extent }): PsValue {
    const { qualifier, bare } = this.qualified(name);
    if (qualifier === 'env') return this.context.env[bare] ?? null;
    const lower = bare.toLowerCase();
    switch (lower) {
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      case 'pid':
        return process.pid;
      case 'home':
        return this.context.env.HOME ?? null;
      case 'pwd':
        return this.context.cwd;
      case 'islinux':
        return process.platform === 'linux';
      case 'iswindows':
        return process.platform === 'win32';
      case 'ismacos':
        return process.platform === 'darwin';
      case 'psversiontable':
        return Hashtable.from({ PSVersion: this.context.version, PSEdition: 'kr', KrVersion: this.context.version, Platform: process.platform, OS: `${process.platform} ${process.arch}`, NodeVersion: process.version });
      case 'psitem':
        return scope.lookup('_')?.value ?? null;
      case 'ofs':
        return scope.lookup('OFS')?.value ?? ' ';
      case 'matches':
        return scope.lookup('Matches')?.value ?? this.matchState.matches ?? null;
      case 'psscriptroot':
        if (this.context.file) return this.context.file.replace(/[/\\][^/\\]*$/, '') || '/';
        return '';
      case 'pscommandpath':
        return this.context.file ?? '';
      default:
    }
    const target = qualifier === 'global' ? this.global : qualifier === 'script' ? scope.nearest('script') : scope;
    if (qualifier === 'local' || qualifier === 'private') return scope.getOwn(bare) ?? null;
    return target.lookup(bare)?.value ?? null;
  }

  // -------------------------------------------------------------------------------------
  // Expressions

  async expression(node: A.ExpressionAst, scope: Scope): Promise<PsValue> {
    switch (node.kind) {
      case 'Constant':
        return node.value;
      case 'StringConstant':
        return node.value;
      case 'ExpandableString': {
        let text = '';
        for (const part of node.parts) {
          if (typeof part === 'string') text += part;
          else text += toStringWith(await this.expression(part, scope), this.ofs(scope));
        }
        return text;
      }
      case 'Variable':
        if (node.splatted) {
          throw new KrError('SplattingNotPermitted', `The splatting operator '@' cannot be used to reference variables in an expression. '@${node.name}' can be used only as an argument to a command. To reference variables in an expression use '$${node.name}'.`, {
            category: 'ParserError',
            exitCode: ExitCode.Usage,
            position: this.position(node),
          });
        }
        return this.variableValue(node.name, scope, node);
      case 'Paren': {
        if (node.pipeline.kind === 'Assignment') {
          await this.assignment(node.pipeline, scope);
          return this.expression(node.pipeline.left, scope);
        }
        return this.pipelineValue(node.pipeline, scope);
      }
      case 'SubExpression': {
        const collect = new Collect();
        await this.statements(node.statements, scope, collect.emit);
        return unwrap(collect.items);
      }
      case 'ArrayExpression': {
        const collect = new Collect();
        await this.statements(node.statements, scope, collect.emit);
        return collect.items;
      }
      case 'ArrayLiteral': {
        const items: PsValue[] = [];
        for (const element of node.elements) items.push(await this.expression(element, scope));
        return items;
      }
      case 'Hashtable': {
        const table = new Hashtable();
        for (const entry of node.entries) {
          const key = await this.expression(entry.key, scope);
          const keyText = psToString(key);
          if (table.has(keyText)) {
            throw new KrError('DuplicateKeyInHashLiteral', `Duplicate keys '${keyText}' are not allowed in hash literals.`, {
              category: 'InvalidOperation',
              position: this.position(entry.key),
            });
          }
          table.set(keyText, entry.value.kind === 'Pipeline' || entry.value.kind === 'PipelineChain' ? await this.pipelineValue(entry.value, scope) : await this.statementValue(entry.value, scope));
        }
        return table;
      }
      case 'ScriptBlockExpression':
        return new ScriptBlock(node.scriptBlock, this.context.source);
      case 'Binary':
        return this.binary(node, scope);
      case 'Unary':
        return this.unary(node, scope);
      case 'Ternary':
        return toBool(await this.expression(node.condition, scope)) ? this.expression(node.ifTrue, scope) : this.expression(node.ifFalse, scope);
      case 'Convert': {
        if (node.typeName.toLowerCase() === 'ordered' && node.operand.kind !== 'Hashtable') {
          throw new KrError('OrderedAttributeOnlyOnHashLiteralNode', 'The ordered attribute can be specified only on a hash literal node.', { category: 'ParserError', exitCode: ExitCode.Usage, position: this.position(node) });
        }
        const value = await this.expression(node.operand, scope);
        return this.located(node, () => convertTo(node.typeName, value, this.ofs(scope)));
      }
      case 'TypeExpression':
        return this.located(node, () => resolveType(node.typeName));
      case 'Member': {
        const target = await this.expression(node.target, scope);
        if (node.nullConditional && target === null) return null;
        const name = psToString(await this.memberName(node.member, scope));
        if (node.isStatic && !(target instanceof PsType)) return null;
        return getMember(target, name);
      }
      case 'InvokeMember': {
        const target = await this.expression(node.target, scope);
        if (node.nullConditional && target === null) return null;
        const name = psToString(await this.memberName(node.member, scope));
        const args: PsValue[] = [];
        for (const a of node.arguments) args.push(await this.expression(a, scope));
        if (target === null) {
          throw new KrError('InvokeMethodOnNull', 'You cannot call a method on a null-valued expression.', { category: 'InvalidOperation', position: this.position(node) });
        }
        const intrinsic = name.toLowerCase();
        if ((intrinsic === 'where' || intrinsic === 'foreach') && !(target instanceof Hashtable && target.has(name))) {
          return this.located(node, () => (intrinsic === 'where' ? this.intrinsicWhere(target, args, scope) : this.intrinsicForEach(target, args, scope)));
        }
        return this.located(node, () =>
          invokeMethod(target, name, args, async (block, blockArgs) => unwrap(await this.invokeScriptBlock(block, blockArgs, scope, {}))),
        );
      }
      case 'Index':
        return this.index(node, scope);
      default:
        throw ParseErrors_notSupported(node.kind);
    }
  }

  /** Runs `fn`, giving an error without a position the node's. */
  private async located<T>(node: { extent: A.Extent }, fn: () => T | Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isKrError(error)) this.withPosition(error, node);
      throw error;
    }
  }

  private async statementValue(node: A.StatementAst, scope: Scope): Promise<PsValue> {
    const collect = new Collect();
    await this.statement(node, scope, collect.emit);
    return unwrap(collect.items);
  }

  private async memberName(member: A.ExpressionAst, scope: Scope): Promise<PsValue> {
    return member.kind === 'StringConstant' ? member.value : this.expression(member, scope);
  }

  private async index(node: A.IndexExpressionAst, scope: Scope): Promise<PsValue> {
    const target = await this.expression(node.target, scope);
    if (node.nullConditional && target === null) return null;
    const index = await this.expression(node.index, scope);
    if (target === null) {
      throw new KrError('NullArray', 'Cannot index into a null array.', { category: 'InvalidOperation', position: this.position(node) });
    }
    if (target instanceof Hashtable) {
      if (Array.isArray(index)) return index.map((k) => target.get(psToString(k)) ?? null);
      return target.get(psToString(index)) ?? null;
    }
    if (index === null) {
      throw new KrError('NullArrayIndex', 'Index operation failed; the array index evaluated to null.', { category: 'InvalidOperation', position: this.position(node) });
    }
    const list = typeof target === 'string' ? [...target] : Array.isArray(target) ? target : [target];
    const one = (i: PsValue): PsValue => {
      let k = Math.trunc(toNumber(i));
      if (k < 0) k += list.length;
      return k >= 0 && k < list.length ? list[k] : null;
    };
    if (Array.isArray(index)) return index.map(one).filter((v) => v !== null);
    return one(index);
  }

  private async binary(node: A.BinaryExpressionAst, scope: Scope): Promise<PsValue> {
    const left = await this.expression(node.left, scope);
    switch (node.operator) {
      case '-and':
        return toBool(left) ? toBool(await this.expression(node.right, scope)) : false;
      case '-or':
        return toBool(left) ? true : toBool(await this.expression(node.right, scope));
      case '-xor':
        return toBool(left) !== toBool(await this.expression(node.right, scope));
      case '??':
        return left !== null ? left : this.expression(node.right, scope);
      default:
    }
    const right = await this.expression(node.right, scope);
    // the script block forms of -split (a predicate per character) and -replace (a substitution per match)
    if (node.operator === '-split') {
      const [predicate, max] = Array.isArray(right) ? [right[0], right[1] ?? 0] : [right, 0];
      if (predicate instanceof ScriptBlock) return this.splitWithScriptBlock(left, predicate, Math.trunc(toNumber(max)), scope);
    }
    if (node.operator === '-replace' && Array.isArray(right) && right[1] instanceof ScriptBlock) {
      return this.replaceWithScriptBlock(left, right[0] ?? '', right[1], node.caseSensitive, scope);
    }
    const state: MatchResult = {};
    const result = await this.located(node, () => binaryOperation(node.operator, left, right, node.caseSensitive, this.ofs(scope), state));
    if (state.matches !== undefined) scope.set('Matches', state.matches);
    return result;
  }

  /**
   * PowerShell's intrinsic `.Where({ ... }, mode, count)` on any value (a scalar is a collection of
   * one): the items for which the block is true; modes First, Last, SkipUntil, Until and Split.
   */
  private async intrinsicWhere(target: PsValue, args: PsValue[], scope: Scope): Promise<PsValue> {
    const [block, modeArg, countArg] = args;
    if (!(block instanceof ScriptBlock)) throw new KrError('MethodArgumentConversionInvalidCastArgument', 'Where() needs a script block as its first argument.', { category: 'InvalidArgument' });
    const mode = psToString(modeArg ?? 'Default').toLowerCase();
    const count = countArg === undefined || countArg === null ? 0 : Math.trunc(toNumber(countArg));
    const items = enumerate(target);
    const test = async (item: PsValue) => toBool(unwrap(await this.invokeScriptBlock(block, [], scope, { dollarUnder: item })));
    const hits: PsValue[] = [];
    const misses: PsValue[] = [];
    let switched = false;
    for (const item of items) {
      const yes = await test(item);
      if (mode === 'skipuntil') {
        if (switched || yes) {
          switched = true;
          hits.push(item);
        }
      } else if (mode === 'until') {
        if (yes) break;
        hits.push(item);
      } else if (yes) hits.push(item);
      else misses.push(item);
      if (mode === 'first' && count > 0 && hits.length >= count) break;
      if (mode === 'first' && count === 0 && hits.length === 1) break;
    }
    if (mode === 'last') return count > 0 ? hits.slice(-count) : hits.slice(-1);
    if (mode === 'split') return [count > 0 ? hits.slice(0, count) : hits, count > 0 ? [...hits.slice(count), ...misses] : misses];
    if ((mode === 'skipuntil' || mode === 'until' || mode === 'default') && count > 0) return hits.slice(0, count);
    return hits;
  }

  /** PowerShell's intrinsic `.ForEach({ ... })`, `.ForEach('Property')` and `.ForEach('Method', args...)`. */
  private async intrinsicForEach(target: PsValue, args: PsValue[], scope: Scope): Promise<PsValue> {
    const [what, ...rest] = args;
    const out: PsValue[] = [];
    for (const item of enumerate(target)) {
      if (what instanceof ScriptBlock) out.push(...(await this.invokeScriptBlock(what, rest, scope, { dollarUnder: item })));
      else if (what instanceof PsType) out.push(convertTo(what.key, item, this.ofs(scope)));
      else {
        const name = psToString(what ?? null);
        const call = () => invokeMethod(item, name, rest, async (block, blockArgs) => unwrap(await this.invokeScriptBlock(block, blockArgs, scope, {})));
        if (rest.length > 0) out.push(await call());
        else {
          // a property by that name, else a method without arguments (`.ForEach('ToUpper')`, as about_Arrays shows)
          const value = getMember(item, name);
          if (value !== null || propertyNames(item).some((n) => n.toLowerCase() === name.toLowerCase())) out.push(value);
          else {
            try {
              out.push(await call());
            } catch (error) {
              if (!(isKrError(error) && error.errorId === 'MethodNotFound')) throw error;
              out.push(null);
            }
          }
        }
      }
    }
    return out;
  }

  /** `-split { $_ -eq ',' }, n`: each character for which the block is true separates (n as for a pattern). */
  private async splitWithScriptBlock(left: PsValue, block: ScriptBlock, max: number, scope: Scope): Promise<PsValue> {
    const out: PsValue[] = [];
    for (const item of enumerate(left)) {
      const text = psToString(item);
      const chars = [...text];
      const separators: number[] = [];
      let offset = 0;
      for (const ch of chars) {
        if (toBool(unwrap(await this.invokeScriptBlock(block, [ch, offset], scope, { dollarUnder: ch })))) separators.push(offset);
        offset += ch.length;
      }
      let last = 0;
      for (const at of limitSeparators(separators, max)) {
        out.push(text.slice(last, at));
        last = at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
      }
      out.push(text.slice(last));
    }
    return out;
  }

  /** `-replace 'p', { ... }`: each match replaced by the block's output, `$_` the match (.Value, .Index, .Length, .Groups). */
  private async replaceWithScriptBlock(left: PsValue, pattern: PsValue, block: ScriptBlock, caseSensitive: boolean, scope: Scope): Promise<PsValue> {
    const regex = toRegex(psToString(pattern), caseSensitive, true);
    const one = async (item: PsValue): Promise<string> => {
      const text = psToString(item);
      let out = '';
      let last = 0;
      for (const m of text.matchAll(regex)) {
        const index = m.index ?? 0;
        const names = Object.keys(m.groups ?? {});
        const groups = [...m].map((value, n) => PsCustomObject.from([['Value', value ?? ''], ['Success', value !== undefined], ['Name', String(n)]]));
        for (const name of names) groups.push(PsCustomObject.from([['Value', m.groups?.[name] ?? ''], ['Success', m.groups?.[name] !== undefined], ['Name', name]]));
        const match = PsCustomObject.from([['Value', m[0]], ['Index', index], ['Length', m[0].length], ['Success', true], ['Groups', groups]]);
        out += text.slice(last, index) + psToString(unwrap(await this.invokeScriptBlock(block, [match], scope, { dollarUnder: match })));
        last = index + m[0].length;
        if (m[0] === '') regex.lastIndex++;
      }
      return out + text.slice(last);
    };
    if (Array.isArray(left)) {
      const results: PsValue[] = [];
      for (const item of left) results.push(await one(item));
      return results;
    }
    return one(left);
  }

  private async unary(node: A.UnaryExpressionAst, scope: Scope): Promise<PsValue> {
    switch (node.operator) {
      case '-not':
      case '!':
        return !toBool(await this.expression(node.operand, scope));
      case '-bnot':
        return ~toNumber(await this.expression(node.operand, scope));
      case '-':
        return this.located(node, async () => -toNumber(await this.expression(node.operand, scope)));
      case '+':
        return this.located(node, async () => toNumber(await this.expression(node.operand, scope)));
      case ',':
        return [await this.expression(node.operand, scope)];
      case '-split': {
        const value = await this.expression(node.operand, scope);
        return enumerate(value).flatMap((item) => psToString(item).trim().split(/\s+/).filter((s) => s !== ''));
      }
      case '-join':
        return enumerate(await this.expression(node.operand, scope)).map(psToString).join('');
      case '++':
      case '--':
      case 'postfix++':
      case 'postfix--': {
        const before = await this.expression(node.operand, scope);
        const after = toNumber(before) + (node.operator.endsWith('++') ? 1 : -1);
        await this.assignTo(node.operand, after, scope);
        return node.operator.startsWith('postfix') ? before : after;
      }
      default:
        throw ParseErrors_notSupported(node.operator);
    }
  }

  // -------------------------------------------------------------------------------------
  // Script blocks as values

  /**
   * Runs a script block (`& $sb`, `$sb.Invoke()`, a switch condition, Where-Object's filter):
   * a new scope (the caller's for `.`), `$args`, its param block bound by name or position, `$_`.
   */
  async invokeScriptBlock(
    block: ScriptBlock,
    args: PsValue[],
    scope: Scope,
    options: { named?: Map<string, PsValue>; input?: PsValue[]; dollarUnder?: PsValue; dot?: boolean; emit?: Emit; scopeKind?: ScopeKind },
  ): Promise<PsValue[]> {
    if (++this.callDepth > MAX_CALL_DEPTH) {
      this.callDepth--;
      throw new KrError('CallDepthOverflow', `The script failed due to call depth overflow.`, { category: 'InvalidOperation' });
    }
    const local = options.dot ? scope : new Scope(options.scopeKind ?? 'function', scope);
    const collect = new Collect();
    this.sources.push(block.source);
    try {
      const rest = [...args];
      const named = new Map([...(options.named ?? new Map<string, PsValue>())].map(([k, v]) => [k.toLowerCase(), v]));
      for (const parameter of block.ast.paramBlock?.parameters ?? []) {
        const key = parameter.name.toLowerCase();
        let value: PsValue;
        if (named.has(key)) {
          value = named.get(key) ?? null;
          named.delete(key);
        } else if (rest.length > 0) value = rest.shift() ?? null;
        else value = parameter.defaultValue ? await this.expression(parameter.defaultValue, local) : null;
        const constraint = parameter.attributes.find((a): a is A.TypeConstraintAst => a.kind === 'TypeConstraint');
        if (constraint && isKnownType(constraint.typeName)) value = convertTo(constraint.typeName, value, this.ofs(scope));
        local.set(parameter.name, value);
      }
      local.set('args', rest);
      if (options.input !== undefined) local.set('input', options.input);
      if (options.dollarUnder !== undefined) local.set('_', options.dollarUnder);
      await this.runScript(block.ast, local, options.emit ?? collect.emit);
    } catch (signal) {
      if (!(signal instanceof ReturnSignal)) throw signal;
    } finally {
      this.sources.pop();
      this.callDepth--;
    }
    return collect.items;
  }

  /** Calls into a script function body (begin/process/end blocks): depth-limited like script blocks. */
  async enterCall<T>(fn: () => Promise<T>, source?: SourceText): Promise<T> {
    if (++this.callDepth > MAX_CALL_DEPTH) {
      this.callDepth--;
      throw new KrError('CallDepthOverflow', `The script failed due to call depth overflow.`, { category: 'InvalidOperation' });
    }
    if (source) this.sources.push(source);
    try {
      return await fn();
    } finally {
      if (source) this.sources.pop();
      this.callDepth--;
    }
  }
}

/** A script file kr runs as a command is read whole; past this it is refused (as kr -f's). */
const MAX_SCRIPT_BYTES = 16 * 1024 * 1024;

/** `./x.ps1`, `../lib/x.ps1`, `/abs/x.ps1`, `C:\\x.ps1`: a path to a script file (PowerShell runs a bare `x.ps1` only from PATH). */
function isScriptPath(name: string): boolean {
  return /\.ps1$/i.test(name) && /[\\/]/.test(name);
}

interface RedirectFile {
  kind: 'file';
  path: string;
  append: boolean;
  lines: unknown[];
  discard?: boolean;
}

/** The expression of a pipeline that is one expression without redirections. */
function soleExpression(node: A.PipelineBaseAst): A.ExpressionAst | undefined {
  if (node.kind !== 'Pipeline' || node.elements.length !== 1) return undefined;
  const element = node.elements[0];
  return element.kind === 'CommandExpression' && element.redirections.length === 0 ? element.expression : undefined;
}

/** `[void](...)`, and `$i++` / `--$i` as a statement of their own, write nothing (as in PowerShell). */
function isVoidish(node: A.ExpressionAst): boolean {
  if (node.kind === 'Convert' && node.typeName.toLowerCase() === 'void') return true;
  return node.kind === 'Unary' && ['++', '--', 'postfix++', 'postfix--'].includes(node.operator);
}

function ParseErrors_notSupported(what: string): KrError {
  return new KrError(`NotSupported,${what}`, `kr does not support ${what} yet: nothing was run.`, { category: 'NotImplemented', exitCode: ExitCode.Usage });
}
