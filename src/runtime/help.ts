// Get-Help's text, built from the same metadata the binder reads. The pieces are exported
// for the doc-page generator (docs/cmdlets/*.md, PlatyPS layout):
//   syntaxLine(metadata)           `Test-X [[-Scheme] <string>] ... [<CommonParameters>]`
//   syntaxElement(parameter)       one element of it
//   helpParameters(metadata)       the parameters help shows (declared, then WhatIf/Confirm)
//   describeParameter(parameter)   Required?/Position?/Default value/... as values
//   renderHelp(metadata, view)     the whole page: 'default' | 'full' | 'examples'
//   renderParameterHelp(metadata, pattern)   Get-Help X -Parameter Name
//   renderHelpOverview(commands)   Get-Help with no name
//
// Layout: PowerShell's sections in its order (NAME, SYNOPSIS, SYNTAX, DESCRIPTION,
// PARAMETERS, INPUTS, OUTPUTS, NOTES, EXAMPLES, RELATED LINKS, REMARKS), headers at column
// 0, bodies indented 4, one blank line between sections. PowerShell's own output also
// leaves stray whitespace-only lines; kr does not reproduce those.

import { KrError } from '../params/errors.js';
import { SHORT_TYPE_NAMES, type CommandMetadata, type ParameterMetadata } from '../params/metadata.js';
import { psToString } from '../params/values.js';

export type HelpView = 'default' | 'full' | 'examples';

const INDENT = '    ';

function indent(text: string, depth = 1): string[] {
  const pad = INDENT.repeat(depth);
  return text.split('\n').map((line) => (line.trim() === '' ? '' : `${pad}${line}`));
}

function typeText(p: ParameterMetadata): string {
  return p.validateSet ? `{${p.validateSet.join(' | ')}}` : `<${SHORT_TYPE_NAMES[p.type]}>`;
}

/** `[[-N] <T>]`, `[-N] <T>`, `[-N <T>]`, `-N <T>`, `[-N]`, `-N`; ValidateSet as `{A | B}`. */
export function syntaxElement(p: ParameterMetadata): string {
  if (p.type === 'switch') return p.mandatory ? `-${p.name}` : `[-${p.name}]`;
  const name = p.position !== undefined ? `[-${p.name}]` : `-${p.name}`;
  const inner = `${name} ${typeText(p)}`;
  return p.mandatory ? inner : `[${inner}]`;
}

/** The declared parameters help shows (not dontShow), then WhatIf/Confirm when supported. */
export function helpParameters(metadata: CommandMetadata): ParameterMetadata[] {
  const declared = metadata.parameters.filter((p) => p.origin === 'declared' && !p.dontShow);
  const shouldProcess = metadata.parameters.filter((p) => p.origin === 'shouldProcess');
  return [...declared, ...shouldProcess];
}

/** Positionals by position, then named ones in declaration order, `[-WhatIf] [-Confirm]`, `[<CommonParameters>]`. */
export function syntaxLine(metadata: CommandMetadata): string {
  const shown = helpParameters(metadata);
  const declared = shown.filter((p) => p.origin === 'declared');
  const positional = declared.filter((p) => p.position !== undefined).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const named = declared.filter((p) => p.position === undefined);
  const shouldProcess = shown.filter((p) => p.origin === 'shouldProcess');
  return [metadata.name, ...[...positional, ...named, ...shouldProcess].map(syntaxElement), '[<CommonParameters>]'].join(' ');
}

export interface ParameterDescription {
  name: string;
  typeName: string;
  description: string;
  required: boolean;
  /** `0`, `1`, ... or `named`. */
  position: string;
  defaultValue: string;
  acceptPipelineInput: string;
  aliases: string;
  acceptWildcardCharacters: boolean;
  validValues?: readonly string[];
}

/** Parameters whose values kr matches with `*` wildcards (help's "Accept wildcard characters?"). */
const WILDCARD_PARAMETERS = new Set(['get-command/name', 'get-help/name', 'get-help/parameter']);

/** "Accept pipeline input?" as PowerShell's help writes it: false, or true with how (ByValue, ByPropertyName). */
function pipelineInput(p: ParameterMetadata): string {
  const how = [p.valueFromPipeline ? 'ByValue' : '', p.valueFromPipelineByPropertyName ? 'ByPropertyName' : ''].filter((h) => h !== '');
  return how.length === 0 ? 'false' : `true (${how.join(', ')})`;
}

export function describeParameter(p: ParameterMetadata, commandName = ''): ParameterDescription {
  let defaultValue = 'None';
  if (p.type === 'switch') defaultValue = p.default === true ? 'True' : 'False';
  else if (p.default !== undefined && p.default !== null) defaultValue = psToString(p.default);
  return {
    name: p.name,
    typeName: SHORT_TYPE_NAMES[p.type],
    description: p.deprecated ? `${p.help}\n(Deprecated: ${p.deprecated})` : p.help,
    required: p.mandatory === true,
    position: p.position === undefined ? 'named' : String(p.position),
    defaultValue,
    acceptPipelineInput: pipelineInput(p),
    aliases: p.aliases && p.aliases.length ? p.aliases.join(', ') : 'none',
    acceptWildcardCharacters: WILDCARD_PARAMETERS.has(`${commandName.toLowerCase()}/${p.name.toLowerCase()}`),
    validValues: p.validateSet,
  };
}

function label(name: string, value: string): string {
  return `${name.padEnd(29)}${value}`;
}

function parameterBlock(p: ParameterMetadata, commandName: string): string[] {
  const d = describeParameter(p, commandName);
  const header = p.type === 'switch' ? `-${d.name} [<SwitchParameter>]` : `-${d.name} <${d.typeName}>`;
  return [
    ...indent(header),
    ...indent(d.description, 2),
    ...(d.validValues ? indent(`Possible values: ${d.validValues.join(', ')}`, 2) : []),
    '',
    ...indent(
      [
        label('Required?', String(d.required)),
        label('Position?', d.position),
        label('Default value', d.defaultValue),
        label('Accept pipeline input?', d.acceptPipelineInput),
        label('Aliases', d.aliases),
        label('Accept wildcard characters?', String(d.acceptWildcardCharacters)),
      ].join('\n'),
      2,
    ),
    '',
  ];
}

const COMMON_PARAMETERS_TEXT = [
  'This cmdlet supports the common parameters: Verbose, Debug,',
  'ErrorAction, ErrorVariable, WarningAction, WarningVariable,',
  'OutBuffer, PipelineVariable, and OutVariable. For more information, see',
  'about_CommonParameters (https://go.microsoft.com/fwlink/?LinkID=113216).',
].join('\n');

function exampleHeading(index: number, title: string): string {
  const text = title ? `Example ${index}: ${title.replace(/^Example \d+:\s*/i, '')}` : `EXAMPLE ${index}`;
  const side = '-'.repeat(Math.max(10, Math.floor((64 - text.length - 2) / 2)));
  return `${side} ${text} ${side}`;
}

function examplesBody(metadata: CommandMetadata): string[] {
  const examples = metadata.declaration.examples ?? [];
  if (examples.length === 0) return indent('None');
  return examples.flatMap((e, i) => {
    const [first = '', ...rest] = e.code.split('\n');
    return [
      ...indent(exampleHeading(i + 1, e.title)),
      '',
      ...indent([`PS > ${first}`, ...rest].join('\n')),
      '',
      ...(e.remarks ? [...indent(e.remarks), ''] : []),
    ];
  });
}

function typedList(items: readonly { type: string; description: string }[] | undefined): string[] {
  if (!items || items.length === 0) return indent('None');
  return items.flatMap((item) => [...indent(item.type), ...(item.description ? indent(item.description, 2) : []), '']);
}

function section(title: string, body: string[]): string[] {
  const trimmed = [...body];
  while (trimmed.length && trimmed[trimmed.length - 1] === '') trimmed.pop();
  return [title, ...trimmed, ''];
}

/** Get-Help's page: 'default' (NAME..DESCRIPTION, RELATED LINKS, REMARKS), 'full', or 'examples'. */
export function renderHelp(metadata: CommandMetadata, view: HelpView = 'default'): string {
  const d = metadata.declaration;
  const name = section('NAME', indent(metadata.name));
  const synopsis = section('SYNOPSIS', indent(d.synopsis));
  if (view === 'examples') return ['', ...name, ...synopsis, ...section('EXAMPLES', examplesBody(metadata))].join('\n');

  const lines = ['', ...name, ...synopsis, ...section('SYNTAX', indent(syntaxLine(metadata))), ...section('DESCRIPTION', indent(d.description))];
  if (view === 'full') {
    const parameters = [
      ...helpParameters(metadata).flatMap((p) => parameterBlock(p, metadata.name)),
      ...indent('<CommonParameters>'),
      ...indent(COMMON_PARAMETERS_TEXT, 2),
    ];
    lines.push(
      ...section('PARAMETERS', parameters),
      ...section('INPUTS', typedList(d.inputs)),
      ...section('OUTPUTS', typedList(d.outputs)),
      ...section('NOTES', indent(d.notes ?? '')),
      ...section('EXAMPLES', examplesBody(metadata)),
    );
  }
  const links = (d.relatedLinks ?? []).map((l) => (l.uri ? `${l.text} ${l.uri}`.trim() : l.text));
  lines.push(...section('RELATED LINKS', links.flatMap((l) => indent(l))));
  if (view === 'default') {
    lines.push(
      ...section(
        'REMARKS',
        indent(
          [
            `To see the examples, type: "Get-Help ${metadata.name} -Examples".`,
            `For technical information, type: "Get-Help ${metadata.name} -Full".`,
          ].join('\n'),
        ),
      ),
    );
  }
  return lines.join('\n');
}

/** `*` and `?` wildcards, case-insensitive, anchored. */
export function wildcardMatcher(pattern: string): (text: string) => boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`, 'i');
  return (text) => regex.test(text);
}

export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** Get-Help X -Parameter P (wildcards allowed); NoParmsFound when nothing matches. */
export function renderParameterHelp(metadata: CommandMetadata, pattern: string): string {
  const matches = wildcardMatcher(pattern);
  const found = helpParameters(metadata).filter((p) => matches(p.name) || (p.aliases ?? []).some((a) => matches(a)));
  if (found.length === 0) {
    throw new KrError('NoParmsFound', `No parameter matches criteria ${pattern}.`, {
      category: 'InvalidArgument',
      commandName: 'Get-Help',
    });
  }
  return ['', ...found.flatMap((p) => parameterBlock(p, metadata.name))].join('\n').replace(/\n+$/, '\n');
}

/** Get-Help with no name: how to use kr, and the commands there are. */
export function renderHelpOverview(commands: readonly { name: string; synopsis: string }[]): string {
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  return [
    '',
    ...section('TOPIC', indent('kr: a PowerShell-style command shell')),
    ...section('SHORT DESCRIPTION', indent('Runs PowerShell-style cmdlets from your shell, a script string, or a Node program.')),
    ...section(
      'LONG DESCRIPTION',
      indent(
        [
          'Usage: kr [options] <Cmdlet> [arguments...]',
          '       kr [options] -c "<statements>"',
          '',
          'Arguments after the cmdlet name are PowerShell parameters: -Name value,',
          '-Name:value, switches (-WhatIf), @{ key = value } hashtables, a,b arrays.',
          '',
          'Commands:',
          ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.synopsis}`),
          '',
          'Get-Help <Cmdlet> [-Full] [-Examples] [-Parameter <name>] shows a command\'s help.',
        ].join('\n'),
      ),
    ),
  ].join('\n');
}
