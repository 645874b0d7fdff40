// ConvertFrom-Csv: CSV text (piped lines or one string) to objects, one per row.

import type { CommandDeclaration } from '../../params/metadata.js';
import { psToString } from '../../params/values.js';
import { Cmdlet, lazyDeclaration } from '../../runtime/cmdlet.js';
import { csvObjects } from './csv.js';

export class ConvertFromCsv extends Cmdlet {
  /** Built on first use: a plain sign-out never reads a core cmdlet's declaration. */
  static override get declaration(): CommandDeclaration {
    return lazyDeclaration(ConvertFromCsv, () => ({
      name: 'ConvertFrom-Csv',
      synopsis: 'Converts object properties in comma-separated value (CSV) format into CSV versions of the original objects.',
      description: 'Reads CSV text; the first row names the properties (or -Header does).',
      parameters: [
        { name: 'InputObject', type: 'object', position: 0, mandatory: true, valueFromPipeline: true, help: 'The CSV text.' },
        { name: 'Delimiter', type: 'string', position: 1, help: 'The field separator (a comma by default).' },
        { name: 'Header', type: 'string[]', help: 'Property names, when the text has no header row.' },
      ],
      examples: [{ title: 'Rows to objects', code: `"Url,Scheme", "http://a/,Cookies" | ConvertFrom-Csv`, remarks: 'Writes one object with Url and Scheme.' }],
    }));
  }

  private readonly lines: string[] = [];

  async invoke(): Promise<void> {
    const value = this.pipelineObject !== undefined ? this.pipelineObject : this.value('InputObject');
    for (const line of Array.isArray(value) ? value : [value ?? null]) this.lines.push(psToString(line));
  }

  override async endProcessing(): Promise<void> {
    const header = this.stringArray('Header');
    for (const object of csvObjects(this.lines.join('\n'), this.string('Delimiter') ?? ',', header)) this.writeObject(object);
  }
}
