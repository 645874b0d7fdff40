// The base class of every kr cmdlet. A cmdlet is one file:
//
//   export class InvokeKrThing extends Cmdlet {
//     static override declaration: CommandDeclaration = { name: 'Invoke-KrThing', ... };
//     async invoke(): Promise<void> {
//       const scheme = this.string('Scheme') ?? 'Cookies';
//       if (!(await this.shouldProcess(scheme, 'SignOut'))) return;   // WhatIf / Confirm / No
//       this.writeVerbose(`Signing out ${scheme}`);
//       this.writeObject({ Scheme: scheme, SignedOut: true });
//     }
//   }
//
// Parameters arrive bound and validated (the binder ran against `declaration`):
//   this.parameters               every value, defaults included, by canonical name
//   this.string/int/bool/switch/hashtable/stringArray(name)   typed reads
//   this.isBound(name)            given on the command line (not a default)
// Streams (they honour -Verbose, -Debug, the *Action parameters and preference variables):
//   writeObject(value)            output
//   writeVerbose/Debug/Warning(text), writeInformation(text, tags?)
//   await writeError(error)       NON-terminating error; Stop makes it terminating (it
//                                 rejects), SilentlyContinue/Ignore hide it, Inquire asks.
//                                 Always `await` it.
//   throw KrError                 terminating error (its exitCode becomes kr's exit code)
// ShouldProcess:
//   await shouldProcess(target, action)   true = go ahead; the runtime decides WhatIf/Confirm.
// Context: this.context = { host, runspace, settings (CLI/embedding settings: --jar, --url,
//   --config, --follow, ...), env, cwd, signal (aborted on Ctrl+C: stop work, exit 130) }.
//
// kr simplification: Inquire on the verbose/debug/warning/information streams shows the
// record like Continue (those writes are synchronous); Break acts as Stop (no debugger).

import type { SecretSet } from '../params/secrets.js';
import { StopUpstreamSignal, type Emit } from './evaluator.js';
import type { ScriptBlock } from './ps-objects.js';
import type { Scope } from './scope.js';
import type { FormatSettings } from './out-default.js';
import { DEFAULT_SCREEN_WIDTH } from './table-view.js';
import { ExitCode, KrError } from '../params/errors.js';
import { resolveMetadata, type ActionPreference, type CommandDeclaration, type CommandMetadata, type ParameterType } from '../params/metadata.js';
import { Hashtable, type PsValue } from '../params/values.js';
import type { ChoicePrompt, Environment, Host } from './host.js';
import type { Preferences } from './preferences.js';
import type { Runspace } from './runspace.js';
import { decideShouldProcess, type ShouldProcessMemory } from './should-process.js';

/** Settings from the CLI (`--jar`, `--url`, `--config`, `--follow`) or the embedder; open for later options. */
export interface KrSettings {
  jar?: string;
  /** `--out`: write the changed jar there, leave `jar` untouched. */
  out?: string;
  url?: string;
  config?: string;
  follow?: boolean;
  /** `--max-hops`: requests `--follow` may make (default 10). */
  maxHops?: number;
  /** `--timeout`: seconds per `--follow` request (default 10). */
  timeout?: number;
  /** `--max-body`: the most bytes of a page `--follow` reads (default 2 MiB). */
  maxBody?: number;
  /** `--tokens`: the token store of saved OIDC/OAuth2 tokens. */
  tokens?: string;
  [key: string]: unknown;
}

export interface InvocationContext {
  readonly host: Host;
  readonly runspace: Runspace;
  readonly settings: KrSettings;
  readonly env: Environment;
  readonly cwd: string;
  readonly signal: AbortSignal;
  /** Secrets this invocation holds or sends: register them, and every text leaving kr is scrubbed of them. */
  readonly secrets: SecretSet;
}

/** The bound parameters as the binder hands them over (a Binding satisfies it). */
export interface BoundParameters {
  values: Record<string, PsValue>;
  explicit: ReadonlySet<string>;
  /** A simple function's leftover arguments ($args). */
  remaining?: PsValue[];
}

const declarations = new WeakMap<object, CommandDeclaration>();

/**
 * A declaration built on first read, for `static get declaration()` (kr's core cmdlets: a plain
 * sign-out never builds theirs). No static field: a class with one runs a static initializer
 * at start.
 */
export function lazyDeclaration(owner: object, build: () => CommandDeclaration): CommandDeclaration {
  let declaration = declarations.get(owner);
  if (declaration === undefined) {
    declaration = build();
    declarations.set(owner, declaration);
  }
  return declaration;
}

/** Where the runtime collects what a cmdlet writes (records it and shows it on the host). */
export interface StreamSink {
  output(value: unknown): void;
  error(error: KrError): void;
  warning(text: string): void;
  verbose(text: string): void;
  debug(text: string): void;
  information(text: string, tags: readonly string[]): void;
  whatIf(text: string): void;
  /** An error that is not shown (SilentlyContinue, 2>$null) but goes to $Error. */
  recordError?(error: KrError): void;
}

/** Everything the runtime gives one cmdlet instance before `invoke()`. Internal to the runtime. */
export interface CmdletInvocation {
  context: InvocationContext;
  metadata: CommandMetadata;
  parameters: BoundParameters;
  preferences: Preferences;
  memory: ShouldProcessMemory;
  sink: StreamSink;
  /** The scope the command was called from (script functions run in a child of it). */
  scope?: Scope;
  /** Where the command's output goes in its pipeline (script functions write straight to it). */
  emit?: Emit;
}

export interface CmdletClass {
  new (): Cmdlet;
  readonly declaration: CommandDeclaration;
}

/** The runtime's handle to set up an instance; not part of a cmdlet author's API. */
export const attachInvocation: unique symbol = Symbol('kr.attachInvocation');

function actionStopped(preferenceVariable: string, text: string): KrError {
  return new KrError(
    'ActionPreferenceStop',
    `The running command stopped because the preference variable "${preferenceVariable}" or common parameter is set to Stop: ${text}`,
    { category: 'OperationStopped', exitCode: ExitCode.Failure },
  );
}

const INQUIRE_PROMPT = (message: string): ChoicePrompt => ({
  caption: 'Confirm',
  message,
  choices: [
    { label: '&Yes', help: 'Continue with only the next step of the operation.' },
    { label: 'Yes to &All', help: 'Continue with all the steps of the operation.' },
    { label: '&Halt Command', help: 'Stop this command.' },
    {
      label: '&Suspend',
      help: 'Pause the current pipeline and return to the command prompt. Type "exit" to resume the pipeline.',
    },
  ],
  defaultIndex: 0,
});

export abstract class Cmdlet {
  static declaration: CommandDeclaration;

  private invocation?: CmdletInvocation;
  private inquireYesToAll = false;

  [attachInvocation](invocation: CmdletInvocation): void {
    this.invocation = invocation;
  }

  /** The cmdlet's work, once per input object (or once without input). Throw a KrError for a terminating error. */
  abstract invoke(): Promise<void>;

  /** Whether this command wrote an error (shown or not): `$?` is false after it. */
  hadErrors = false;

  /** The pipeline object being processed; undefined when the command runs without pipeline input. */
  pipelineObject: PsValue | undefined;

  /** Once, before any input (PowerShell's BeginProcessing). */
  async beginProcessing(): Promise<void> {
    // nothing by default
  }

  /** Once per input object, or once when there is no input (ProcessRecord): runs invoke(). */
  async processRecord(): Promise<void> {
    await this.invoke();
  }

  /** Once, after the last input (EndProcessing). */
  async endProcessing(): Promise<void> {
    // nothing by default
  }

  /** Runs a script block (Where-Object's filter, ForEach-Object's body) in the caller's scope, `$_` set to `dollarUnder`. */
  protected async invokeScriptBlock(block: ScriptBlock, dollarUnder?: PsValue, args: PsValue[] = []): Promise<PsValue[]> {
    return this.context.runspace.runScriptBlock(block, args, this.inv.scope, dollarUnder);
  }

  /** What the formatting cmdlets read from the caller's session ($FormatEnumerationLimit) and the host (the screen's width). */
  protected get formatting(): FormatSettings & { screenWidth: number } {
    return { ...this.context.runspace.formatSettings(this.inv.scope), screenWidth: this.context.host.screenWidth ?? DEFAULT_SCREEN_WIDTH };
  }

  /** Write-Host: text for a person, shown whatever $InformationPreference says (tagged PSHOST). */
  protected writeHost(text: string): void {
    this.inv.sink.information(text, ['PSHOST']);
  }

  /** Ends the pipeline's upstream commands (Select-Object -First): nothing more is read from them. */
  protected stopUpstream(): never {
    throw new StopUpstreamSignal(this);
  }

  /** The runtime's view for script functions (their caller's scope and output). */
  protected get invocationInternals(): { scope?: Scope; emit?: Emit; parameters: BoundParameters } {
    return { scope: this.inv.scope, emit: this.inv.emit, parameters: this.inv.parameters };
  }

  private get inv(): CmdletInvocation {
    if (!this.invocation) throw new Error(`${this.constructor.name} was used before the runtime attached an invocation`);
    return this.invocation;
  }

  get context(): InvocationContext {
    return this.inv.context;
  }

  get metadata(): CommandMetadata {
    return this.inv.metadata;
  }

  /** Every parameter value (bound or default), keyed by canonical name. */
  get parameters(): Readonly<Record<string, PsValue>> {
    return this.inv.parameters.values;
  }

  /** The preferences in force for this invocation (variables overridden by common parameters). */
  get preferences(): Readonly<Preferences> {
    return this.inv.preferences;
  }

  private canonical(name: string, expected?: readonly ParameterType[]): string {
    const parameter = resolveMetadata((this.constructor as CmdletClass).declaration).byName.get(name.toLowerCase());
    if (!parameter) throw new Error(`${this.metadata.name} has no parameter '${name}'`);
    if (expected && !expected.includes(parameter.type)) {
      throw new Error(`${this.metadata.name}: parameter '${parameter.name}' is ${parameter.type}, not ${expected.join('/')}`);
    }
    return parameter.name;
  }

  private raw(name: string, expected?: readonly ParameterType[]): PsValue | undefined {
    const canonical = this.canonical(name, expected);
    const values = this.inv.parameters.values;
    if (canonical in values) return values[canonical];
    const folded = canonical.toLowerCase();
    const key = Object.keys(values).find((k) => k.toLowerCase() === folded);
    return key === undefined ? undefined : values[key];
  }

  /** True when the parameter was given on the command line (defaults do not count). */
  isBound(name: string): boolean {
    const canonical = this.canonical(name).toLowerCase();
    for (const k of this.inv.parameters.explicit) if (k.toLowerCase() === canonical) return true;
    return false;
  }

  value(name: string): PsValue | undefined {
    return this.raw(name);
  }

  string(name: string): string | undefined {
    const v = this.raw(name, ['string', 'object', 'ActionPreference']);
    return v === undefined || v === null ? undefined : String(v);
  }

  int(name: string): number | undefined {
    const v = this.raw(name, ['int']);
    return typeof v === 'number' ? v : undefined;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw(name, ['bool']);
    return typeof v === 'boolean' ? v : undefined;
  }

  switch(name: string): boolean {
    return this.raw(name, ['switch']) === true;
  }

  hashtable(name: string): Hashtable | undefined {
    const v = this.raw(name, ['hashtable']);
    return v instanceof Hashtable ? v : undefined;
  }

  stringArray(name: string): string[] | undefined {
    const v = this.raw(name, ['string[]']);
    if (v === undefined || v === null) return undefined;
    return (Array.isArray(v) ? v : [v]).map((x) => String(x));
  }

  writeObject(value: unknown): void {
    this.inv.sink.output(value);
  }

  /** Applies a sync stream preference: true = show it. Stop (and Break) end the command. */
  private streamAllowed(preference: ActionPreference, variable: string, text: string): boolean {
    switch (preference) {
      case 'SilentlyContinue':
      case 'Ignore':
        return false;
      case 'Stop':
      case 'Break':
        throw actionStopped(variable, text);
      default:
        return true;
    }
  }

  writeVerbose(text: string): void {
    if (this.streamAllowed(this.inv.preferences.verbose, 'VerbosePreference', text)) this.inv.sink.verbose(text);
  }

  writeDebug(text: string): void {
    if (this.streamAllowed(this.inv.preferences.debug, 'DebugPreference', text)) this.inv.sink.debug(text);
  }

  writeWarning(text: string): void {
    const preference = this.inv.preferences.warning;
    // PowerShell shows the warning before stopping on it.
    if (preference === 'Stop' || preference === 'Break') this.inv.sink.warning(text);
    if (this.streamAllowed(preference, 'WarningPreference', text)) this.inv.sink.warning(text);
  }

  writeInformation(text: string, tags: readonly string[] = []): void {
    if (this.streamAllowed(this.inv.preferences.information, 'InformationPreference', text)) {
      this.inv.sink.information(text, tags);
    }
  }

  /**
   * A non-terminating error: the command goes on. -ErrorAction / $ErrorActionPreference:
   * Continue shows it, SilentlyContinue and Ignore hide it, Stop turns it into a terminating
   * error (this promise rejects with it), Inquire asks whether to go on.
   */
  async writeError(error: KrError): Promise<void> {
    error.withCommand(this.metadata.name);
    this.hadErrors = true;
    switch (this.inv.preferences.errorAction) {
      case 'SilentlyContinue':
        // not shown, but $Error keeps it (Ignore keeps nothing), as in PowerShell
        this.inv.sink.recordError?.(error);
        return;
      case 'Ignore':
        return;
      case 'Stop':
      case 'Break':
        throw error;
      case 'Inquire':
        if (!this.inquireYesToAll) await this.inquire(error.message);
        this.inv.sink.error(error);
        return;
      default:
        this.inv.sink.error(error);
    }
  }

  private async inquire(message: string): Promise<void> {
    const { host, signal } = this.context;
    for (;;) {
      const choice = await host.promptChoice(INQUIRE_PROMPT(message), signal);
      if (choice === 0) return;
      if (choice === 1) {
        this.inquireYesToAll = true;
        return;
      }
      if (choice === 2) throw actionStopped('ErrorActionPreference', message);
      this.inv.sink.warning(new KrError('SuspendNotSupported', 'Suspend is not supported: kr has no nested prompt.').message);
    }
  }

  /**
   * True when a shouldProcess call would answer with a What if line (-WhatIf, or
   * $WhatIfPreference without -WhatIf:$false). A cmdlet reads it after shouldProcess returned
   * false to tell "preview" from "declined" and describe what it would have done.
   */
  get whatIfActive(): boolean {
    if (!this.inv.metadata.supportsShouldProcess) return false;
    return this.isBound('WhatIf') ? this.raw('WhatIf') === true : this.inv.preferences.whatIf;
  }

  /**
   * Asks the runtime whether to perform `action` on `target` (REFERENCE.md §2): false after
   * -WhatIf (the What if line is written), after No / No to All, and never prompts when
   * ConfirmImpact is below $ConfirmPreference. A needed prompt on a non-interactive host
   * throws RuntimeErrors.nonInteractive() (exit 3).
   */
  async shouldProcess(target: string, action: string): Promise<boolean> {
    const { metadata, preferences, memory, sink, context } = this.inv;
    if (!metadata.supportsShouldProcess) {
      throw new Error(`${metadata.name} calls shouldProcess but its declaration lacks supportsShouldProcess`);
    }
    const flag = (name: 'WhatIf' | 'Confirm'): boolean | undefined =>
      this.isBound(name) ? this.raw(name) === true : undefined;
    return decideShouldProcess({
      target,
      action,
      confirmImpact: metadata.confirmImpact,
      whatIf: flag('WhatIf'),
      confirm: flag('Confirm'),
      whatIfPreference: preferences.whatIf,
      confirmPreference: preferences.confirm,
      memory,
      host: context.host,
      signal: context.signal,
      whatIfLine: (text) => sink.whatIf(text),
      notice: (text) => sink.warning(text),
    });
  }
}
