// What Get-Command writes for a command: plain data for `--json` (name, synopsis, syntax and
// the whole parameter metadata: kr's definitions dump, `kr --json Get-Command`, read from the
// same declaration as the binder, help and completion) and, for a person, a row of
// PowerShell's Get-Command table (its table view; the default output draws the table).
//
//   CommandType     Name                    Synopsis
//   -----------     ----                    --------
//   Cmdlet          Get-Command             Gets the kr commands.

import { DOTNET_TYPE_NAMES, type CommandMetadata, type ConfirmImpact, type ParameterOrigin, type ParameterType } from '../params/metadata.js';
import { toJsonValue, type JsonValue } from '../params/values.js';
import { tableView, type DeclaresTableView, type TableViewDefinition } from '../runtime/out-default.js';
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
  /** Cmdlet (compiled) or Function (a script function): one metadata model, two origins. */
  commandType: 'Cmdlet' | 'Function';
  name: string;
  synopsis: string;
  syntax: string;
  aliases: string[];
  supportsShouldProcess: boolean;
  confirmImpact: ConfirmImpact;
  parameters: ParameterDefinition[];
}

export function commandInfoData(metadata: CommandMetadata, commandType: CommandInfoData['commandType'] = 'Cmdlet'): CommandInfoData {
  const { declaration } = metadata;
  return {
    commandType,
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

/** Get-Command's table: CommandType, Name and Synopsis, sized to the rows as PowerShell sizes a table. */
const COMMAND_VIEW: TableViewDefinition = {
  columns: [
    { label: 'CommandType', alignment: 'left', value: (c) => (c as CommandInfo).commandType },
    { label: 'Name', alignment: 'left', value: (c) => (c as CommandInfo).name },
    { label: 'Synopsis', alignment: 'left', value: (c) => (c as CommandInfo).synopsis },
  ],
};

// The class has exactly the data's fields (declaration merging): they are listed once, above.
export interface CommandInfo extends CommandInfoData {}

export class CommandInfo implements DeclaresTableView {
  constructor(data: CommandInfoData) {
    Object.assign(this, data);
  }

  toJSON(): CommandInfoData {
    return { ...this };
  }

  [tableView](): TableViewDefinition {
    return COMMAND_VIEW;
  }
}
