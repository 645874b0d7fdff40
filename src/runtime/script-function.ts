// A script function (`function Name { param(...) ... }`) as a command: its param block and
// attributes become the same CommandDeclaration a compiled cmdlet declares, so the one binder
// binds it, Get-Command lists it, Get-Help documents it (comment-based help) and Tab completes
// it. Running it: a new scope under the caller's, the bound parameters as variables (defaults
// evaluated there), $args, $PSBoundParameters, $PSCmdlet, then its begin/process/end blocks.

import type * as A from '../params/ast.js';
import { ParseErrors } from '../params/errors.js';
import type { CommandDeclaration, CommandExample, ConfirmImpact, ParameterDeclaration, ParameterType } from '../params/metadata.js';
import { Hashtable, psToString, type PsValue, type SourceText } from '../params/values.js';
import { Cmdlet, type CmdletClass } from './cmdlet.js';
import { ReturnSignal, type Emit, type Evaluator } from './evaluator.js';
import { convertTo, isKnownType, toBool } from './operators.js';
import { PsCustomObject, ScriptBlock } from './ps-objects.js';
import { Scope } from './scope.js';

const PARAMETER_TYPES: Record<string, ParameterType> = {
  string: 'string',
  'system.string': 'string',
  int: 'int',
  int32: 'int',
  'system.int32': 'int',
  long: 'int',
  bool: 'bool',
  boolean: 'bool',
  'system.boolean': 'bool',
  switch: 'switch',
  switchparameter: 'switch',
  'system.management.automation.switchparameter': 'switch',
  hashtable: 'hashtable',
  'system.collections.hashtable': 'hashtable',
  'string[]': 'string[]',
  'system.string[]': 'string[]',
};

/** Comment-based help: `.SYNOPSIS`, `.DESCRIPTION`, `.PARAMETER Name`, `.EXAMPLE`, `.NOTES`. */
interface CommentHelp {
  synopsis?: string;
  description?: string;
  parameters: Map<string, string>;
  examples: CommandExample[];
  notes?: string;
}

function parseCommentHelp(text: string | undefined): CommentHelp {
  const help: CommentHelp = { parameters: new Map(), examples: [] };
  if (text === undefined) return help;
  const lines = text.split(/\r?\n/).map((l) => l.replace(/^\s*#\s?/, ''));
  let section: string | undefined;
  let argument = '';
  let body: string[] = [];
  const flush = () => {
    const content = body.join('\n').replace(/^\s*\n|\n\s*$/g, '').replace(/^[ \t]+/gm, (m) => m.slice(Math.min(m.length, 4)));
    switch (section) {
      case 'synopsis':
        help.synopsis = content.trim();
        break;
      case 'description':
        help.description = content.trim();
        break;
      case 'parameter':
        help.parameters.set(argument.toLowerCase(), content.trim());
        break;
      case 'example': {
        const [code, ...remarks] = content.trim().split('\n');
        help.examples.push({ title: `Example ${help.examples.length + 1}`, code: (code ?? '').replace(/^PS\S*>\s*/, ''), remarks: remarks.join('\n').trim() });
        break;
      }
      case 'notes':
        help.notes = content.trim();
        break;
      default:
    }
    body = [];
  };
  for (const line of lines) {
    const m = /^\s*\.([A-Za-z]+)\s*(.*)$/.exec(line);
    if (m) {
      flush();
      section = m[1].toLowerCase();
      argument = m[2].trim();
      continue;
    }
    body.push(line);
  }
  flush();
  return help;
}

function attribute(attributes: readonly A.AttributeBaseAst[], name: string): A.AttributeAst | undefined {
  return attributes.find((a): a is A.AttributeAst => a.kind === 'Attribute' && a.typeName.toLowerCase() === name.toLowerCase());
}

function constant(node: A.ExpressionAst | undefined): PsValue | undefined {
  if (node === undefined) return true;
  if (node.kind === 'Constant' || node.kind === 'StringConstant') return node.value;
  if (node.kind === 'Variable' && /^(true|false)$/i.test(node.name)) return node.name.toLowerCase() === 'true';
  if (node.kind === 'Unary' && node.operator === '-' && node.operand.kind === 'Constant') return -node.operand.value;
  return undefined;
}

function namedArgument(attr: A.AttributeAst | undefined, name: string): PsValue | undefined {
  const hit = attr?.named.find((n) => n.name.toLowerCase() === name.toLowerCase());
  return hit === undefined ? undefined : constant(hit.value);
}

function stringList(nodes: readonly A.ExpressionAst[]): string[] {
  return nodes.flatMap((n) => (n.kind === 'ArrayLiteral' ? n.elements : [n])).map((n) => psToString(constant(n) ?? null));
}

/** The declaration of a script function, from its param block, attributes and comment-based help. */
export function declareFunction(definition: A.FunctionDefinitionAst): CommandDeclaration {
  const body = definition.body;
  const parameters = definition.parameters ?? body.paramBlock?.parameters ?? [];
  const blockAttributes = body.paramBlock?.attributes ?? [];
  const cmdletBinding = attribute(blockAttributes, 'CmdletBinding');
  const advanced = cmdletBinding !== undefined || parameters.some((p) => attribute(p.attributes, 'Parameter') !== undefined);
  const help = parseCommentHelp(body.helpComment);
  const explicitPositions = parameters.some((p) => namedArgument(attribute(p.attributes, 'Parameter'), 'Position') !== undefined);
  const positionalBinding = namedArgument(cmdletBinding, 'PositionalBinding') !== false;
  let nextPosition = 0;
  const declared: ParameterDeclaration[] = parameters.map((p) => {
    const parameterAttribute = attribute(p.attributes, 'Parameter');
    const typeConstraint = p.attributes.find((a): a is A.TypeConstraintAst => a.kind === 'TypeConstraint');
    const type: ParameterType = typeConstraint ? (PARAMETER_TYPES[typeConstraint.typeName.toLowerCase()] ?? 'object') : 'object';
    const declaration: ParameterDeclaration = {
      name: p.name,
      type,
      help: psToString(namedArgument(parameterAttribute, 'HelpMessage') ?? null) || help.parameters.get(p.name.toLowerCase()) || '',
    };
    const position = namedArgument(parameterAttribute, 'Position');
    if (typeof position === 'number') declaration.position = position;
    else if (!explicitPositions && positionalBinding && type !== 'switch') declaration.position = nextPosition++;
    if (toBool(namedArgument(parameterAttribute, 'Mandatory') ?? false) && parameterAttribute?.named.some((n) => n.name.toLowerCase() === 'mandatory')) {
      declaration.mandatory = true;
    }
    if (parameterAttribute?.named.some((n) => n.name.toLowerCase() === 'valuefrompipeline') && toBool(namedArgument(parameterAttribute, 'ValueFromPipeline') ?? false)) {
      declaration.valueFromPipeline = true;
    }
    if (
      parameterAttribute?.named.some((n) => n.name.toLowerCase() === 'valuefrompipelinebypropertyname') &&
      toBool(namedArgument(parameterAttribute, 'ValueFromPipelineByPropertyName') ?? false)
    ) {
      declaration.valueFromPipelineByPropertyName = true;
    }
    const alias = attribute(p.attributes, 'Alias');
    if (alias) declaration.aliases = stringList(alias.positional);
    const set = attribute(p.attributes, 'ValidateSet');
    if (set) declaration.validateSet = stringList(set.positional);
    const range = attribute(p.attributes, 'ValidateRange');
    if (range && range.positional.length === 2) declaration.validateRange = [Number(constant(range.positional[0])), Number(constant(range.positional[1]))];
    if (attribute(p.attributes, 'ValidateNotNullOrEmpty')) declaration.validateNotNullOrEmpty = true;
    const fixed = p.defaultValue === undefined ? undefined : constant(p.defaultValue);
    if (fixed !== undefined && p.defaultValue?.kind !== 'Variable') declaration.default = fixed;
    for (const a of p.attributes) {
      if (a.kind === 'Attribute' && !['parameter', 'alias', 'validateset', 'validaterange', 'validatenotnullorempty', 'validatenotnull', 'allownull', 'allowemptystring', 'allowemptycollection'].includes(a.typeName.toLowerCase())) {
        throw ParseErrors.notSupported(`the [${a.typeName}()] attribute`);
      }
      if (a.kind === 'TypeConstraint' && !isKnownType(a.typeName)) throw ParseErrors.parse('TypeNotFound', `Unable to find type [${a.typeName}].`);
    }
    return declaration;
  });
  const confirmImpact = namedArgument(cmdletBinding, 'ConfirmImpact');
  const declaration: CommandDeclaration = {
    name: definition.name,
    synopsis: help.synopsis ?? '',
    description: help.description ?? '',
    parameters: declared,
    ...(advanced ? { scriptFunction: true } : { simpleFunction: true }),
  };
  if (toBool(namedArgument(cmdletBinding, 'SupportsShouldProcess') ?? false) && cmdletBinding?.named.some((n) => n.name.toLowerCase() === 'supportsshouldprocess')) {
    declaration.supportsShouldProcess = true;
  }
  if (typeof confirmImpact === 'string' && ['None', 'Low', 'Medium', 'High'].some((c) => c.toLowerCase() === confirmImpact.toLowerCase())) {
    declaration.confirmImpact = (confirmImpact.charAt(0).toUpperCase() + confirmImpact.slice(1).toLowerCase()) as ConfirmImpact;
  }
  if (help.examples.length > 0) declaration.examples = help.examples;
  if (help.notes) declaration.notes = help.notes;
  const pipelineInput = declared.filter((p) => p.valueFromPipeline || p.valueFromPipelineByPropertyName);
  if (pipelineInput.length > 0) declaration.inputs = pipelineInput.map((p) => ({ type: p.type === 'object' ? 'System.Object' : p.type, description: `-${p.name}` }));
  return declaration;
}

export interface ScriptFunctionClass extends CmdletClass {
  readonly definition: A.FunctionDefinitionAst;
  readonly evaluator: Evaluator;
  readonly source: SourceText;
  /** Where its variables live: a new function scope (a function), a new script scope (`& ./x.ps1`), or the caller's (`. ./x.ps1`). */
  readonly scopeMode: ScriptScopeMode;
}

export type ScriptScopeMode = 'function' | 'script' | 'dot';

/** `$PSCmdlet` of an advanced function: ShouldProcess, WriteVerbose and friends on the running command. */
class PsCmdletHandle {
  readonly psTypeName = 'System.Management.Automation.PSScriptCmdlet';

  constructor(private readonly cmdlet: ScriptFunction) {}

  shouldProcess(target: string, action?: string): Promise<boolean> {
    return this.cmdlet.shouldProcess(target, action ?? this.cmdlet.metadata.name);
  }
}

/** The base of every script function's generated class. */
export abstract class ScriptFunction extends Cmdlet {
  private scope?: Scope;
  /** The runtime's capture of this call's streams: its scope hands it to the commands inside (Scope.streamCapture). */
  streamCapture?: Scope['streamCapture'];
  private readonly input: PsValue[] = [];
  private sawInput = false;

  private get fn(): ScriptFunctionClass {
    return this.constructor as unknown as ScriptFunctionClass;
  }

  private get body(): A.ScriptBlockAst {
    return this.fn.definition.body;
  }

  /** An unnamed body is the end block, or the process block of a filter. */
  private block(kind: 'begin' | 'process' | 'end'): A.NamedBlockAst | undefined {
    const body = this.body;
    if (this.fn.definition.isFilter && body.end?.unnamed) return kind === 'process' ? body.end : undefined;
    return body[kind];
  }

  private emitter(): Emit {
    const emit = this.invocationInternals.emit;
    return emit ?? ((value) => this.writeObject(value));
  }

  override async beginProcessing(): Promise<void> {
    const { scope: caller, parameters } = this.invocationInternals;
    const evaluator = this.fn.evaluator;
    const parent = caller ?? evaluator.global;
    const scope = this.fn.scopeMode === 'dot' ? parent : new Scope(this.fn.scopeMode, parent);
    if (scope !== parent && this.streamCapture !== undefined) scope.streamCapture = this.streamCapture;
    this.scope = scope;
    const bound = new Hashtable();
    for (const parameter of this.fn.definition.parameters ?? this.body.paramBlock?.parameters ?? []) {
      const key = Object.keys(parameters.values).find((k) => k.toLowerCase() === parameter.name.toLowerCase());
      const explicit = [...parameters.explicit].some((k) => k.toLowerCase() === parameter.name.toLowerCase());
      let value: PsValue;
      if (explicit && key !== undefined) {
        value = parameters.values[key];
        bound.set(parameter.name, value);
      } else if (parameter.defaultValue !== undefined) {
        value = await evaluator.expression(parameter.defaultValue, scope);
      } else {
        const type = parameter.attributes.find((a): a is A.TypeConstraintAst => a.kind === 'TypeConstraint');
        value = type && /^(switch|bool|boolean)$/i.test(type.typeName) ? false : null;
      }
      const type = parameter.attributes.find((a): a is A.TypeConstraintAst => a.kind === 'TypeConstraint');
      if (type && value !== null && isKnownType(type.typeName) && !/^switch/i.test(type.typeName)) value = convertTo(type.typeName, value, evaluator.ofs(scope));
      scope.set(parameter.name, value);
    }
    scope.set('args', parameters.remaining ?? []);
    scope.set('PSBoundParameters', bound);
    this.setCommonPreferences(scope);
    if (this.fn.declaration.scriptFunction) scope.set('PSCmdlet', new PsCmdletHandle(this) as unknown as PsValue);
    const begin = this.block('begin');
    if (begin) await this.run(begin);
  }

  /**
   * An advanced function's common parameters become its scope's preference variables, as in
   * PowerShell, so the commands it calls follow them: `f -WhatIf` makes every ShouldProcess inside
   * a what-if (a sign-out in it is previewed, never done), `-Confirm` asks, `-Verbose` shows
   * Write-Verbose, `-ErrorAction Stop` stops at the first error inside.
   */
  private setCommonPreferences(scope: Scope): void {
    const { parameters } = this.invocationInternals;
    const given = (name: string) => [...parameters.explicit].some((k) => k.toLowerCase() === name.toLowerCase());
    const p = this.preferences;
    if (given('WhatIf')) scope.set('WhatIfPreference', this.switch('WhatIf'));
    if (given('Confirm')) scope.set('ConfirmPreference', this.switch('Confirm') ? 'Low' : 'None');
    if (given('Verbose')) scope.set('VerbosePreference', p.verbose);
    if (given('Debug')) scope.set('DebugPreference', p.debug);
    if (given('ErrorAction')) scope.set('ErrorActionPreference', p.errorAction);
    if (given('WarningAction')) scope.set('WarningPreference', p.warning);
    if (given('InformationAction')) scope.set('InformationPreference', p.information);
  }

  override async processRecord(): Promise<void> {
    const scope = this.scope as Scope;
    // parameters bound from this pipeline object (ValueFromPipeline / ByPropertyName)
    const { parameters } = this.invocationInternals;
    for (const declared of this.fn.declaration.parameters) {
      if (!(declared.valueFromPipeline || declared.valueFromPipelineByPropertyName)) continue;
      const key = Object.keys(parameters.values).find((k) => k.toLowerCase() === declared.name.toLowerCase());
      if (key !== undefined && [...parameters.explicit].some((k) => k.toLowerCase() === declared.name.toLowerCase())) scope.set(declared.name, parameters.values[key]);
    }
    if (this.pipelineObject !== undefined) {
      this.sawInput = true;
      this.input.push(this.pipelineObject);
      scope.set('_', this.pipelineObject);
      scope.set('PSItem', this.pipelineObject);
    }
    const process = this.block('process');
    if (process) await this.run(process);
  }

  override async endProcessing(): Promise<void> {
    const scope = this.scope as Scope;
    scope.set('input', this.input);
    if (!this.sawInput) scope.set('_', null);
    const end = this.block('end');
    if (end) await this.run(end);
  }

  async invoke(): Promise<void> {
    await this.processRecord();
  }

  private async run(block: A.NamedBlockAst): Promise<void> {
    const evaluator = this.fn.evaluator;
    try {
      await evaluator.enterCall(() => evaluator.statements(block.statements, this.scope as Scope, this.emitter()), this.fn.source);
    } catch (signal) {
      if (!(signal instanceof ReturnSignal)) throw signal;
    }
  }
}

/** The command class of a function definition, bound to the evaluator that defined it. */
export function scriptFunctionClass(definition: A.FunctionDefinitionAst, evaluator: Evaluator, source: SourceText, scopeMode: ScriptScopeMode = 'function'): ScriptFunctionClass {
  const declaration = declareFunction(definition);
  const generated = class extends ScriptFunction {
    static override declaration = declaration;
    static readonly definition = definition;
    static readonly evaluator = evaluator;
    static readonly source = source;
    static readonly scopeMode = scopeMode;
  };
  return generated as unknown as ScriptFunctionClass;
}

export { PsCustomObject, ScriptBlock };
