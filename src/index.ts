// kr's embedding API: a Runspace you can create in any Node program.
//
//   import { createRunspace, RecordingHost } from 'kr-shell';
//   const host = new RecordingHost({ answers: ['y'] });
//   const rs = createRunspace({ host, settings: { jar: './cookies.txt' } });
//   const result = await rs.invoke('Get-Command -Name Get-Help -Syntax');
//   result.output, result.errors, result.exitCode ...
//
// createRunspace registers the built-in cmdlets (src/cmdlets/index.ts; `builtins: false`
// leaves them out) and then `options.cmdlets`. Write your own cmdlet by extending Cmdlet
// (see src/runtime/cmdlet.ts): its declaration feeds binding, help and completion alike.
// Nothing is global: each Runspace has its own cmdlets, variables and preferences, and
// ShouldProcess answers (Yes to All) belong to one invocation.
//
// The shell pieces are here too: completeLine/completeWords (the Tab engine), runScriptText
// and runScriptFile (`$args`, file:line:column locations), maskSecrets, completionScript,
// and runInteractiveShell (loaded on first use).

import { coreCmdlets, krCmdlets } from './cmdlets/index.js';
import type { PsValue } from './params/values.js';
import { Runspace, type RunspaceOptions } from './runtime/runspace.js';
import type { ShellOptions } from './shell/repl.js';

export interface CreateRunspaceOptions extends RunspaceOptions {
  /** Register kr's built-in cmdlets (default true). */
  builtins?: boolean;
  /** Preference variables by name, e.g. `{ WhatIfPreference: true, ConfirmPreference: 'Low' }` (validated). */
  preferences?: Record<string, PsValue>;
}

export function createRunspace(options: CreateRunspaceOptions = {}): Runspace {
  const { builtins = true, preferences, ...rest } = options;
  return new Runspace({
    ...rest,
    variables: { ...rest.variables, ...preferences },
    checkedCmdlets: builtins ? krCmdlets : [],
    lazyCmdlets: builtins ? coreCmdlets : [],
  });
}

/** The interactive shell on the given streams (TTYs); resolves to its exit code. */
export async function runInteractiveShell(options: ShellOptions): Promise<number> {
  const { runShell } = await import('./shell/repl.js');
  return runShell(options);
}

export { builtinCmdlets } from './cmdlets/index.js';
export { Runspace, effectiveParameters, outputToJson, formatTraceEntry } from './runtime/runspace.js';
export type { InvocationResult, InvokeOptions, RunspaceOptions } from './runtime/runspace.js';
export { Cmdlet } from './runtime/cmdlet.js';
export type { CmdletClass, InvocationContext, KrSettings, BoundParameters } from './runtime/cmdlet.js';
export type { Host, ChoicePrompt, ChoiceDescription, ErrorDisplayContext, Environment } from './runtime/host.js';
export { ConsoleHost, detectInteractive, shouldUseColor, isCiEnvironment } from './runtime/host-console.js';
export type { ConsoleHostOptions } from './runtime/host-console.js';
export { RecordingHost } from './runtime/host-recording.js';
export type { RecordedLine, RecordedStream, RecordingHostOptions } from './runtime/host-recording.js';
export { whatIfMessage, confirmPrompt, CONFIRM_CHOICES } from './runtime/should-process.js';
export { PREFERENCE_VARIABLES } from './runtime/preferences.js';
export type { Preferences } from './runtime/preferences.js';
export { renderHelp, syntaxLine, describeParameter, helpParameters } from './runtime/help.js';
export { KrError, ExitCode, BindingErrors, ParseErrors, RuntimeErrors, isKrError } from './params/errors.js';
export type { ErrorRecord, ErrorCategory } from './params/errors.js';
export { Hashtable } from './params/values.js';
export type { PsValue, JsonValue } from './params/values.js';
export { resolveMetadata } from './params/metadata.js';
export type { CommandDeclaration, ParameterDeclaration, CommandMetadata, ParameterMetadata } from './params/metadata.js';
export { completeLine, completeWords, schemeNamesFromFile } from './shell/completion.js';
export type { CompletionContext, LineCompletion } from './shell/completion.js';
export { runScriptText, runScriptFile } from './shell/script-runner.js';
export type { ScriptOptions } from './shell/script-runner.js';
export { History, historyPath, maskSecrets } from './shell/history.js';
export { completionScript, SHELLS } from './shell/completion-scripts.js';
export type { CompletionShell } from './shell/completion-scripts.js';
export type { ShellOptions } from './shell/repl.js';
