// ConvertTo-Csv: objects to CSV lines (a header of the first object's properties, fields quoted).

import type { CommandDeclaration } from '../../params/metadata.js';
import type { PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { csvLines } from './csv.js';
import { inputItems } from './input.js';

export class ConvertToCsv extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(ConvertToCsv, () => ({
      name: 'ConvertTo-Csv',
      synopsis: 'Converts .NET objects into a series of character-separated value (CSV) strings.',
      description: 'Writes a header line and one line per object.',
      parameters: [
        { name: 'InputObject', type: 'object', position: 0, valueFromPipeline: true, help: 'The objects to convert.' },
        { name: 'Delimiter', type: 'string', position: 1, help: 'The field separator (a comma by default).' },
        { name: 'NoHeader', type: 'switch', help: 'Leaves the header line out.' },
      ],
      examples: [{ title: 'Objects to CSV', code: "[pscustomobject]@{ a = 1 } | ConvertTo-Csv", remarks: 'Writes "a" and "1".' }],
    }));
  }

  private readonly items: PsValue[] = [];

  async invoke(): Promise<void> {
    this.items.push(...inputItems(this));
  }

  override async endProcessing(): Promise<void> {
    for (const line of csvLines(this.items, this.string('Delimiter') ?? ',', this.switch('NoHeader'))) this.writeObject(line);
  }
}
