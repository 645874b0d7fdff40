// Out-String: the input objects as the text kr would show for them (PowerShell's Out-Default
// views: tables, lists, scalars as they are), one string with a newline after each line;
// -Stream: a string per line; -NoNewline: the lines joined with nothing between them.

import { KrError } from '../../params/errors.js';
import type { CommandDeclaration } from '../../params/metadata.js';
import type { PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { formatObjects } from '../../runtime/out-default.js';
import { inputItems } from './input.js';

export class OutString extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(OutString, () => ({
      name: 'Out-String',
      synopsis: 'Outputs input objects as a string.',
      description:
        'Formats the input objects as kr shows them (a table for objects with up to four properties, a list for more, strings as they are) and writes the text: one string ending in a newline, or with -Stream one string per line.',
      parameters: [
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to format.' },
        { name: 'Stream', type: 'switch', help: 'Writes each line as its own string.' },
        { name: 'Width', type: 'int', validateRange: [2, 2147483647], help: 'The number of characters in each line (tables are fitted to it); the screen width by default.' },
        { name: 'NoNewline', type: 'switch', help: 'Joins the lines without newlines between or after them.' },
      ],
      examples: [
        { title: 'Text of an object', code: "@{ a = 1 } | Out-String", remarks: 'Writes a Name/Value table as one string.' },
        { title: 'One string per line', code: "[pscustomobject]@{ Name = 'a'; N = 1 } | Out-String -Stream", remarks: 'Writes the blank line, the header, the dashes, the row and the closing blank line as separate strings.' },
      ],
    }));
  }

  private readonly items: PsValue[] = [];

  override async beginProcessing(): Promise<void> {
    if (this.switch('Stream') && this.switch('NoNewline')) {
      throw new KrError(
        'AmbiguousParameterSet',
        'Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.',
        { category: 'InvalidArgument', commandName: 'Out-String' },
      );
    }
  }

  async invoke(): Promise<void> {
    this.items.push(...inputItems(this));
  }

  override async endProcessing(): Promise<void> {
    const { screenWidth, ...settings } = this.formatting;
    const lines = formatObjects(this.items, settings, this.int('Width') ?? screenWidth);
    if (this.switch('Stream')) for (const line of lines.flatMap((l) => l.split(/\r?\n/))) this.writeObject(line);
    else if (this.switch('NoNewline')) this.writeObject(lines.join(''));
    else if (lines.length > 0) this.writeObject(lines.map((l) => `${l}\n`).join(''));
  }
}
