// What Get-Command writes for a cmdlet: plain data for `--json` (name, synopsis, syntax) and,
// for a person, a row of PowerShell's Get-Command table. The rows of one call share a table:
// its column width and whether the header is out yet, so the header comes once, above the first.
//
//   CommandType     Name                    Synopsis
//   -----------     ----                    --------
//   Cmdlet          Get-Command             Gets the kr commands.

import { displayLines, type SelfFormatting } from '../runtime/format.js';

export interface CommandInfoData {
  name: string;
  synopsis: string;
  syntax: string;
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

export class CommandInfo implements SelfFormatting {
  readonly #table: CommandTable;

  constructor(data: CommandInfoData, table: CommandTable) {
    Object.assign(this, data);
    this.#table = table;
  }

  toJSON(): CommandInfoData {
    return { ...this };
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
