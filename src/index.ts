// kr's embedding API: a Runspace you can create in any Node program.
//
//   import { createRunspace, RecordingHost } from 'kr-shell';
//   const host = new RecordingHost({ answers: ['y'] });
//   const rs = createRunspace({ host, settings: { jar: './cookies.txt' } });
//   const result = await rs.invoke('Get-Command -Name Get-Help -Syntax');
//   result.output, result.errors, result.exitCode ...
//
// createRunspace registers the built-in cmdlets (src/cmdlets/index.ts) and then
// `options.cmdlets`. Write your own cmdlet by extending Cmdlet (see src/runtime/cmdlet.ts).

import { builtinCmdlets } from './cmdlets/index.js';
import { Runspace, type RunspaceOptions } from './runtime/runspace.js';

export function createRunspace(options: RunspaceOptions = {}): Runspace {
  return new Runspace({ ...options, cmdlets: [...builtinCmdlets, ...(options.cmdlets ?? [])] });
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
