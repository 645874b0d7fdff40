// Export-Csv (epcsv): objects to a CSV file (a header of the first object's properties, every
// field quoted, as PowerShell 7 writes it); -Append adds rows without a second header.

import { appendFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandDeclaration } from '../../params/metadata.js';
import type { PsValue } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { csvLines } from './csv.js';

export class ExportCsv extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(ExportCsv, () => ({
      name: 'Export-Csv',
      aliases: ['epcsv'],
      synopsis: 'Converts objects into a series of CSV strings and saves the strings to a file.',
      description: 'Writes the objects to a CSV file.',
      parameters: [
        { name: 'Path', type: 'string', position: 0, mandatory: true, help: 'The file to write.' },
        { name: 'Delimiter', type: 'string', position: 1, help: 'The field separator (a comma by default).' },
        { name: 'Append', type: 'switch', help: 'Adds rows to an existing file.' },
        { name: 'NoTypeInformation', type: 'switch', help: 'Accepted for compatibility (kr writes no #TYPE line).' },
        { name: 'InputObject', type: 'object', valueFromPipeline: true, help: 'The objects to write.' },
      ],
      examples: [{ title: 'Save objects', code: "[pscustomobject]@{ Url = 'http://a/'; Scheme = 'Cookies' } | Export-Csv sessions.csv", remarks: 'Writes a header and one row.' }],
    }));
  }

  private readonly items: PsValue[] = [];

  async invoke(): Promise<void> {
    const value = this.pipelineObject !== undefined ? this.pipelineObject : this.value('InputObject');
    if (value !== undefined) this.items.push(value);
  }

  override async endProcessing(): Promise<void> {
    const path = resolve(this.context.cwd, this.string('Path') ?? '');
    const lines = csvLines(this.items, this.string('Delimiter') ?? ',', this.switch('Append'));
    const text = lines.map((l) => `${l}\n`).join('');
    if (this.switch('Append')) await appendFile(path, text, 'utf8');
    else await writeFile(path, text, 'utf8');
  }
}
