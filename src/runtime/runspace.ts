// A Runspace: the cmdlet registry (case-insensitive names), the variables (preference
// variables included), and `invoke`, which runs a command line and hands back everything
// it produced as one InvocationResult (what `--json` prints).
//
//   const rs = new Runspace({ host, settings: { jar: 'cookies.txt' } });
//   rs.register(MyCmdlet);
//   const result = await rs.invoke('$ConfirmPreference = "Low"; My-Cmdlet -Verbose');
//   const same   = await rs.invoke(['My-Cmdlet', '-Verbose']);          // argv form
//
// A string is parsed with parseScript and its statements run in order (assignments set
// variables, a value on its own goes to the output, `exit n` and a terminating error stop
// the script); argv is one command (argvToCommand).
// The binding trace goes to the debug stream with -Debug or KR_TRACE_BINDING=1.
// An aborted `signal` stops the command: exit 130.
// `createRunspace` in src/index.ts is the same with the built-in cmdlets registered.

import { BindingErrors, ExitCode, KrError, RuntimeErrors, type ErrorRecord } from '../params/errors.js';
import { resolveMetadata, type ActionPreference, type CommandMetadata } from '../params/metadata.js';
import { argvToCommand, type CommandElement, type CommandStatement } from '../params/tokenizer.js';
import { bindArguments, bindPipelineInput, type Binding, type BindTraceEntry } from '../params/binder.js';
import type { FunctionDefinitionAst, ScriptBlockAst } from '../params/ast.js';
import { parseScriptBlock } from '../params/parser.js';
import { SecretSet } from '../params/secrets.js';
import { Hashtable, SourceText, psToString, toJsonValue, type JsonValue, type PsValue } from '../params/values.js';
import { Cmdlet, attachInvocation, type BoundParameters, type CmdletClass, type KrSettings, type StreamSink } from './cmdlet.js';
import { ErrorRecord as PsErrorRecord } from './error-record.js';
import {
  BreakSignal,
  ContinueSignal,
  Evaluator,
  ExitSignal,
  ReturnSignal,
  StopUpstreamSignal,
  type CommandProcessor,
  type CommandProcessorOptions,
  type Emit,
  type EvaluationContext,
  type RedirectTarget,
  type StreamRedirections,
} from './evaluator.js';
import { renderHelp } from './help.js';
import { getMember, propertyNames, type ScriptBlock } from './ps-objects.js';
import { Scope } from './scope.js';
import { ScriptFunction, scriptFunctionClass } from './script-function.js';
import { krVersion } from './version.js';
import type { Environment, Host } from './host.js';
import type { FormatSettings } from './out-default.js';
import { FORMAT_ENUMERATION_LIMIT } from './table-view.js';
import { RecordingHost } from './host-recording.js';
import {
  effectivePreferences,
  initialPreferenceVariables,
  normalizePreference,
  readPreferences,
  type CommonParameterValues,
  type Preferences,
} from './preferences.js';
import { newShouldProcessMemory } from './should-process.js';

export interface InvocationResult {
  /** The canonical name of the (last) command run. */
  command?: string;
  /** Effective parameter values of that command: bound or default, switches as booleans. */
  parameters: Record<string, JsonValue>;
  output: unknown[];
  whatIf: string[];
  warnings: string[];
  verbose: string[];
  debug: string[];
  information: string[];
  errors: ErrorRecord[];
  exitCode: number;
  /** Set when an `exit` statement ended the script (the interactive shell leaves then). */
  exited?: true;
}

export interface RunspaceOptions {
  host?: Host;
  settings?: KrSettings;
  /** Defaults to the host's env. Read for KR_*_PREFERENCE and KR_TRACE_BINDING. */
  env?: Environment;
  cwd?: string;
  cmdlets?: readonly CmdletClass[];
  /** Cmdlets whose declarations the tests already check (kr's own): their metadata is resolved on first use, not at start. */
  checkedCmdlets?: readonly CmdletClass[];
  /**
   * Checked cmdlets whose declarations are not even read until a name is not found among the
   * others, or all commands are listed (kr's core cmdlets: a plain `kr Invoke-KrCookieSignOut`
   * never builds their declarations). Their names must not clash with the others'.
   */
  lazyCmdlets?: readonly CmdletClass[];
  variables?: Record<string, PsValue>;
}

export interface InvokeOptions {
  host?: Host;
  signal?: AbortSignal;
  settings?: KrSettings;
  /** The script file the text came from: positions (and `At file:line char:col`) name it. */
  file?: string;
}

const REDACTED = '********';

function isTraceRequested(env: Environment): boolean {
  const v = env.KR_TRACE_BINDING;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export function formatTraceEntry(entry: BindTraceEntry): string[] {
  const bound = entry.bound.length ? entry.bound.join(', ') : '(none)';
  return [`BIND ${entry.stage.toUpperCase()}: ${bound}`, ...entry.detail.map((d) => `    ${d}`)];
}

function toKrError(error: unknown): KrError {
  if (error instanceof KrError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KrError('UnhandledException', message, { category: 'NotSpecified', exitCode: ExitCode.Failure, cause: error });
}

/** Output objects as a PsValue, for -OutVariable. */
function toPsValue(value: unknown): PsValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Hashtable) return value;
  if (Array.isArray(value)) return value.map(toPsValue);
  if (typeof value === 'object') {
    const table = new Hashtable();
    for (const [k, v] of Object.entries(value)) table.set(k, toPsValue(v));
    return table;
  }
  return String(value);
}

/** JSON for an output object (Hashtables as objects, undefined dropped). */
export function outputToJson(value: unknown): JsonValue {
  if (value instanceof Hashtable) return value.toJSON() as JsonValue;
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof Hashtable ? v.toJSON() : v))) as JsonValue;
}

/** Effective parameters for `--json`: every parameter with a value; unbound declared switches as false. */
export function effectiveParameters(metadata: CommandMetadata, bound: BoundParameters): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  const byFolded = new Map(Object.entries(bound.values).map(([k, v]) => [k.toLowerCase(), v]));
  for (const p of metadata.parameters) {
    const value = byFolded.get(p.name.toLowerCase());
    if (value !== undefined) out[p.name] = p.sensitive && value !== null ? REDACTED : toJsonValue(value);
    else if (p.type === 'switch' && p.origin !== 'common') out[p.name] = false;
  }
  return out;
}

/** A result with nothing in it yet: exit 0, every stream empty. */
export function emptyResult(): InvocationResult {
  return { parameters: {}, output: [], whatIf: [], warnings: [], verbose: [], debug: [], information: [], errors: [], exitCode: ExitCode.Success };
}

/** Collects what one `invoke` produced and shows it on the host as it happens. */
export class ResultCollector implements StreamSink {
  readonly result: InvocationResult = emptyResult();
  private nonTerminatingErrors = 0;
  /** The exit code of the most recent failure (a statement's error carries its own, a non-terminating error 1). */
  private failureCode: number = ExitCode.Success;
  /** Every error written, newest last: the runspace keeps them in $Error. */
  onError?: (error: KrError) => void;

  /** Non-terminating errors so far (a statement that added some failed: `$?` is false). */
  get errorCount(): number {
    return this.nonTerminatingErrors;
  }

  /** What this invocation holds or sends that must never be shown: every text leaving kr passes through it. */
  readonly secrets = new SecretSet();

  constructor(
    private readonly host: Host,
    private readonly source: string,
    private readonly sourceFile?: string,
  ) {}

  /** An error's message with every known secret masked (an HTTP client's text may quote one). */
  private scrubbed(error: KrError): KrError {
    const message = this.secrets.scrub(error.message);
    if (message !== error.message) error.message = message;
    return error;
  }

  /** The $FormatEnumerationLimit and the like the host's formatting reads. */
  formatSettings: () => FormatSettings = () => ({ enumerationLimit: FORMAT_ENUMERATION_LIMIT });

  output(value: unknown): void {
    this.result.output.push(value);
    this.host.writeOutput(value, this.formatSettings());
  }
  error(error: KrError): void {
    this.scrubbed(error);
    this.nonTerminatingErrors++;
    this.failureCode = ExitCode.Failure;
    this.result.errors.push(error.toRecord());
    this.onError?.(error);
    this.host.writeError(error, { source: this.source, sourceFile: this.sourceFile });
  }

  /** An error that ended its statement; the script goes on. The exit code is the error's own. */
  statementError(error: KrError): void {
    this.scrubbed(error);
    this.nonTerminatingErrors++;
    this.failureCode = error.exitCode === ExitCode.Success ? ExitCode.Failure : error.exitCode;
    this.result.errors.push(error.toRecord());
    this.onError?.(error);
    this.host.writeError(error, { source: this.source, sourceFile: this.sourceFile });
  }
  warning(raw: string): void {
    const text = this.secrets.scrub(raw);
    this.result.warnings.push(text);
    this.host.writeWarning(text);
  }
  verbose(raw: string): void {
    const text = this.secrets.scrub(raw);
    this.result.verbose.push(text);
    this.host.writeVerbose(text);
  }
  debug(raw: string): void {
    const text = this.secrets.scrub(raw);
    this.result.debug.push(text);
    this.host.writeDebug(text);
  }
  information(raw: string, tags: readonly string[]): void {
    const text = this.secrets.scrub(raw);
    this.result.information.push(text);
    this.host.writeInformation(text, tags);
  }
  whatIf(raw: string): void {
    const text = this.secrets.scrub(raw);
    this.result.whatIf.push(text);
    this.host.writeWhatIf(text);
  }

  terminating(error: KrError): void {
    this.scrubbed(error);
    this.result.errors.push(error.toRecord());
    this.onError?.(error);
    this.host.writeError(error, { source: this.source, sourceFile: this.sourceFile });
    this.result.exitCode = error.exitCode;
  }

  /** `exit n`: the script ends here with exit code n, whatever failed before. */
  exit(code: number): void {
    this.result.exitCode = code;
    this.result.exited = true;
  }

  finish(): InvocationResult {
    this.host.endOutput?.();
    if (this.result.exited) return this.result;
    if (this.result.exitCode === ExitCode.Success && this.nonTerminatingErrors > 0) this.result.exitCode = this.failureCode;
    return this.result;
  }
}

function abortPromise(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let onAbort: () => void = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(RuntimeErrors.interrupted());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {});
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** What one `invoke` is running with: the evaluator's context reads it (a runspace runs one invoke at a time). */
interface CurrentInvocation {
  collector: ResultCollector;
  host: Host;
  signal: AbortSignal;
  settings: KrSettings | undefined;
  source: SourceText;
  file?: string;
}

/** A pipeline element's sink: output to the next command, the other streams to the result (or where they are redirected). */
/** What one command wrote, for its -OutVariable, -ErrorVariable, -WarningVariable and -InformationVariable. */
interface CommandCapture {
  /** Off once the command is bound without -OutVariable: a long pipeline's objects are not kept twice. */
  keepOutput: boolean;
  output: unknown[];
  errors: KrError[];
  warnings: string[];
  information: string[];
}

/**
 * Where one command's streams go: the next command (output), the collector (the host and the
 * result), or a redirection's target; every record is also captured for the command's own
 * -*Variable parameters, wherever it goes (PowerShell captures before redirection and preference).
 */
function pipelineSink(collector: ResultCollector, emit: Emit, redirections: StreamRedirections, pending: { chain: Promise<void> }, capture: CommandCapture, scope: Scope): StreamSink {
  // the enclosing functions' captures (their -ErrorVariable and friends see what their commands wrote)
  const enclosing: NonNullable<Scope['streamCapture']>[] = [];
  for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) if (s.streamCapture) enclosing.push(s.streamCapture);
  const route = (target: RedirectTarget | undefined, text: string, usual: () => void): void => {
    if (target === undefined) return usual();
    if (target.kind === 'null') return;
    if (target.kind === 'output') {
      pending.chain = pending.chain.then(() => emit(text));
      return;
    }
    target.lines.push(text);
  };
  return {
    output: (value) => {
      if (capture.keepOutput) capture.output.push(value);
      pending.chain = pending.chain.then(() => emit(value as PsValue));
    },
    error: (error) => {
      capture.errors.push(error);
      for (const c of enclosing) c.errors.push(error);
      if (redirections.error !== undefined) collector.onError?.(error);
      route(redirections.error, error.message, () => collector.error(error));
    },
    recordError: (error) => {
      capture.errors.push(error);
      for (const c of enclosing) c.errors.push(error);
      collector.onError?.(error);
    },
    warning: (text) => {
      capture.warnings.push(text);
      for (const c of enclosing) c.warnings.push(text);
      route(redirections.warning, text, () => collector.warning(text));
    },
    verbose: (text) => route(redirections.verbose, text, () => collector.verbose(text)),
    debug: (text) => route(redirections.debug, text, () => collector.debug(text)),
    information: (text, tags) => {
      capture.information.push(text);
      for (const c of enclosing) c.information.push(text);
      route(redirections.information, text, () => collector.information(text, tags));
    },
    whatIf: (text) => collector.whatIf(text),
  };
}

export class Runspace {
  readonly host: Host;
  readonly settings: KrSettings;
  readonly env: Environment;
  readonly cwd: string;
  /** The global scope: preference variables, $Error, and what scripts set at their top level. */
  readonly global = new Scope('global');
  private readonly registry = new Map<string, CmdletClass>();
  /** RunspaceOptions.lazyCmdlets until first needed. */
  private lazyTier?: readonly CmdletClass[];
  private current?: CurrentInvocation;
  /** Made on the first script: a plain `kr <Cmdlet> ...` never needs it (start-up stays small). */
  private evaluatorInstance?: Evaluator;
  /**
   * Steps of stopped commands that are still finishing: a stop ends the pipeline at once, while
   * the command, which sees the same signal, saves what it did and releases its locks.
   */
  private readonly stopping = new Set<Promise<void>>();

  /** Throws InvalidPreferenceValue (exit 2) when a KR_*_PREFERENCE variable holds a wrong value. */
  constructor(options: RunspaceOptions = {}) {
    this.host = options.host ?? new RecordingHost();
    this.settings = options.settings ?? {};
    this.env = options.env ?? this.host.env;
    this.cwd = options.cwd ?? this.host.cwd;
    for (const [name, value] of initialPreferenceVariables(this.env)) this.setVariable(name, value);
    this.global.set('Error', []);
    this.global.set('args', []);
    this.global.set('OFS', ' ');
    this.global.set('FormatEnumerationLimit', FORMAT_ENUMERATION_LIMIT);
    for (const [name, value] of Object.entries(options.variables ?? {})) this.setVariable(name, value);
    for (const cmdlet of options.checkedCmdlets ?? []) this.register(cmdlet, true);
    if (options.lazyCmdlets !== undefined && options.lazyCmdlets.length > 0) this.lazyTier = options.lazyCmdlets;
    for (const cmdlet of options.cmdlets ?? []) this.register(cmdlet);
  }

  private get evaluator(): Evaluator {
    this.evaluatorInstance ??= new Evaluator(this.evaluationContext(), this.global);
    return this.evaluatorInstance;
  }

  /** A variable for the binder: the evaluator's rules once a script ran, else the global scope and $env:. */
  private variableIn(scope: Scope, name: string): PsValue {
    if (this.evaluatorInstance !== undefined) return this.evaluatorInstance.variableValue(name, scope);
    const env = /^env:(.*)$/i.exec(name);
    if (env) return this.env[env[1]] ?? null;
    return scope.lookup(name)?.value ?? null;
  }

  /**
   * Adds a cmdlet (by its declaration's name and aliases, case-insensitive). Its metadata is
   * checked now (a parameter name or alias declared twice throws), except for kr's own cmdlets,
   * which the tests check: resolving ~50 of them is a few ms of every start, so their metadata is
   * resolved when first used (`checked`).
   */
  register(cmdlet: CmdletClass, checked = false): void {
    // a later registration (a script function, an embedder's cmdlet) is checked against every name
    this.resolveLazyTier();
    if (!checked) resolveMetadata(cmdlet.declaration);
    for (const name of [cmdlet.declaration.name, ...(cmdlet.declaration.aliases ?? [])]) {
      const existing = this.registry.get(name.toLowerCase());
      // a function shadows a cmdlet of its name (PowerShell's command precedence: function before cmdlet); two compiled cmdlets may not share one
      if (existing && existing !== cmdlet && !(existing.prototype instanceof ScriptFunction) && !(cmdlet.prototype instanceof ScriptFunction)) {
        throw new Error(`A command named '${name}' is already registered`);
      }
      this.registry.set(name.toLowerCase(), cmdlet);
    }
  }

  /** What the host's formatting reads from the session: $FormatEnumerationLimit (a number; anything else the default). */
  formatSettings(scope: Scope = this.global): FormatSettings {
    const limit = scope.lookup('FormatEnumerationLimit')?.value;
    return { enumerationLimit: typeof limit === 'number' && Number.isInteger(limit) ? limit : FORMAT_ENUMERATION_LIMIT };
  }

  /** Registers the lazy tier (once). */
  private resolveLazyTier(): void {
    const tier = this.lazyTier;
    if (tier === undefined) return;
    this.lazyTier = undefined;
    for (const cmdlet of tier) this.register(cmdlet, true);
  }

  getCommand(name: string): CmdletClass | undefined {
    const key = name.toLowerCase();
    const found = this.registry.get(key);
    if (found !== undefined || this.lazyTier === undefined) return found;
    this.resolveLazyTier();
    return this.registry.get(key);
  }

  /** Every registered cmdlet once, sorted by name. */
  commands(): CmdletClass[] {
    this.resolveLazyTier();
    return [...new Set(this.registry.values())].sort((a, b) => a.declaration.name.localeCompare(b.declaration.name));
  }

  /** Every variable's name (as first set, without `$`), for completion. */
  variableNames(): string[] {
    return this.global.visible().map((v) => v.name);
  }

  getVariable(name: string): PsValue | undefined {
    return this.global.lookup(name.replace(/^\$/, ''))?.value;
  }

  /** Sets a variable; preference variables are validated (InvalidPreferenceValue, exit 2). */
  setVariable(name: string, value: PsValue): void {
    const bare = name.replace(/^\$/, '');
    this.global.set(bare, normalizePreference(bare, value));
  }

  /** Runs a script block for a cmdlet (in `scope`, the cmdlet's caller's, or the global one). */
  runScriptBlock(block: ScriptBlock, args: PsValue[], scope: Scope | undefined, dollarUnder?: PsValue): Promise<PsValue[]> {
    return this.evaluator.invokeScriptBlock(block, args, scope ?? this.global, dollarUnder === undefined ? {} : { dollarUnder });
  }

  /** The preference variables in force in `scope` (the global scope by default). */
  preferences(scope: Scope = this.global): Preferences {
    return readPreferences((n) => scope.lookup(n)?.value);
  }

  private get invocation(): CurrentInvocation {
    if (this.current === undefined) throw new Error('the runspace is not running anything');
    return this.current;
  }

  private evaluationContext(): EvaluationContext {
    const runspace = this;
    return {
      get env() {
        return runspace.env as Record<string, string | undefined>;
      },
      get cwd() {
        return runspace.cwd;
      },
      get signal() {
        return runspace.invocation.signal;
      },
      get source() {
        return runspace.invocation.source;
      },
      get file() {
        return runspace.invocation.file;
      },
      version: krVersionText(),
      writeError: (error) => this.invocation.collector.statementError(error),
      commandProcessor: (name, elements, options) => {
        const cmdletClass = typeof name === 'string' ? this.getCommand(name) : name;
        return cmdletClass === undefined ? undefined : this.processor(cmdletClass, elements, options);
      },
      defineFunction: (definition, evaluator, source) => {
        this.register(scriptFunctionClass(definition, evaluator, source));
      },
      scriptCommand: (definition, evaluator, source, scope) => scriptFunctionClass(definition, evaluator, source, scope),
      helpFor: async (name) => {
        const cmdletClass = this.getCommand(name);
        if (cmdletClass === undefined) throw BindingErrors.commandNotFound(name, { token: name });
        return [renderHelp(resolveMetadata(cmdletClass.declaration))];
      },
      errorActionStop: (scope) => {
        const action = this.preferences(scope).errorAction;
        return action === 'Stop' || action === 'Break';
      },
      recordStatus: (_scope, exitCode) => {
        if (exitCode < 0) {
          this.global.set('?', true);
          return;
        }
        this.global.set('LASTEXITCODE', exitCode);
        this.global.set('?', exitCode === ExitCode.Success);
      },
    };
  }

  /** Runs a script (string) or one command (argv) and returns everything it produced. */
  async invoke(input: string | readonly string[], options: InvokeOptions = {}): Promise<InvocationResult> {
    const host = options.host ?? this.host;
    const text = typeof input === 'string' ? input : input.join(' ');
    const collector = new ResultCollector(host, text, options.file);
    collector.formatSettings = () => this.formatSettings();
    collector.onError = (error) => {
      const list = this.global.getOwn('Error');
      this.global.set('Error', [new PsErrorRecord(error) as unknown as PsValue, ...(Array.isArray(list) ? list : [])].slice(0, 256));
    };
    const signal = options.signal ?? new AbortController().signal;
    const previous = this.current;
    try {
      if (typeof input === 'string') {
        const { ast, source } = parseScriptBlock(input, options.file);
        this.current = { collector, host, signal, settings: options.settings, source, file: options.file };
        // a script file gets its own script scope; a command string or a shell line runs in the global one
        const script = options.file !== undefined ? new Scope('script', this.global) : this.global;
        collector.formatSettings = () => this.formatSettings(script);
        if (ast.paramBlock !== undefined) await this.bindScriptParameters(ast, script, options.file);
        await this.evaluator.runScript(ast, script, (value) => collector.output(value));
      } else {
        const statement = argvToCommand(input);
        this.current = { collector, host, signal, settings: options.settings, source: new SourceText(text, undefined, 0, false) };
        await this.runArgv(statement, collector);
      }
    } catch (error) {
      if (error instanceof ExitSignal) collector.exit(error.code);
      else if (error instanceof ReturnSignal || error instanceof BreakSignal || error instanceof ContinueSignal) {
        // return, break or continue outside a function or loop ends the script quietly, as in PowerShell
      } else if (error instanceof StopUpstreamSignal) {
        // a stopped pipeline at the top: nothing more to do
      } else {
        const krError = toKrError(error);
        collector.terminating(krError);
        this.recordStatus(krError.exitCode);
      }
    } finally {
      this.current = previous;
    }
    return collector.finish();
  }

  /** argv: one command, its arguments already split by the shell. */
  private async runArgv(statement: CommandStatement, collector: ResultCollector): Promise<void> {
    const cmdletClass = this.getCommand(statement.name);
    if (!cmdletClass) {
      const start = statement.position.start;
      throw BindingErrors.commandNotFound(statement.nameText, {
        position: { ...statement.position, start, end: start + statement.nameText.length },
        token: statement.nameText,
      });
    }
    if (statement.elements.some((e) => e.kind === 'parameter' && e.name === '?')) {
      collector.output(renderHelp(resolveMetadata(cmdletClass.declaration)));
      return;
    }
    const processor = this.processor(cmdletClass, statement.elements, {
      emit: (value) => collector.output(value),
      expectsInput: false,
      scope: this.global,
      position: statement.position,
      nameText: statement.nameText,
      redirections: {},
    });
    await processor.begin();
    await processor.end();
    this.recordStatus(processor.exitCode);
  }

  /** A script's own param() block binds the script's arguments ($args). */
  private async bindScriptParameters(ast: ScriptBlockAst, scope: Scope, file?: string): Promise<void> {
    const args = this.global.getOwn('args');
    const words = (Array.isArray(args) ? args : args === undefined || args === null ? [] : [args]).map((a) => psToString(a));
    const name = file ? file.replace(/^.*[/\\]/, '') : 'script';
    const definition: FunctionDefinitionAst = { kind: 'FunctionDefinition', name, isFilter: false, body: ast, extent: ast.extent };
    const scriptClass = scriptFunctionClass(definition, this.evaluator, this.invocation.source);
    const metadata = resolveMetadata(scriptClass.declaration);
    const binding = bindArguments(metadata, argvToCommand([name, ...words]).elements, { variables: (n) => this.evaluator.variableValue(n, scope) });
    for (const parameter of ast.paramBlock?.parameters ?? []) {
      const explicit = [...binding.explicit].some((k) => k.toLowerCase() === parameter.name.toLowerCase());
      const key = Object.keys(binding.values).find((k) => k.toLowerCase() === parameter.name.toLowerCase());
      const value = explicit && key !== undefined ? binding.values[key] : parameter.defaultValue ? await this.evaluator.expression(parameter.defaultValue, scope) : key !== undefined ? binding.values[key] : null;
      scope.set(parameter.name, value);
    }
    scope.set('args', binding.remaining);
  }

  /** `$LASTEXITCODE` and `$?` after each statement, so the next statement (or REPL line) can test them. */
  private recordStatus(exitCode: number): void {
    this.setVariable('LASTEXITCODE', exitCode);
    this.setVariable('?', exitCode === ExitCode.Success);
  }

  /**
   * Runs one cmdlet with parameters already bound (by the binder, or by hand in tests and
   * embedders that skip the command line). `values` should hold defaults too.
   */
  async invokeCommand(cmdlet: CmdletClass | string, parameters: BoundParameters, options: InvokeOptions = {}): Promise<InvocationResult> {
    const host = options.host ?? this.host;
    const collector = new ResultCollector(host, '');
    const signal = options.signal ?? new AbortController().signal;
    const previous = this.current;
    this.current = { collector, host, signal, settings: options.settings, source: new SourceText('', undefined, 0, false) };
    try {
      const cmdletClass = typeof cmdlet === 'string' ? this.getCommand(cmdlet) : cmdlet;
      if (!cmdletClass) throw BindingErrors.commandNotFound(String(cmdlet), { token: String(cmdlet) });
      const metadata = resolveMetadata(cmdletClass.declaration);
      const instance = this.attach(cmdletClass, metadata, parameters, collector, host, signal, options.settings, this.global, (value) => collector.output(value), collector);
      await this.guarded(metadata, signal, async () => {
        await instance.beginProcessing();
        await instance.processRecord();
        await instance.endProcessing();
      });
    } catch (error) {
      collector.terminating(toKrError(error));
    } finally {
      this.current = previous;
    }
    return collector.finish();
  }

  private attach(
    cmdletClass: CmdletClass,
    metadata: CommandMetadata,
    parameters: BoundParameters,
    collector: ResultCollector,
    host: Host,
    signal: AbortSignal,
    settings: KrSettings | undefined,
    scope: Scope,
    emit: Emit,
    sink: StreamSink,
  ): Cmdlet {
    const common = commonValues(parameters);
    const preferences = effectivePreferences(this.preferences(scope), common);
    rejectSuspend(preferences);
    const cmdlet = new cmdletClass();
    cmdlet[attachInvocation]({
      context: { host, runspace: this, settings: { ...this.settings, ...settings }, env: this.env, cwd: this.cwd, signal, secrets: collector.secrets },
      metadata,
      parameters,
      preferences,
      memory: newShouldProcessMemory(),
      sink,
      scope,
      emit,
    });
    return cmdlet;
  }

  private finishingAfterStop(running: Promise<void>): void {
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.stopping.add(settled);
    void settled.then(() => this.stopping.delete(settled));
  }

  /**
   * Resolves once every stopped command has finished its own clean-up (what it saves, the locks
   * it releases). Whoever ends the process after a stop awaits this first.
   */
  async settled(): Promise<void> {
    while (this.stopping.size > 0) await Promise.all(this.stopping);
  }

  /** Runs a cmdlet's step, stopping at Ctrl+C; its errors are attributed to it. */
  private async guarded(metadata: CommandMetadata, signal: AbortSignal, step: () => Promise<void>): Promise<void> {
    const abort = abortPromise(signal);
    const running = step();
    try {
      await Promise.race([running, abort.promise]);
    } catch (error) {
      if (signal.aborted) this.finishingAfterStop(running);
      if (error instanceof ExitSignal || error instanceof StopUpstreamSignal || error instanceof BreakSignal || error instanceof ContinueSignal) throw error;
      throw toKrError(error).withCommand(metadata.name);
    } finally {
      abort.dispose();
    }
  }

  /**
   * A command as a pipeline element: begin binds the command line (the binder's stages) and
   * runs the command's begin; each input object goes through the pipeline binding stage and
   * the command's process step; end runs process once when there was no input, then end.
   */
  private processor(cmdletClass: CmdletClass, elements: CommandElement[], options: CommandProcessorOptions): CommandProcessor {
    const { collector, host, signal, settings } = this.invocation;
    const metadata = resolveMetadata(cmdletClass.declaration);
    const takesPipeline = metadata.parameters.some((p) => p.valueFromPipeline || p.valueFromPipelineByPropertyName);
    const isFunction = cmdletClass.prototype instanceof ScriptFunction;
    const pending = { chain: Promise.resolve() };
    const capture: CommandCapture = { keepOutput: true, output: [], errors: [], warnings: [], information: [] };
    const sink = pipelineSink(collector, options.emit, options.redirections, pending, capture, options.scope);
    let cmdlet: Cmdlet | undefined;
    let binding: Binding | undefined;
    let errorsBefore = 0;
    let failed = false;
    const trace: BindTraceEntry[] = [];
    // objects an upstream command writes in its begin block arrive before this command's begin ran: held until then
    let began = false;
    const early: PsValue[] = [];
    const traced = () => isTraceRequested(this.env) || (cmdlet !== undefined && ['Continue', 'Inquire'].includes(this.preferences(options.scope).debug));
    const step = async (fn: () => Promise<void>) => {
      try {
        await this.guarded(metadata, signal, fn);
        await pending.chain;
      } catch (error) {
        if (error instanceof StopUpstreamSignal || error instanceof ExitSignal) throw error;
        failed = true;
        const krError = toKrError(error);
        if (krError instanceof KrError && !krError.position && options.position.line !== undefined) krError.position = options.position;
        throw error instanceof KrError || !(error instanceof Error) ? error : krError;
      }
    };
    const processor: CommandProcessor = {
      get owner() {
        return cmdlet;
      },
      get exitCode() {
        return failed || collector.errorCount > errorsBefore || cmdlet?.hadErrors === true ? ExitCode.Failure : ExitCode.Success;
      },
      begin: async () => {
        errorsBefore = collector.errorCount;
        collector.result.command = metadata.name;
        collector.result.parameters = {};
        try {
          binding = bindArguments(metadata, elements, {
            variables: (n) => this.variableIn(options.scope, n),
            trace: (e) => trace.push(e),
            expectsInput: options.expectsInput,
          });
        } catch (error) {
          if (isTraceRequested(this.env)) for (const e of trace) for (const line of formatTraceEntry(e)) collector.debug(line);
          const krError = toKrError(error).withCommand(metadata.name);
          if (!krError.position && options.position.line !== undefined) krError.position = options.position;
          throw krError;
        }
        collector.result.parameters = effectiveParameters(metadata, binding);
        capture.keepOutput = captureName(binding, 'OutVariable') !== undefined;
        // a script function writes straight to the next command: its output is captured on the way
        const emit: Emit = (value) => {
          if (capture.keepOutput) capture.output.push(value);
          return options.emit(value);
        };
        cmdlet = this.attach(cmdletClass, metadata, binding, collector, host, signal, settings, options.scope, emit, sink);
        if (cmdlet instanceof ScriptFunction) cmdlet.streamCapture = capture;
        if (traced() || cmdlet.preferences.debug === 'Continue' || cmdlet.preferences.debug === 'Inquire') {
          for (const e of binding.trace.length ? binding.trace : trace) for (const line of formatTraceEntry(e)) collector.debug(line);
        }
        const instance = cmdlet;
        await step(() => instance.beginProcessing());
        began = true;
        for (const item of early.splice(0)) await processor.process(item);
      },
      process: async (item) => {
        if (!began) {
          early.push(item);
          return;
        }
        const instance = cmdlet as Cmdlet;
        if (takesPipeline && binding !== undefined) {
          const commandLine = binding;
          let perObject;
          try {
            perObject = bindPipelineInput(metadata, commandLine, item, (object, name) => readProperty(object, name), (e) => {
              if (isTraceRequested(this.env) || instance.preferences.debug === 'Continue') for (const line of formatTraceEntry(e)) collector.debug(line);
            });
          } catch (error) {
            const krError = toKrError(error).withCommand(metadata.name);
            collector.error(krError);
            return;
          }
          const values = { ...commandLine.values, ...perObject.values };
          const explicit = new Set([...commandLine.explicit, ...perObject.explicit]);
          (instance as unknown as { [attachInvocation]: (i: unknown) => void })[attachInvocation]({
            ...(instance as unknown as { invocation: object }).invocation,
            parameters: { values, explicit, remaining: commandLine.remaining },
          });
        } else if (!isFunction) {
          collector.error(BindingErrors.inputObjectNotBound().withCommand(metadata.name));
          return;
        }
        instance.pipelineObject = item;
        await step(() => instance.processRecord());
      },
      end: async () => {
        const instance = cmdlet as Cmdlet;
        try {
          if (!options.expectsInput) {
            instance.pipelineObject = undefined;
            await step(() => instance.processRecord());
          }
          await step(() => instance.endProcessing());
        } finally {
          if (binding !== undefined) this.storeCaptures(binding, capture, options.scope);
        }
      },
    };
    return processor;
  }

  /**
   * -OutVariable, -ErrorVariable, -WarningVariable, -InformationVariable: the name's scope
   * qualifier decides where it is set (`global:x`); `+x` appends to what x holds.
   */
  private storeCaptures(parameters: BoundParameters, capture: CommandCapture, scope: Scope): void {
    const { output, errors, warnings, information } = capture;
    // each made only when its variable is asked for
    const targets: [string, () => PsValue[]][] = [
      ['OutVariable', () => output.map(toPsValue)],
      ['ErrorVariable', () => errors.map((e) => new PsErrorRecord(e) as unknown as PsValue)],
      ['WarningVariable', () => warnings],
      ['InformationVariable', () => information],
    ];
    for (const [param, values] of targets) {
      const spec = captureName(parameters, param);
      if (spec === undefined) continue;
      const value = values();
      const append = spec.startsWith('+');
      const path = (append ? spec.slice(1) : spec).replace(/^variable:/i, '');
      const qualified = /^(global|local|private|script):(.*)$/i.exec(path);
      const variable = qualified ? qualified[2] : path;
      const target = !qualified ? scope : /^global$/i.test(qualified[1]) ? this.global : /^script$/i.test(qualified[1]) ? scope.nearest('script') : scope;
      const before = append ? target.lookup(variable)?.value : undefined;
      const kept = before === undefined || before === null ? [] : Array.isArray(before) ? before : [before];
      target.set(variable, [...kept, ...value]);
    }
  }

}

/** The variable name a command's -OutVariable (or another -*Variable) gives; undefined when none. */
function captureName(parameters: BoundParameters, key: string): string | undefined {
  const v = Object.entries(parameters.values).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A property of a pipeline object for ByPropertyName binding; undefined when it has none. */
function readProperty(item: PsValue, name: string): PsValue | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  if (item instanceof Hashtable) return item.has(name) ? (item.get(name) ?? null) : undefined;
  const names = propertyNames(item).map((n) => n.toLowerCase());
  if (!names.includes(name.toLowerCase())) return undefined;
  return getMember(item, name);
}

function krVersionText(): string {
  return krVersion();
}


function commonValues(parameters: BoundParameters): CommonParameterValues {
  const get = (name: string): PsValue | undefined => {
    if (![...parameters.explicit].some((k) => k.toLowerCase() === name.toLowerCase())) return undefined;
    return Object.entries(parameters.values).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  };
  const action = (name: string): ActionPreference | undefined => {
    const v = get(name);
    return typeof v === 'string' ? (normalizePreference('ErrorActionPreference', v, `parameter -${name}`) as ActionPreference) : undefined;
  };
  const flag = (name: string): boolean | undefined => {
    const v = get(name);
    return v === undefined ? undefined : v === true;
  };
  return {
    Verbose: flag('Verbose'),
    Debug: flag('Debug'),
    ErrorAction: action('ErrorAction'),
    WarningAction: action('WarningAction'),
    InformationAction: action('InformationAction'),
    ProgressAction: action('ProgressAction'),
  };
}

/** Suspend is reserved for workflows in PowerShell; kr has none. */
function rejectSuspend(preferences: Preferences): void {
  const entries: [string, ActionPreference][] = [
    ['ErrorAction', preferences.errorAction],
    ['WarningAction', preferences.warning],
    ['InformationAction', preferences.information],
    ['VerbosePreference', preferences.verbose],
    ['DebugPreference', preferences.debug],
  ];
  for (const [name, value] of entries) {
    if (value === 'Suspend') {
      throw new KrError(
        'ActionPreferenceSuspendNotSupported',
        `The value Suspend is not supported for ${name}: kr has no workflows. Use Stop, Continue, SilentlyContinue, Ignore or Inquire.`,
        { category: 'InvalidArgument', exitCode: ExitCode.Usage },
      );
    }
  }
}
