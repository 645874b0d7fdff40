// What Get-Command writes for a cmdlet: plain data for `--json` (name, synopsis, syntax and
// the whole parameter metadata: kr's definitions dump, `kr --json Get-Command`, read from the
// same declaration as the binder, help and completion) and, for a person, a row of
// PowerShell's Get-Command table. The rows of one call share a table:
// its column width and whether the header is out yet, so the header comes once, above the first.
//
//   CommandType     Name                    Synopsis
//   -----------     ----                    --------
//   Cmdlet          Get-Command             Gets the kr commands.

import { DOTNET_TYPE_NAMES, type CommandMetadata, type ConfirmImpact, type ParameterOrigin, type ParameterType } from '../params/metadata.js';
import { toJsonValue, type JsonValue } from '../params/values.js';
import { displayLines, FormattedData } from '../runtime/format.js';
import { syntaxLine } from '../runtime/help.js';

/** One parameter as the binder knows it (hidden, deprecated forms are left out, as in help). */
export interface ParameterDefinition {
  name: string;
  type: ParameterType;
  /** The .NET type PowerShell's messages name (`System.String`). */
  dotNetType: string;
  /** Zero-based; null = named only. */
  position: number | null;
  aliases: string[];
  mandatory: boolean;
  default: JsonValue;
  validateSet: string[] | null;
  validateRange: [number, number] | null;
  /** declared by the cmdlet, a common parameter, or added by ShouldProcess. */
  origin: ParameterOrigin;
  sensitive: boolean;
  help: string;
}

export interface CommandInfoData {
  name: string;
  synopsis: string;
  syntax: string;
  aliases: string[];
  supportsShouldProcess: boolean;
  confirmImpact: ConfirmImpact;
  parameters: ParameterDefinition[];
}

export function commandInfoData(metadata: CommandMetadata): CommandInfoData {
  const { declaration } = metadata;
  return {
    name: metadata.name,
    synopsis: declaration.synopsis,
    syntax: syntaxLine(metadata),
    aliases: [...(declaration.aliases ?? [])],
    supportsShouldProcess: metadata.supportsShouldProcess,
    confirmImpact: metadata.confirmImpact,
    parameters: metadata.parameters
      .filter((p) => p.dontShow !== true)
      .map((p) => ({
        name: p.name,
        type: p.type,
        dotNetType: DOTNET_TYPE_NAMES[p.type],
        position: p.position ?? null,
        aliases: [...(p.aliases ?? [])],
        mandatory: p.mandatory === true,
        default: toJsonValue(p.default),
        validateSet: p.validateSet ? [...p.validateSet] : null,
        validateRange: p.validateRange ? [p.validateRange[0], p.validateRange[1]] : null,
        origin: p.origin,
        sensitive: p.sensitive === true,
        help: p.help,
      })),
  };
}

export interface CommandTable {
  nameWidth: number;
  headerShown: boolean;
}

/** The table for a set of names: the Name column as wide as the longest (at least its header). */
export function commandTable(names: readonly string[]): CommandTable {
  return { nameWidth: Math.max(4, ...names.map((n) => n.length)), headerShown: false };
}

// The class has exactly the data's fields (declaration merging): they are listed once, above.
export interface CommandInfo extends CommandInfoData {}

export class CommandInfo extends FormattedData<CommandInfoData> {
  readonly #table: CommandTable;

  constructor(data: CommandInfoData, table: CommandTable) {
    super(data);
    this.#table = table;
  }

  [displayLines](): string[] {
    const table = this.#table;
    const row = (type: string, name: string, synopsis: string) => `${type.padEnd(15)} ${name.padEnd(table.nameWidth)} ${synopsis}`.trimEnd();
    const lines: string[] = [];
    if (!table.headerShown) {
      table.headerShown = true;
      lines.push('', row('CommandType', 'Name', 'Synopsis'), row('-----------', '----', '--------'));
    }
    lines.push(row('Cmdlet', this.name, this.synopsis));
    return lines;
  }
}
