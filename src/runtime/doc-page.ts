// The markdown doc page of a cmdlet, in PlatyPS's layout (the one Kestrun's pages use:
// front matter, SYNOPSIS, SYNTAX, ALIASES, DESCRIPTION, EXAMPLES, PARAMETERS with their
// YAML blocks, INPUTS, OUTPUTS, NOTES, RELATED LINKS), built from the same metadata as the
// binder and Get-Help, so the page cannot drift from the command. Output is deterministic
// (a fixed ms.date, no clock): `generate-docs --check` compares it byte for byte.

import { DOTNET_TYPE_NAMES, type CommandMetadata, type ParameterMetadata } from '../params/metadata.js';
import { psToString } from '../params/values.js';
import { describeParameter, helpParameters, syntaxLine } from './help.js';

/** PlatyPS stamps the page with a date; a fixed one keeps regeneration byte-identical. */
export const DOC_PAGE_DATE = '01/12/2026';
const SYNTAX_WIDTH = 100;

export interface DocPageOptions {
  /** Position in the docs site's navigation. */
  navOrder: number;
  /** Names of the other documented commands, so related links can point at their pages. */
  documented?: readonly string[];
}

/** A YAML scalar: plain when unambiguous, else single-quoted ('' escapes a quote). */
function yamlScalar(value: string): string {
  if (value === '') return "''";
  if (/^[A-Za-z0-9_/.(][A-Za-z0-9_ /.()-]*$/.test(value) && !/^(true|false|null|yes|no|~)$/.test(value)) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

function yamlList(values: readonly string[] | undefined): string[] {
  if (!values || values.length === 0) return ['[]'];
  return ['', ...values.map((v) => `- ${yamlScalar(v)}`)];
}

function defaultValueText(p: ParameterMetadata): string {
  if (p.type === 'switch') return p.origin === 'declared' ? (p.default === true ? 'True' : 'False') : '';
  return p.default === undefined || p.default === null ? '' : psToString(p.default);
}

/** The syntax line wrapped PlatyPS-style: continuation lines start with one space. */
function wrappedSyntax(metadata: CommandMetadata): string[] {
  const elements = syntaxLine(metadata).split(/ (?=[[-])/);
  const lines: string[] = [];
  let current = '';
  for (const element of elements) {
    const candidate = current === '' ? element : `${current} ${element}`;
    if (candidate.length > SYNTAX_WIDTH && current !== '') {
      lines.push(current);
      current = ` ${element}`;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function parameterSection(p: ParameterMetadata, metadata: CommandMetadata): string[] {
  const d = describeParameter(p, metadata.name);
  const [aliasHead, ...aliasRest] = yamlList(p.aliases);
  const [valuesHead, ...valuesRest] = yamlList(p.validateSet);
  return [
    `### -${p.name}`,
    '',
    ...d.description.split('\n'),
    '',
    '```yaml',
    `Type: ${DOTNET_TYPE_NAMES[p.type]}`,
    `DefaultValue: ${yamlScalar(defaultValueText(p))}`,
    `SupportsWildcards: ${d.acceptWildcardCharacters}`,
    `Aliases:${aliasHead === '' ? '' : ` ${aliasHead}`}`,
    ...aliasRest,
    'ParameterSets:',
    '- Name: (All)',
    `  Position: ${p.position === undefined ? 'Named' : p.position}`,
    `  IsRequired: ${p.mandatory === true}`,
    `  ValueFromPipeline: ${p.valueFromPipeline === true}`,
    `  ValueFromPipelineByPropertyName: ${p.valueFromPipelineByPropertyName === true}`,
    `  ValueFromRemainingArguments: ${p.valueFromRemainingArguments === true}`,
    `DontShow: ${p.dontShow === true}`,
    `AcceptedValues:${valuesHead === '' ? '' : ` ${valuesHead}`}`,
    ...valuesRest,
    "HelpMessage: ''",
    '```',
    '',
  ];
}

const COMMON_PARAMETERS_PARAGRAPH = [
  '### CommonParameters',
  '',
  'This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable,',
  '-InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable,',
  '-ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see',
  '[about_CommonParameters](https://go.microsoft.com/fwlink/?LinkID=113216).',
  '',
];

function typedSection(items: readonly { type: string; description: string }[] | undefined): string[] {
  if (!items || items.length === 0) return ['None.', ''];
  return items.flatMap((item) => [`### ${item.type}`, '', ...(item.description ? [item.description, ''] : [])]);
}

/** The page for one command. */
export function renderDocPage(metadata: CommandMetadata, options: DocPageOptions): string {
  const d = metadata.declaration;
  const documented = new Set((options.documented ?? []).map((n) => n.toLowerCase()));
  const parameters = [...helpParameters(metadata)].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const aliases = d.aliases ?? [];
  const examples = d.examples ?? [];
  const links = (d.relatedLinks ?? []).map((l) => {
    if (l.uri) return `- [${l.text}](${l.uri})`;
    return documented.has(l.text.toLowerCase()) ? `- [${l.text}](${l.text}.md)` : `- ${l.text}`;
  });

  const lines = [
    '---',
    'layout: default',
    'parent: kr Cmdlets',
    `nav_order: ${options.navOrder}`,
    'render_with_liquid: false',
    'document type: cmdlet',
    'external help file: kr-Help.xml',
    "HelpUri: ''",
    'Locale: en-US',
    'Module Name: kr',
    `ms.date: ${DOC_PAGE_DATE}`,
    'PlatyPS schema version: 2024-05-01',
    `title: ${metadata.name}`,
    '---',
    '',
    `# ${metadata.name}`,
    '',
    '## SYNOPSIS',
    '',
    d.synopsis,
    '',
    '## SYNTAX',
    '',
    `### ${d.parameterSetName ? `${d.parameterSetName} (Default)` : '__AllParameterSets'}`,
    '',
    '```powershell',
    ...wrappedSyntax(metadata),
    '```',
    '',
    '## ALIASES',
    '',
    aliases.length === 0 ? 'This cmdlet has no aliases.' : `This cmdlet has the following aliases: ${aliases.join(', ')}.`,
    '',
    '## DESCRIPTION',
    '',
    d.description,
    '',
    '## EXAMPLES',
    '',
    ...(examples.length === 0
      ? ['None.', '']
      : examples.flatMap((e, i) => [`### Example ${i + 1}: ${e.title}`, '', '```powershell', e.code, '```', '', e.remarks, ''])),
    '## PARAMETERS',
    '',
    ...parameters.flatMap((p) => parameterSection(p, metadata)),
    ...COMMON_PARAMETERS_PARAGRAPH,
    '## INPUTS',
    '',
    ...typedSection(d.inputs),
    '## OUTPUTS',
    '',
    ...typedSection(d.outputs),
    '## NOTES',
    '',
    d.notes ?? 'None.',
    '',
    '## RELATED LINKS',
    '',
    ...(links.length === 0 ? ['None.'] : links),
    '',
  ];
  return lines.join('\n');
}

/** Every command's page, by file name (`<Name>.md`), navigation in name order. */
export function renderDocPages(commands: readonly CommandMetadata[]): Map<string, string> {
  const sorted = [...commands].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const documented = sorted.map((m) => m.name);
  return new Map(sorted.map((m, i) => [`${m.name}.md`, renderDocPage(m, { navOrder: 100 + 10 * i, documented })]));
}
