// Command metadata, declared once per cmdlet class and read by the binder, Get-Help,
// the generated doc page, `--json` definitions and completion. `resolveMetadata` adds the
// common and ShouldProcess parameters and caches the result per declaration.

import type { PsValue } from './values.js';

export type ParameterType =
  | 'string'
  | 'int'
  | 'bool'
  | 'switch'
  | 'hashtable'
  | 'string[]'
  | 'ActionPreference'
  | 'object';

export type ConfirmImpact = 'None' | 'Low' | 'Medium' | 'High';

/** The .NET type name PowerShell shows for each kr type (help, docs, MissingArgument text). */
export const DOTNET_TYPE_NAMES: Record<ParameterType, string> = {
  string: 'System.String',
  int: 'System.Int32',
  bool: 'System.Boolean',
  switch: 'System.Management.Automation.SwitchParameter',
  hashtable: 'System.Collections.Hashtable',
  'string[]': 'System.String[]',
  ActionPreference: 'System.Management.Automation.ActionPreference',
  object: 'System.Object',
};

/** The short type name used in syntax lines and MissingArgument (`<string>`, `<hashtable>`). */
export const SHORT_TYPE_NAMES: Record<ParameterType, string> = {
  string: 'string',
  int: 'int',
  bool: 'bool',
  switch: 'switch',
  hashtable: 'hashtable',
  'string[]': 'string[]',
  ActionPreference: 'ActionPreference',
  object: 'Object',
};

export interface ParameterDeclaration {
  name: string;
  type: ParameterType;
  /** Zero-based position; absent = named only. */
  position?: number;
  aliases?: readonly string[];
  mandatory?: boolean;
  default?: PsValue;
  /** Case-insensitive; the bound value is normalised to the set's spelling. */
  validateSet?: readonly string[];
  validateRange?: readonly [number, number];
  help: string;
  /** Values of this parameter are secrets: never echoed, never written to history. */
  sensitive?: boolean;
  /**
   * Values of this parameter may carry secrets (a token in -Properties): the shell's history
   * masks them. Binding and --json keep PowerShell's behaviour (the user's own text is shown).
   */
  mayHoldSecrets?: boolean;
  /** [ValidateNotNullOrEmpty()]: $null, '' and an empty array are refused. */
  validateNotNullOrEmpty?: boolean;
  /** PowerShell's ValidateVariableName (the common -*Variable parameters): a name with a drive other than a scope (`env:x`) is refused. */
  validateVariableName?: boolean;
  /** [Parameter(ValueFromRemainingArguments)]: positional arguments no other parameter takes are collected here, as an array. */
  valueFromRemainingArguments?: boolean;
  /** [Parameter(ValueFromPipeline)]: takes the pipeline object itself. */
  valueFromPipeline?: boolean;
  /** [Parameter(ValueFromPipelineByPropertyName)]: takes the pipeline object's property of the same name (or an alias). */
  valueFromPipelineByPropertyName?: boolean;
  /** Hidden from help, docs and completion (deprecated forms). */
  dontShow?: boolean;
  /** Present = deprecated; the text names the replacement and is shown as a warning. */
  deprecated?: string;
}

export interface CommandExample {
  title: string;
  code: string;
  remarks: string;
}

export interface CommandDeclaration {
  name: string;
  synopsis: string;
  description: string;
  supportsShouldProcess?: boolean;
  /**
   * An advanced function written in PowerShell (as Kestrun's cmdlets are), not a compiled
   * cmdlet: its typed param block converts what is bound, so a [string] parameter given $null
   * gets '' (a compiled cmdlet's string property keeps null).
   */
  scriptFunction?: boolean;
  /**
   * A simple function (no [CmdletBinding()] and no [Parameter()]): no common parameters, a
   * [string] parameter takes an array as its items joined by $OFS, and arguments left over go
   * to $args instead of failing. Implies scriptFunction.
   */
  simpleFunction?: boolean;
  /** Pipeline input and other per-parameter facts a script function declares are in its parameters. */
  confirmImpact?: ConfirmImpact;
  parameterSetName?: string;
  parameters: readonly ParameterDeclaration[];
  examples?: readonly CommandExample[];
  inputs?: readonly { type: string; description: string }[];
  outputs?: readonly { type: string; description: string }[];
  notes?: string;
  relatedLinks?: readonly { text: string; uri?: string }[];
  aliases?: readonly string[];
}

export type ParameterOrigin = 'declared' | 'common' | 'shouldProcess';

export interface ParameterMetadata extends ParameterDeclaration {
  origin: ParameterOrigin;
  /** Lower-cased name and aliases, for matching. */
  readonly lookupNames: readonly string[];
}

export interface CommandMetadata {
  readonly declaration: CommandDeclaration;
  readonly name: string;
  readonly confirmImpact: ConfirmImpact;
  readonly supportsShouldProcess: boolean;
  /** Declared, then common, then ShouldProcess parameters. */
  readonly parameters: readonly ParameterMetadata[];
  /** Parameters with a position, ordered by it. */
  readonly positional: readonly ParameterMetadata[];
  /** Lower-cased name -> parameter; name and aliases. */
  readonly byName: ReadonlyMap<string, ParameterMetadata>;
}

export const ACTION_PREFERENCES = [
  'SilentlyContinue',
  'Stop',
  'Continue',
  'Inquire',
  'Ignore',
  'Suspend',
  'Break',
] as const;
export type ActionPreference = (typeof ACTION_PREFERENCES)[number];

const INT32_MAX = 2147483647;

export const COMMON_PARAMETERS: readonly ParameterDeclaration[] = [
  { name: 'Verbose', type: 'switch', aliases: ['vb'], help: 'Displays detailed information about the operation.' },
  { name: 'Debug', type: 'switch', aliases: ['db'], help: 'Displays programmer-level detail, including the parameter binding trace.' },
  { name: 'ErrorAction', type: 'ActionPreference', aliases: ['ea'], help: 'How the command responds to a non-terminating error.' },
  { name: 'WarningAction', type: 'ActionPreference', aliases: ['wa'], help: 'How the command responds to a warning.' },
  { name: 'InformationAction', type: 'ActionPreference', aliases: ['infa'], help: 'How the command responds to an information record.' },
  { name: 'ProgressAction', type: 'ActionPreference', aliases: ['proga'], help: 'How the command responds to progress updates.' },
  { name: 'ErrorVariable', type: 'string', validateVariableName: true, aliases: ['ev'], help: 'Stores errors about the command in the named variable.' },
  { name: 'WarningVariable', type: 'string', validateVariableName: true, aliases: ['wv'], help: 'Stores warnings about the command in the named variable.' },
  { name: 'InformationVariable', type: 'string', validateVariableName: true, aliases: ['iv'], help: 'Stores information records in the named variable.' },
  { name: 'OutVariable', type: 'string', validateVariableName: true, aliases: ['ov'], help: 'Stores output objects in the named variable.' },
  { name: 'OutBuffer', type: 'int', aliases: ['ob'], validateRange: [0, INT32_MAX], help: 'Number of objects to buffer before sending them on.' },
  { name: 'PipelineVariable', type: 'string', validateVariableName: true, aliases: ['pv'], help: 'Stores the current pipeline object in the named variable.' },
];

export const SHOULD_PROCESS_PARAMETERS: readonly ParameterDeclaration[] = [
  { name: 'WhatIf', type: 'switch', aliases: ['wi'], help: 'Shows what would happen if the command runs. The command is not run.' },
  {
    name: 'Confirm',
    type: 'switch',
    aliases: ['cf'],
    help: 'Prompts you for confirmation before running the command. The command is not run unless you respond affirmatively.',
  },
];

const cache = new WeakMap<CommandDeclaration, CommandMetadata>();

function toMetadata(decl: ParameterDeclaration, origin: ParameterOrigin): ParameterMetadata {
  return {
    ...decl,
    origin,
    lookupNames: [decl.name, ...(decl.aliases ?? [])].map((n) => n.toLowerCase()),
  };
}

/** Full metadata for a declaration (cached: reflection happens once per cmdlet class). */
export function resolveMetadata(declaration: CommandDeclaration): CommandMetadata {
  const hit = cache.get(declaration);
  if (hit) return hit;
  const parameters: ParameterMetadata[] = [
    ...declaration.parameters.map((p) => toMetadata(p, 'declared')),
    ...(declaration.simpleFunction ? [] : COMMON_PARAMETERS.map((p) => toMetadata(p, 'common'))),
    ...(declaration.supportsShouldProcess ? SHOULD_PROCESS_PARAMETERS.map((p) => toMetadata(p, 'shouldProcess')) : []),
  ];
  const byName = new Map<string, ParameterMetadata>();
  for (const p of parameters) {
    for (const n of p.lookupNames) {
      if (byName.has(n)) throw new Error(`${declaration.name}: parameter name or alias '${n}' is declared twice`);
      byName.set(n, p);
    }
  }
  const positional = parameters
    .filter((p) => p.position !== undefined)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const metadata: CommandMetadata = {
    declaration,
    name: declaration.name,
    confirmImpact: declaration.confirmImpact ?? 'Medium',
    supportsShouldProcess: declaration.supportsShouldProcess ?? false,
    parameters,
    positional,
    byName,
  };
  cache.set(declaration, metadata);
  return metadata;
}
