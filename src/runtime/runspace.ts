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
import { argvToCommand, parseScript, type CommandStatement, type Statement } from '../params/tokenizer.js';
import { bindArguments, type BindTraceEntry } from '../params/binder.js';
import { SecretSet } from '../params/secrets.js';
import { evaluate, Hashtable, toJsonValue, type JsonValue, type PsValue } from '../params/values.js';
import { attachInvocation, type BoundParameters, type CmdletClass, type KrSettings, type StreamSink } from './cmdlet.js';
import type { Environment, Host } from './host.js';
import { RecordingHost } from './host-recording.js';
import {
  effectivePreferences,
  initialPreferenceVariables,
  normalizePreference,
  readPreferences,
  type CommonParameterValues,
  type Preferences,
} from './preferences.js';
import { exitCodeOf } from './exit-code.js';
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
class ResultCollector implements StreamSink {
  readonly result: InvocationResult = emptyResult();
  /** Per-command captures for -OutVariable and friends. */
  capture = { output: [] as unknown[], errors: [] as KrError[], warnings: [] as string[], information: [] as string[] };
  private nonTerminatingErrors = 0;

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

  output(value: unknown): void {
    this.result.output.push(value);
    this.capture.output.push(value);
    this.host.writeOutput(value);
  }
  error(error: KrError): void {
    this.scrubbed(error);
    this.nonTerminatingErrors++;
    this.result.errors.push(error.toRecord());
    this.capture.errors.push(error);
    this.host.writeError(error, { source: this.source, sourceFile: this.sourceFile });
  }
  warning(raw: string): void {
    const text = this.secrets.scrub(raw);
    this.result.warnings.push(text);
    this.capture.warnings.push(text);
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
    this.capture.information.push(text);
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
    this.capture.errors.push(error);
    this.host.writeError(error, { source: this.source, sourceFile: this.sourceFile });
    this.result.exitCode = error.exitCode;
  }

  /** `exit n`: the script ends here with exit code n, whatever failed before. */
  exit(code: number): void {
    this.result.exitCode = code;
    this.result.exited = true;
  }

  finish(): InvocationResult {
    if (this.result.exited) return this.result;
    if (this.result.exitCode === ExitCode.Success && this.nonTerminatingErrors > 0) this.result.exitCode = ExitCode.Failure;
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

export class Runspace {
  readonly host: Host;
  readonly settings: KrSettings;
  readonly env: Environment;
  readonly cwd: string;
  private readonly registry = new Map<string, CmdletClass>();
  private readonly variables = new Map<string, { name: string; value: PsValue }>();

  /** Throws InvalidPreferenceValue (exit 2) when a KR_*_PREFERENCE variable holds a wrong value. */
  constructor(options: RunspaceOptions = {}) {
    this.host = options.host ?? new RecordingHost();
    this.settings = options.settings ?? {};
    this.env = options.env ?? this.host.env;
    this.cwd = options.cwd ?? this.host.cwd;
    for (const [name, value] of initialPreferenceVariables(this.env)) this.setVariable(name, value);
    for (const [name, value] of Object.entries(options.variables ?? {})) this.setVariable(name, value);
    for (const cmdlet of options.cmdlets ?? []) this.register(cmdlet);
  }

  /** Adds a cmdlet (by its declaration's name and aliases, case-insensitive). */
  register(cmdlet: CmdletClass): void {
    const metadata = resolveMetadata(cmdlet.declaration);
    for (const name of [metadata.name, ...(cmdlet.declaration.aliases ?? [])]) {
      const existing = this.registry.get(name.toLowerCase());
      if (existing && existing !== cmdlet) throw new Error(`A command named '${name}' is already registered`);
      this.registry.set(name.toLowerCase(), cmdlet);
    }
  }

  getCommand(name: string): CmdletClass | undefined {
    return this.registry.get(name.toLowerCase());
  }

  /** Every registered cmdlet once, sorted by name. */
  commands(): CmdletClass[] {
    return [...new Set(this.registry.values())].sort((a, b) => a.declaration.name.localeCompare(b.declaration.name));
  }

  /** Every variable's name (as first set, without `$`), for completion. */
  variableNames(): string[] {
    return [...this.variables.values()].map((v) => v.name);
  }

  getVariable(name: string): PsValue | undefined {
    return this.variables.get(name.replace(/^\$/, '').toLowerCase())?.value;
  }

  /** Sets a variable; preference variables are validated (InvalidPreferenceValue, exit 2). */
  setVariable(name: string, value: PsValue): void {
    const bare = name.replace(/^\$/, '');
    const normalized = normalizePreference(bare, value);
    const folded = bare.toLowerCase();
    this.variables.set(folded, { name: this.variables.get(folded)?.name ?? bare, value: normalized });
  }

  preferences(): Preferences {
    return readPreferences((n) => this.getVariable(n));
  }

  /** Runs a script (string) or one command (argv) and returns everything it produced. */
  async invoke(input: string | readonly string[], options: InvokeOptions = {}): Promise<InvocationResult> {
    const host = options.host ?? this.host;
    const source = typeof input === 'string' ? input : input.join(' ');
    const collector = new ResultCollector(host, source, options.file);
    const signal = options.signal ?? new AbortController().signal;
    try {
      const statements: Statement[] = typeof input === 'string' ? parseScript(input, options.file) : [argvToCommand(input)];
      const lookup = (n: string): PsValue | undefined => this.getVariable(n);
      for (const statement of statements) {
        if (signal.aborted) throw RuntimeErrors.interrupted();
        // only commands set $LASTEXITCODE (as only native commands do in PowerShell)
        if (statement.kind === 'assignment') {
          this.setVariable(statement.variable, evaluate(statement.value, lookup));
          this.setVariable('?', true);
          continue;
        }
        if (statement.kind === 'expression') {
          const value = evaluate(statement.value, lookup);
          // an array is written to the output one element at a time, as PowerShell unrolls it
          for (const item of Array.isArray(value) ? value : [value]) collector.output(item);
          this.setVariable('?', true);
          continue;
        }
        if (statement.kind === 'exit') {
          collector.exit(statement.code === undefined ? ExitCode.Success : exitCodeOf(evaluate(statement.code, lookup), statement.position, statement.code));
          break;
        }
        const errorsBefore = collector.errorCount;
        await this.runStatement(statement, collector, host, signal, options.settings);
        this.recordStatus(collector.errorCount === errorsBefore ? ExitCode.Success : ExitCode.Failure);
      }
    } catch (error) {
      const krError = toKrError(error);
      collector.terminating(krError);
      this.recordStatus(krError.exitCode);
    }
    return collector.finish();
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
  async invokeCommand(
    cmdlet: CmdletClass | string,
    parameters: BoundParameters,
    options: InvokeOptions = {},
  ): Promise<InvocationResult> {
    const host = options.host ?? this.host;
    const collector = new ResultCollector(host, '');
    try {
      const cmdletClass = typeof cmdlet === 'string' ? this.getCommand(cmdlet) : cmdlet;
      if (!cmdletClass) throw BindingErrors.commandNotFound(String(cmdlet), { token: String(cmdlet) });
      await this.execute(cmdletClass, parameters, [], collector, host, options.signal ?? new AbortController().signal, options.settings);
    } catch (error) {
      collector.terminating(toKrError(error));
    }
    return collector.finish();
  }

  private async runStatement(
    statement: CommandStatement,
    collector: ResultCollector,
    host: Host,
    signal: AbortSignal,
    settings: KrSettings | undefined,
  ): Promise<void> {
    const cmdletClass = this.getCommand(statement.name);
    if (!cmdletClass) {
      const start = statement.position.start;
      throw BindingErrors.commandNotFound(statement.nameText, {
        position: { ...statement.position, start, end: start + statement.nameText.length },
        token: statement.nameText,
      });
    }
    const metadata = resolveMetadata(cmdletClass.declaration);
    collector.result.command = metadata.name;
    collector.result.parameters = {};
    const trace: BindTraceEntry[] = [];
    let binding;
    try {
      binding = bindArguments(metadata, statement.elements, {
        variables: (n) => this.getVariable(n),
        trace: (e) => trace.push(e),
      });
    } catch (error) {
      if (isTraceRequested(this.env)) for (const e of trace) for (const line of formatTraceEntry(e)) collector.debug(line);
      throw toKrError(error).withCommand(metadata.name);
    }
    try {
      await this.execute(cmdletClass, binding, binding.trace.length ? binding.trace : trace, collector, host, signal, settings);
    } catch (error) {
      // A script's runtime error points at its statement (`At file:line char:col` + the marked line), as PowerShell's does.
      const krError = toKrError(error);
      if (!krError.position && statement.position.line !== undefined) krError.position = statement.position;
      throw krError;
    }
  }

  private async execute(
    cmdletClass: CmdletClass,
    parameters: BoundParameters,
    trace: readonly BindTraceEntry[],
    collector: ResultCollector,
    host: Host,
    signal: AbortSignal,
    settings: KrSettings | undefined,
  ): Promise<void> {
    const metadata = resolveMetadata(cmdletClass.declaration);
    collector.result.command = metadata.name;
    collector.result.parameters = effectiveParameters(metadata, parameters);
    collector.capture = { output: [], errors: [], warnings: [], information: [] };

    const common = commonValues(parameters);
    const preferences = effectivePreferences(this.preferences(), common);
    rejectSuspend(preferences);

    if (isTraceRequested(this.env) || preferences.debug === 'Continue' || preferences.debug === 'Inquire') {
      for (const e of trace) for (const line of formatTraceEntry(e)) collector.debug(line);
    }

    const cmdlet = new cmdletClass();
    cmdlet[attachInvocation]({
      context: { host, runspace: this, settings: { ...this.settings, ...settings }, env: this.env, cwd: this.cwd, signal, secrets: collector.secrets },
      metadata,
      parameters,
      preferences,
      memory: newShouldProcessMemory(),
      sink: collector,
    });
    const abort = abortPromise(signal);
    try {
      await Promise.race([cmdlet.invoke(), abort.promise]);
    } catch (error) {
      throw toKrError(error).withCommand(metadata.name);
    } finally {
      abort.dispose();
      this.storeCaptures(parameters, collector);
    }
  }

  /** -OutVariable, -ErrorVariable, -WarningVariable, -InformationVariable. */
  private storeCaptures(parameters: BoundParameters, collector: ResultCollector): void {
    const name = (key: string): string | undefined => {
      const v = Object.entries(parameters.values).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const { output, errors, warnings, information } = collector.capture;
    const targets: [string, PsValue][] = [
      ['OutVariable', output.map(toPsValue)],
      ['ErrorVariable', errors.map((e) => e.message)],
      ['WarningVariable', warnings],
      ['InformationVariable', information],
    ];
    for (const [param, value] of targets) {
      const variable = name(param);
      if (variable) this.setVariable(variable, value);
    }
  }
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
